import type { User } from '@gongzhi/contract/identity';
import { Alert, App, Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useResetPassword } from '../api/use-accounts.ts';
import { PasswordFields } from './password-fields.tsx';

/** 重置密码 for a forgotten password; the account's open sessions end on the server. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const reset = useResetPassword();

  useEffect(() => {
    if (!user) return;
    setFormError(null);
    form.resetFields();
  }, [user, form]);

  const handleFinish = async (values: { password: string }) => {
    if (!user) return;
    setFormError(null);
    try {
      await reset.mutateAsync({ id: user.id, password: values.password });
      void message.success(t('accounts.resetDone', { name: user.displayName }));
      onClose();
    } catch (error) {
      setFormError(applyApiErrors(form, error, ['password', 'confirm']));
    }
  };

  return (
    <Modal
      open={Boolean(user)}
      title={t('accounts.resetTitle', { name: user?.displayName ?? '', username: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('accounts.save')}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('accounts.resetHint')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={handleFinish} requiredMark="optional">
        <PasswordFields />
      </Form>
    </Modal>
  );
}
