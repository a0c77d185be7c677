import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import { useRevealResidentField } from '../api/use-reveal-resident-field.ts';

/**
 * A masked ID number or phone with a "查看完整号码" button: the user states a reason (5–200 characters, audited)
 * and sees the full value once, inside the dialog; closing it forgets the value.
 */
export function RevealField({
  residentId,
  field,
  masked,
}: {
  residentId: string;
  field: 'idNumber' | 'phone';
  masked: string | null;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [form] = Form.useForm<{ reason: string }>();
  const [isOpen, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const reveal = useRevealResidentField();
  const value = reveal.data?.value;

  const close = () => {
    setOpen(false);
    setFormError(null);
    reveal.reset();
  };
  const handleOk = async () => {
    if (reveal.isSuccess) return close();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { reason } = values;
    reveal.mutate(
      { id: residentId, field, reason },
      { onError: (error) => setFormError(applyApiErrors(form, error, ['reason'])) },
    );
  };

  if (!masked) return <span className="gz-muted">—</span>;
  return (
    <Flex align="center" gap={4} wrap>
      <span className="gz-mono">{masked}</span>
      {can('registry.reveal') && (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setOpen(true)}
          style={{ paddingInline: 4 }}
        >
          {t('people.reveal')}
        </Button>
      )}
      <Modal
        title={field === 'idNumber' ? t('people.revealIdTitle') : t('people.revealPhoneTitle')}
        open={isOpen}
        onCancel={close}
        onOk={() => void handleOk()}
        okText={reveal.isSuccess ? t('common.close') : t('people.revealConfirm')}
        cancelButtonProps={{ style: reveal.isSuccess ? { display: 'none' } : undefined }}
        confirmLoading={reveal.isPending}
        destroyOnHidden
      >
        {reveal.isSuccess ? (
          <Flex vertical gap={12} align="center" style={{ padding: '12px 0' }}>
            <Typography.Text
              copyable={value ? { text: value } : false}
              className="gz-mono"
              style={{ fontSize: 22, letterSpacing: 1 }}
            >
              {value ?? t('people.noValue')}
            </Typography.Text>
            <Typography.Text type="secondary">{t('people.revealOnce')}</Typography.Text>
          </Flex>
        ) : (
          <Form form={form} layout="vertical" preserve={false}>
            <Alert type="warning" showIcon title={t('people.revealWarning')} style={{ marginBottom: 16 }} />
            {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
            <Form.Item
              name="reason"
              label={t('people.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('people.revealReasonRequired') },
                { min: 5, max: 200, message: t('people.revealReasonLength') },
              ]}
            >
              <Input.TextArea
                rows={3}
                showCount
                maxLength={200}
                placeholder={t('people.revealReasonPlaceholder')}
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Flex>
  );
}
