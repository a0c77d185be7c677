import type { OutboxMessage } from '@gongzhi/contract/notifications';
import { Alert, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useDevOutbox } from '../api/use-notifications.ts';

type Status = OutboxMessage['status'];
const STATUS_COLORS: Record<Status, string> = { pending: 'gold', sent: 'green', failed: 'red' };

/** 开发发件箱: what the system would text or send on WeChat, for administrators checking notifications. */
export default function OutboxPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | undefined>();
  const query = useDevOutbox(status);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="gz-page">
      <PageHeader
        title={t('notifications.outbox.title')}
        subtitle={t('notifications.outbox.subtitle')}
        crumbs={[
          { title: t('nav.notifications'), to: '/notifications' },
          { title: t('notifications.outbox.title') },
        ]}
      />
      <Alert type="info" showIcon title={t('notifications.outbox.devNotice')} />
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ padding: 12 }}>
          <Select
            allowClear
            placeholder={t('notifications.outbox.anyStatus')}
            value={status}
            onChange={setStatus}
            options={(['pending', 'sent', 'failed'] as const).map((s) => ({
              value: s,
              label: t(`notifications.outbox.statuses.${s}`),
            }))}
            style={{ width: 160 }}
          />
        </div>
        {query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<OutboxMessage>
            rowKey="id"
            size="middle"
            loading={query.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState /> }}
            columns={[
              {
                title: t('notifications.outbox.at'),
                dataIndex: 'createdAt',
                width: 150,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: t('notifications.outbox.channel'),
                dataIndex: 'channel',
                width: 80,
                render: (v: string) => t(`notifications.outbox.channels.${v}`),
              },
              {
                title: t('notifications.outbox.recipient'),
                width: 160,
                render: (_, m) => (
                  <Flex vertical>
                    <span>{m.recipientName}</span>
                    <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }}>
                      {m.recipientMasked}
                    </Typography.Text>
                  </Flex>
                ),
              },
              { title: t('notifications.outbox.body'), dataIndex: 'body' },
              {
                title: t('notifications.outbox.status'),
                width: 150,
                render: (_, m) => (
                  <Flex vertical gap={2}>
                    <Tag color={STATUS_COLORS[m.status]} bordered={false} style={{ width: 'fit-content' }}>
                      {t(`notifications.outbox.statuses.${m.status}`)}
                    </Tag>
                    {m.deliveredVia && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`notifications.outbox.via.${m.deliveredVia}`, { defaultValue: m.deliveredVia })}
                      </Typography.Text>
                    )}
                    {m.error && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {m.error}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              { title: t('notifications.outbox.attempts'), dataIndex: 'attempts', width: 90 },
              {
                title: t('notifications.outbox.sentAt'),
                dataIndex: 'sentAt',
                width: 150,
                render: (v: string | null) => formatDateTime(v),
              },
            ]}
          />
        )}
        <LoadMore
          hasMore={query.hasNextPage}
          isLoading={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          count={items.length}
        />
      </Card>
    </div>
  );
}
