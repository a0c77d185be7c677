import {
  CheckCircleFilled,
  DatabaseOutlined,
  EnvironmentOutlined,
  LoadingOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import type { Division } from '@gongzhi/contract/setup';
import { Alert, App, Button, Descriptions, Divider, Flex, Form, Input, List, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { EmptyState, ErrorState, FullPageSpinner } from '../../../components/ui/query-state.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { AuthShell } from '../../auth/components/auth-shell.tsx';
import { useCompleteSetup } from '../api/use-complete-setup.ts';
import { useLoadDemo } from '../api/use-load-demo.ts';
import { useSearchDivisions } from '../api/use-search-divisions.ts';
import { useSetupStatus } from '../api/use-setup-status.ts';

interface AdminValues {
  username: string;
  displayName: string;
  password: string;
  passwordAgain: string;
}

const ADMIN_FIELDS = ['username', 'displayName', 'password'] as const;

function DemoButton() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const loadDemo = useLoadDemo();
  const { login } = useSession();
  const navigate = useNavigate();
  const handleClick = () =>
    loadDemo.mutate(undefined, {
      onSuccess: (demo) => {
        modal.success({
          title: t('setup.demoLoaded'),
          content: (
            <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('auth.username')}>
                <Typography.Text copyable className="gz-mono">
                  {demo.username}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('auth.password')}>
                <Typography.Text copyable className="gz-mono">
                  {demo.password}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
          okText: t('setup.loginAsDemo'),
          onOk: () =>
            login.mutateAsync(demo).then(
              () => navigate('/', { replace: true }),
              () => navigate(`/login?username=${encodeURIComponent(demo.username)}`, { replace: true }),
            ),
        });
      },
    });
  return (
    <Flex vertical gap={8}>
      {loadDemo.error && <Alert type="error" showIcon title={loadDemo.error.message} />}
      <Button block icon={<DatabaseOutlined />} loading={loadDemo.isPending} onClick={handleClick}>
        {loadDemo.isPending ? t('setup.demoLoading') : t('setup.loadDemo')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        {t('setup.demoHint')}
      </Typography.Text>
    </Flex>
  );
}

function DivisionPicker({
  value,
  onChange,
  isReady,
}: {
  value: Division | null;
  onChange: (d: Division) => void;
  isReady: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const search = useSearchDivisions(q, isReady);
  const items = search.data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      <Input
        size="large"
        allowClear
        autoFocus
        prefix={<SearchOutlined />}
        suffix={search.isFetching ? <LoadingOutlined /> : null}
        placeholder={t('setup.communitySearchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        disabled={!isReady}
        maxLength={30}
      />
      {search.error && <Alert type="error" showIcon title={search.error.message} />}
      {q.trim() && !search.isLoading && items.length === 0 && !search.error ? (
        <EmptyState description={t('setup.noDivision')} />
      ) : (
        items.length > 0 && (
          <List
            bordered
            size="small"
            style={{ maxHeight: 320, overflow: 'auto', background: '#fff' }}
            dataSource={items}
            renderItem={(d) => {
              const isSelected = value?.code === d.code;
              return (
                <List.Item
                  className="gz-clickable"
                  onClick={() => onChange(d)}
                  style={{ background: isSelected ? '#fdf1ef' : undefined }}
                  extra={isSelected ? <CheckCircleFilled style={{ color: '#c0392b', fontSize: 18 }} /> : null}
                >
                  <List.Item.Meta
                    avatar={<EnvironmentOutlined style={{ fontSize: 18, color: '#8c8c8c', marginTop: 4 }} />}
                    title={d.name}
                    description={
                      <Flex vertical gap={2}>
                        <span>{d.fullName}</span>
                        <span className="gz-mono" style={{ fontSize: 12 }}>
                          {d.code}
                        </span>
                      </Flex>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )
      )}
    </Flex>
  );
}

/** First-run setup: the administrator account, then the community this installation serves (or the demo data). */
export default function SetupPage() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [form] = Form.useForm<AdminValues>();
  const [admin, setAdmin] = useState<AdminValues | null>(null);
  const [community, setCommunity] = useState<Division | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const complete = useCompleteSetup();
  const { modal } = App.useApp();

  if (status.isLoading) return <FullPageSpinner />;
  if (status.error) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data?.isSetupDone && !complete.isSuccess) return <Navigate to="/login" replace />;
  const isReady = status.data?.divisionsReady ?? false;

  const handleConfirm = () => {
    if (!admin || !community) return;
    modal.confirm({
      title: t('setup.confirmTitle'),
      content: t('setup.confirmBody', { name: community.fullName }),
      okText: t('setup.finish'),
      onOk: () =>
        complete
          .mutateAsync({
            username: admin.username,
            displayName: admin.displayName,
            password: admin.password,
            communityCode: community.code,
          })
          .then(
            () => navigate('/territory', { replace: true }),
            (error: unknown) => {
              const fields = isApiError(error) ? Object.keys(error.fields) : [];
              if (fields.some((f) => (ADMIN_FIELDS as readonly string[]).includes(f))) {
                setStep(0);
                // The form mounts again on step 0; errors are applied once it is there.
                setTimeout(() => setFormError(applyApiErrors(form, error, ADMIN_FIELDS)));
              } else {
                setFormError(isApiError(error) ? error.message : String(error));
              }
            },
          ),
    });
  };

  return (
    <AuthShell width={560} subtitle={t('setup.subtitle')}>
      <Steps
        current={step}
        size="small"
        responsive={false}
        style={{ marginBottom: 24 }}
        items={[{ title: t('setup.stepAdmin') }, { title: t('setup.stepCommunity') }]}
      />
      {formError && (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setFormError(null) }}
        />
      )}
      {step === 0 && (
        <Form<AdminValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={admin ?? undefined}
          onFinish={(values) => {
            setAdmin(values);
            setFormError(null);
            setStep(1);
          }}
        >
          <Form.Item
            name="username"
            label={t('setup.username')}
            extra={t('setup.usernameHint')}
            rules={[
              { required: true, message: t('auth.usernameRequired') },
              { pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('setup.usernameRule') },
            ]}
          >
            <Input autoComplete="username" autoCapitalize="off" maxLength={64} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('setup.displayName')}
            rules={[{ required: true, whitespace: true, message: t('setup.displayNameRequired') }]}
          >
            <Input maxLength={50} placeholder={t('setup.displayNamePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[
              { required: true, message: t('auth.passwordRequired') },
              { min: 8, message: t('setup.passwordRule') },
            ]}
            hasFeedback
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
          <Form.Item
            name="passwordAgain"
            label={t('setup.passwordAgain')}
            dependencies={['password']}
            hasFeedback
            rules={[
              { required: true, message: t('setup.passwordAgainRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('password') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('setup.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large">
            {t('common.next')}
          </Button>
          <Divider plain>
            <span className="gz-muted">{t('setup.or')}</span>
          </Divider>
          <DemoButton />
        </Form>
      )}
      {step === 1 && (
        <Flex vertical gap={16}>
          {!isReady && (
            <Alert
              type="info"
              showIcon
              icon={<LoadingOutlined />}
              title={t('setup.divisionsLoading')}
              description={t('setup.divisionsLoadingHint')}
              action={
                <Button size="small" onClick={() => void status.refetch()}>
                  {t('common.retry')}
                </Button>
              }
            />
          )}
          <Typography.Text type="secondary">{t('setup.communityHint')}</Typography.Text>
          <DivisionPicker value={community} onChange={setCommunity} isReady={isReady} />
          {community && (
            <Descriptions bordered size="small" column={1} title={t('setup.selected')}>
              <Descriptions.Item label={t('setup.communityName')}>{community.name}</Descriptions.Item>
              <Descriptions.Item label={t('setup.fullName')}>{community.fullName}</Descriptions.Item>
              <Descriptions.Item label={t('setup.code')}>
                <span className="gz-mono">{community.code}</span>
              </Descriptions.Item>
            </Descriptions>
          )}
          <Flex gap={12}>
            <Button size="large" onClick={() => setStep(0)}>
              {t('common.previous')}
            </Button>
            <Button
              type="primary"
              size="large"
              style={{ flex: 1 }}
              disabled={!community}
              loading={complete.isPending}
              onClick={handleConfirm}
            >
              {t('setup.finish')}
            </Button>
          </Flex>
        </Flex>
      )}
    </AuthShell>
  );
}
