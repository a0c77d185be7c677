import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** New password with its confirmation; the names are `password` and `confirm` as the API names the first. */
export function PasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="password"
        label={t('accounts.password')}
        rules={[
          { required: true, message: t('accounts.passwordRequired') },
          { min: 8, message: t('accounts.passwordMin') },
          { max: 128, message: t('accounts.passwordMax') },
        ]}
        hasFeedback
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('accounts.confirm')}
        dependencies={['password']}
        hasFeedback
        rules={[
          { required: true, message: t('accounts.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('accounts.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
    </>
  );
}
