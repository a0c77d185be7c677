import { PlusOutlined } from '@ant-design/icons';
import { OPEN311_BASE_PATH, type Open311ApiKey } from '@gongzhi/contract/open311';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { errorMessage, QueryState } from '../../../components/ui/query-state.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useCreateOpen311Key, useOpen311Keys, useRevokeOpen311Key } from '../api/use-open311-keys.ts';

/** 12345 对接: the API keys the hotline's systems use with the Open311 endpoints. */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const keys = useOpen311Keys();
  const [isCreating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const base = `${window.location.origin}${OPEN311_BASE_PATH}/`;

  return (
    <div className="gz-page">
      <PageHeader
        title={t('open311.title')}
        subtitle={t('open311.subtitle', { base })}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('open311.create')}
          </Button>
        }
      />
      <Card>
        <QueryState query={keys}>{(data) => <KeysTable items={data.items} />}</QueryState>
      </Card>
      {isCreating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
          }}
        />
      )}
      <Modal
        open={secret !== null}
        title={t('open311.secretTitle')}
        onCancel={() => setSecret(null)}
        onOk={() => setSecret(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={t('open311.secretHint')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="open311-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}

function KeysTable({ items }: { items: Open311ApiKey[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revoke = useRevokeOpen311Key();
  return (
    <Table<Open311ApiKey>
      rowKey="id"
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('open311.empty') }}
      scroll={{ x: 720 }}
      columns={[
        { title: t('open311.name'), dataIndex: 'name' },
        { title: t('open311.key'), dataIndex: 'maskedKey', render: (v: string) => <code>{v}</code> },
        { title: t('open311.createdBy'), dataIndex: 'createdByName' },
        { title: t('open311.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
        {
          title: t('open311.status'),
          dataIndex: 'revokedAt',
          render: (at: string | null) =>
            at ? (
              <Tag>{t('open311.revoked', { at: formatDateTime(at) })}</Tag>
            ) : (
              <Tag color="green">{t('open311.active')}</Tag>
            ),
        },
        {
          key: 'actions',
          render: (_: unknown, key) =>
            !key.revokedAt && (
              <Popconfirm
                title={t('open311.revokeConfirm', { name: key.name })}
                onConfirm={() =>
                  revoke.mutate(key.id, {
                    onSuccess: () => message.success(t('open311.revokedDone')),
                    onError: (error) => message.error(errorMessage(error)),
                  })
                }
              >
                <Button danger size="small">
                  {t('open311.revoke')}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}

function CreateKeyDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateOpen311Key();
  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    create.mutate(values.name.trim(), {
      onSuccess: (key) => onCreated(key.secret),
      onError: (error) => setFormError(applyApiErrors(form, error, ['name'])),
    });
  };
  return (
    <Modal
      open
      title={t('open311.create')}
      onCancel={onClose}
      onOk={() => void handleOk()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('open311.name')}
          rules={[{ required: true, whitespace: true, message: t('open311.namePlaceholder') }]}
        >
          <Input maxLength={40} placeholder={t('open311.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
