import { DownloadOutlined, EyeInvisibleOutlined, UnlockOutlined } from '@ant-design/icons';
import { exportChiefs, exportResidents, type LedgerKind } from '@gongzhi/contract/ledgers';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Modal, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/session.ts';
import { postAndDownload } from '../api/download.ts';
import { useDefaultCommunity } from '../api/use-imports.ts';

const EXPORTS = { residents: exportResidents, chiefs: exportChiefs } as const;

function UnmaskedModal({
  kind,
  nodeId,
  onClose,
}: {
  kind: LedgerKind | null;
  nodeId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useSession();
  const [form] = Form.useForm<{ reason: string }>();
  const [isSending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const handleFinish = async ({ reason }: { reason: string }) => {
    if (!kind || !session) return;
    setSending(true);
    setProblem(null);
    try {
      await postAndDownload(
        EXPORTS[kind].unmasked.path,
        { nodeId, unmasked: true, reason: reason.trim() },
        session.csrfToken,
        `${t(`ledgers.kind.${kind}`)}.xlsx`,
      );
      message.success(t('ledgers.export.unmaskedDone'));
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open={kind !== null}
      title={t('ledgers.export.unmaskedTitle', { kind: kind ? t(`ledgers.kind.${kind}`) : '' })}
      okText={t('ledgers.export.unmaskedOk')}
      okButtonProps={{ danger: true }}
      confirmLoading={isSending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('ledgers.export.auditWarning')} style={{ marginBottom: 16 }} />
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={handleFinish}>
        <Form.Item
          name="reason"
          label={t('ledgers.export.reason')}
          rules={[
            { required: true, whitespace: true, message: t('ledgers.export.reasonRequired') },
            { min: 5, message: t('ledgers.export.reasonMin') },
            { max: 200, message: t('ledgers.export.reasonMax') },
          ]}
        >
          <Input.TextArea
            showCount
            maxLength={200}
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder={t('ledgers.export.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 台账导出: masked by default; unmasked only with a reason, written to the audit log. */
export default function ExportPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const fallback = useDefaultCommunity();
  const [picked, setPicked] = useState<string | undefined>();
  const [unmaskedKind, setUnmaskedKind] = useState<LedgerKind | null>(null);
  const nodeId = picked ?? fallback.data?.id;
  const canReveal = can('registry.reveal');
  return (
    <div className="gz-page">
      <PageHeader title={t('ledgers.export.title')} subtitle={t('ledgers.export.subtitle')} />
      <Card size="small">
        <Flex align="center" gap={8} wrap>
          <span className="gz-muted">{t('ledgers.export.scope')}</span>
          <TerritoryNodeSelect
            value={nodeId}
            onChange={setPicked}
            allowClear={false}
            style={{ width: 320 }}
          />
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        {(['residents', 'chiefs'] as const).map((kind) => (
          <Col key={kind} xs={24} md={12}>
            <Card title={t(`ledgers.kind.${kind}`)} size="small">
              <Typography.Paragraph type="secondary">{t(`ledgers.export.hint.${kind}`)}</Typography.Paragraph>
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  icon={<EyeInvisibleOutlined />}
                  disabled={!nodeId}
                  href={nodeId ? downloadUrl(EXPORTS[kind].masked, { query: { nodeId } }) : undefined}
                  download
                >
                  {t('ledgers.export.masked')}
                </Button>
                {canReveal && (
                  <Button icon={<UnlockOutlined />} disabled={!nodeId} onClick={() => setUnmaskedKind(kind)}>
                    {t('ledgers.export.unmasked')}
                  </Button>
                )}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      {nodeId && <UnmaskedModal kind={unmaskedKind} nodeId={nodeId} onClose={() => setUnmaskedKind(null)} />}
      <Typography.Text type="secondary">
        <DownloadOutlined /> {t('ledgers.export.footer')}
      </Typography.Text>
    </div>
  );
}
