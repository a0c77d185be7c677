import type { AccountKind } from '@gongzhi/contract/identity';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useCreateAccount } from '../api/use-accounts.ts';
import { PasswordFields } from './password-fields.tsx';
import { ResidentSelect } from './resident-select.tsx';

interface Values {
  kind: AccountKind;
  residentId?: string;
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

const FIELDS = ['kind', 'residentId', 'username', 'displayName', 'password', 'confirm'] as const;
const KINDS: AccountKind[] = ['staff', 'resident', 'external'];

/** 新建账号: staff and external handlers differ only in what is done next; a resident account links the registry. */
export function CreateAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateAccount();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue({ kind: 'staff' });
  }, [open, form]);

  const handleFinish = async (values: Values) => {
    setFormError(null);
    try {
      await create.mutateAsync({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        ...(values.kind === 'resident' && values.residentId ? { residentId: values.residentId } : {}),
      });
      onClose();
    } catch (error) {
      setFormError(applyApiErrors(form, error, FIELDS));
    }
  };

  return (
    <Modal
      open={open}
      title={t('accounts.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('accounts.save')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={560}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={handleFinish} requiredMark="optional">
        <Form.Item
          name="kind"
          label={t('accounts.kindLabel')}
          extra={kind ? t(`accounts.kindHint.${kind}`) : null}
        >
          <Radio.Group
            optionType="button"
            options={KINDS.map((k) => ({ value: k, label: t(`accounts.kindOption.${k}`) }))}
          />
        </Form.Item>
        {kind === 'resident' && (
          <Form.Item
            name="residentId"
            label={t('accounts.resident')}
            rules={[{ required: true, message: t('accounts.residentRequired') }]}
          >
            <ResidentSelect
              onPick={(r) => {
                if (!form.getFieldValue('displayName')) form.setFieldsValue({ displayName: r.name });
              }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="username"
          label={t('accounts.username')}
          extra={t('accounts.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.usernameRequired') },
            { pattern: /^\s*[A-Za-z0-9_.@-]{2,64}\s*$/, message: t('accounts.usernameInvalid') },
          ]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('accounts.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.displayNameRequired') },
            { max: 50, message: t('accounts.displayNameMax') },
          ]}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <PasswordFields />
      </Form>
    </Modal>
  );
}
