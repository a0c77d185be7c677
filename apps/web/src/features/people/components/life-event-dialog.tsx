import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday, isAfterBusinessToday } from '../../../lib/business-day.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useMoveOutResident } from '../api/use-move-out-resident.ts';
import { useRecordDeath } from '../api/use-record-death.ts';

/** 迁出 or 登记死亡 for one resident: the event date and a note; the record stays, its status changes. */
export function LifeEventDialog({
  kind,
  resident,
  onClose,
}: {
  kind: 'move_out' | 'death';
  resident: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ occurredOn: Dayjs; note?: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const moveOut = useMoveOutResident();
  const death = useRecordDeath();
  const mutation = kind === 'move_out' ? moveOut : death;

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    mutation.mutate(
      {
        id: resident.id,
        occurredOn: values.occurredOn.format('YYYY-MM-DD'),
        note: values.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(
            kind === 'move_out'
              ? t('people.movedOut', { name: resident.name })
              : t('people.deathRecorded', { name: resident.name }),
          );
          onClose();
        },
        onError: (error) => setFormError(applyApiErrors(form, error, ['occurredOn', 'note'])),
      },
    );
  };

  return (
    <Modal
      open
      title={
        kind === 'move_out'
          ? t('people.moveOutTitle', { name: resident.name })
          : t('people.deathTitle', { name: resident.name })
      }
      onCancel={onClose}
      onOk={() => void handleOk()}
      okText={t('common.confirm')}
      okButtonProps={{ danger: kind === 'death' }}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ occurredOn: businessToday() }}>
        <Form.Item
          name="occurredOn"
          label={kind === 'move_out' ? t('people.moveOutDate') : t('people.deathDate')}
          rules={[{ required: true, message: t('people.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isAfterBusinessToday} />
        </Form.Item>
        <Form.Item name="note" label={t('people.note')}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={kind === 'move_out' ? t('people.moveOutNotePlaceholder') : undefined}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
