import type { Notification } from '@gongzhi/contract/notifications';
import { App, Badge, Button, Card, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, ErrorState, errorMessage, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useInbox, useMarkAllRead, useMarkRead } from '../api/use-notifications.ts';
import { isSystemAdmin } from '../lib.ts';

function Item({ n, onOpen, onRead }: { n: Notification; onOpen: () => void; onRead: () => void }) {
  const { t } = useTranslation();
  const isUnread = n.readAt === null;
  return (
    <Flex
      gap={12}
      align="flex-start"
      style={{
        padding: '12px 16px',
        borderBottom: '1px solid #f0f0f0',
        background: isUnread ? '#fffbf5' : undefined,
      }}
    >
      <Badge status={isUnread ? 'error' : 'default'} style={{ marginTop: 6 }} />
      <Flex vertical style={{ flex: 1, minWidth: 0 }} gap={2}>
        <Typography.Text strong={isUnread}>{n.title}</Typography.Text>
        {n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(n.createdAt)}
        </Typography.Text>
      </Flex>
      <Flex gap={4} wrap justify="flex-end">
        {n.link && (
          <Button size="small" type="link" onClick={onOpen}>
            {t('notifications.open')}
          </Button>
        )}
        {isUnread && (
          <Button size="small" type="text" onClick={onRead}>
            {t('notifications.markRead')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}

/** 我的消息: the caller's notifications in this district, unread first to the eye, newest first in order. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { session } = useSession();
  const [isUnreadOnly, setUnreadOnly] = useState(false);
  const query = useInbox(isUnreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = query.data?.pages[0]?.unreadCount ?? 0;

  const read = (n: Notification) =>
    markRead.mutateAsync(n.id).catch((error) => {
      message.error(errorMessage(error));
      throw error;
    });
  const open = (n: Notification) => {
    const go = () => n.link && navigate(n.link);
    if (n.readAt) go();
    else void read(n).then(go, () => {});
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <>
            {isSystemAdmin(session) && (
              <Button onClick={() => navigate('/notifications/outbox')}>
                {t('notifications.outbox.link')}
              </Button>
            )}
            <Button
              disabled={unreadCount === 0}
              loading={markAll.isPending}
              onClick={() =>
                markAll.mutate(undefined, {
                  onSuccess: ({ updated }) =>
                    message.success(t('notifications.markedAllRead', { count: updated })),
                  onError: (error) => message.error(errorMessage(error)),
                })
              }
            >
              {t('notifications.markAllRead')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ padding: 12 }}>
          <Segmented
            value={isUnreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: `${t('notifications.unread')} ${unreadCount}` },
            ]}
          />
        </div>
        {query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.isLoading ? (
          <LoadingBlock rows={6} />
        ) : items.length === 0 ? (
          <EmptyState
            description={isUnreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
          />
        ) : (
          items.map((n) => (
            <Item key={n.id} n={n} onOpen={() => open(n)} onRead={() => void read(n).catch(() => {})} />
          ))
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
