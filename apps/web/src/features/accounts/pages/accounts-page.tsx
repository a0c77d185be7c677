import { PlusOutlined } from '@ant-design/icons';
import type { AccountKind, User } from '@gongzhi/contract/identity';
import { Button, Card, Flex, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { ErrorState } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useAccounts } from '../api/use-accounts.ts';
import { CreateAccountModal } from '../components/create-account-modal.tsx';
import { ResetPasswordModal } from '../components/reset-password-modal.tsx';

const KIND_COLORS: Record<AccountKind, string> = { staff: 'blue', resident: 'green', external: 'orange' };

/** 账号: the logins of this district; administrators create them and reset forgotten passwords. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const isManager = can('organisation.manage');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const accounts = useAccounts(q);
  const [isCreating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);

  return (
    <div className="gz-page">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        extra={
          isManager && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('accounts.create')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('accounts.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            maxLength={50}
            style={{ width: 260 }}
          />
        </Flex>
        {accounts.error ? (
          <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            loading={accounts.isFetching}
            dataSource={accounts.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('accounts.username'), dataIndex: 'username', className: 'gz-mono' },
              { title: t('accounts.displayName'), dataIndex: 'displayName' },
              {
                title: t('accounts.kindLabel'),
                dataIndex: 'kind',
                render: (kind: AccountKind) => (
                  <Tag color={KIND_COLORS[kind]} bordered={false}>
                    {t(`accounts.kind.${kind}`)}
                  </Tag>
                ),
              },
              {
                title: t('accounts.resident'),
                dataIndex: 'resident',
                render: (resident: User['resident']) =>
                  resident ? (
                    <Link to={`/residents/${resident.id}`}>
                      {resident.name}（{t('accounts.householdNo', { no: resident.householdNo })}）
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('accounts.createdAt'),
                dataIndex: 'createdAt',
                render: (value: string) => formatDateTime(value),
              },
              ...(isManager
                ? [
                    {
                      title: t('accounts.actions'),
                      key: 'actions',
                      render: (_: unknown, user: User) => (
                        <Button type="link" size="small" onClick={() => setResetting(user)}>
                          {t('accounts.reset')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <CreateAccountModal open={isCreating} onClose={() => setCreating(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
