import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { getSetupStatus } from '@gongzhi/contract/setup';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FullPageSpinner } from '../../../components/ui/query-state.tsx';
import { call } from '../../../lib/api-client.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import { AuthShell } from '../components/auth-shell.tsx';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { session, isLoading, login } = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const setup = useQuery({ queryKey: ['setup', 'status'], queryFn: () => call(getSetupStatus) });

  if (isLoading || setup.isLoading) return <FullPageSpinner />;
  if (session) return <Navigate to={safeNext(params.get('next'))} replace />;
  if (setup.data && !setup.data.isSetupDone) return <Navigate to="/setup" replace />;

  const handleFinish = (values: LoginValues) => {
    setFormError(null);
    login.mutate(values, {
      onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
      onError: (error) => setFormError(applyApiErrors(form, error, ['username', 'password'])),
    });
  };

  return (
    <AuthShell>
      <Form<LoginValues>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={handleFinish}
        initialValues={{ username: params.get('username') ?? '' }}
      >
        {formError && <Alert type="error" title={formError} showIcon style={{ marginBottom: 16 }} />}
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, message: t('auth.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} style={{ marginTop: 8 }}>
          {t('auth.login')}
        </Button>
      </Form>
    </AuthShell>
  );
}
