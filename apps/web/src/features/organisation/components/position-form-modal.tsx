import { type Position, PositionIdentitySchema, PositionKindSchema } from '@gongzhi/contract/organisation';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useCreatePosition, useUpdatePosition, useUsers } from '../api/use-positions.ts';

interface Values {
  nodeId: string;
  kind: Position['kind'];
  holderName: string;
  identity?: string | null;
  phone?: string;
  origin: Position['origin'];
  validFrom?: Dayjs;
  holderUserId?: string | null;
  note?: string;
}

const FIELDS = [
  'nodeId',
  'kind',
  'holderName',
  'identity',
  'phone',
  'origin',
  'validFrom',
  'holderUserId',
  'note',
] as const;

/** Creates a position at a node, or edits one; a login account can be granted the position's permissions. */
export function PositionFormModal({
  open,
  onClose,
  position,
  nodeId,
  kind,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  /** Editing when given. */
  position?: Position | null;
  nodeId?: string;
  kind?: Position['kind'];
  onSaved?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [userSearch, setUserSearch] = useState('');
  const users = useUsers(useDebounced(userSearch));
  const create = useCreatePosition();
  const update = useUpdatePosition();
  const isEdit = Boolean(position);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(
      position
        ? {
            holderName: position.holderName,
            identity: position.identity,
            origin: position.origin,
            validFrom: dayjs(position.validFrom),
            holderUserId: position.holderUserId,
            note: position.note ?? undefined,
          }
        : { nodeId, kind: kind ?? 'neighbour_chief', origin: 'appointed' },
    );
  }, [open, position, nodeId, kind, form]);

  const handleFinish = async (values: Values) => {
    setFormError(null);
    const common = {
      holderName: values.holderName,
      identity: (values.identity ?? null) as never,
      phone: values.phone?.trim() ? values.phone.trim() : undefined,
      origin: values.origin,
      validFrom: values.validFrom?.format('YYYY-MM-DD'),
      holderUserId: values.holderUserId ?? null,
      note: values.note?.trim() ? values.note.trim() : null,
    };
    try {
      const saved = position
        ? await update.mutateAsync({ id: position.id, body: common })
        : await create.mutateAsync({ ...common, nodeId: values.nodeId, kind: values.kind });
      onSaved?.(saved.id);
      onClose();
    } catch (error) {
      setFormError(applyApiErrors(form, error, FIELDS));
    }
  };

  return (
    <Modal
      open={open}
      title={isEdit ? t('org.positions.edit') : t('org.positions.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={560}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={handleFinish} requiredMark="optional">
        {!isEdit && (
          <>
            <Form.Item
              name="nodeId"
              label={t('org.positions.node')}
              rules={[{ required: true, message: t('org.positions.nodeRequired') }]}
            >
              <TerritoryNodeSelect allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="kind" label={t('org.positions.kind')} rules={[{ required: true }]}>
              <Select
                options={PositionKindSchema.options.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="holderName"
          label={t('org.positions.holderName')}
          rules={[
            { required: true, whitespace: true, message: t('org.positions.holderRequired') },
            { max: 50 },
          ]}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name="identity" label={t('org.positions.identity')}>
          <Select allowClear options={PositionIdentitySchema.options.map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('org.positions.phone')}
          extra={isEdit ? t('org.positions.phoneKeep') : undefined}
          rules={[{ pattern: /^[0-9+\- ]{0,20}$/, message: t('org.positions.phoneInvalid') }]}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="origin" label={t('org.positions.origin')}>
          <Radio.Group
            options={(['elected', 'self_nominated', 'appointed'] as const).map((o) => ({
              value: o,
              label: t(`org.origin.${o}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="validFrom" label={t('org.positions.validFrom')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="holderUserId" label={t('org.positions.user')} extra={t('org.positions.userHint')}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setUserSearch }}
            loading={users.isLoading}
            options={(users.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName}（${u.username}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('org.positions.note')}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
