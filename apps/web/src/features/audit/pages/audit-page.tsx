import type { AuditEntry } from '@gongzhi/contract/audit';
import { Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, ErrorState, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { type AuditFilter, useAuditLog } from '../api/use-audit-log.ts';
import { useUsers } from '../api/use-users.ts';

const ACTION_PREFIXES = [
  'territory.',
  'household.',
  'resident.',
  'tag.',
  'consent.',
  'position.',
  'party_',
  'ledger.',
  'user.',
  'setup.',
  'demo.',
];
const ENTITY_TYPES = [
  'territory_node',
  'level_template',
  'community',
  'household',
  'resident',
  'consent',
  'position',
  'party_org',
  'party_member',
  'user',
  'import_batch',
];
const OUTCOME_COLORS: Record<string, string> = { success: 'green', denied: 'red', failed: 'orange' };

function ActorSelect({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const users = useUsers(q);
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      loading={users.isFetching}
      placeholder={t('audit.actor')}
      options={(users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}）`,
      }))}
      style={{ width: 200 }}
      notFoundContent={users.error ? users.error.message : undefined}
    />
  );
}

function Detail({ entry }: { entry: AuditEntry }) {
  const keys = Object.keys(entry.detail);
  if (keys.length === 0) return null;
  return (
    <pre
      className="gz-mono"
      style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
    >
      {JSON.stringify(entry.detail, null, 2)}
    </pre>
  );
}

/** 操作日志: who did what to which record, when, and with what outcome (every mutation and every reveal). */
export default function AuditPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [entityId, setEntityId] = useState('');
  const query = useAuditLog(filter);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  // Known actions read in Chinese; a new one shows its code until it gets a label.
  const actionLabel = (action: string) =>
    t(`audit.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
  const patch = (next: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...next }));

  const outcomeTag = (o: string) => (
    <Tag color={OUTCOME_COLORS[o]} bordered={false}>
      {t(`enum.outcome.${o}`)}
    </Tag>
  );

  return (
    <div className="gz-page">
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Card styles={{ body: { padding: isMobile ? 12 : 16 } }}>
        <Flex gap={8} wrap>
          <Select
            allowClear
            showSearch
            placeholder={t('audit.action')}
            value={filter.action}
            onChange={(action) => patch({ action })}
            options={ACTION_PREFIXES.map((p) => ({
              value: p,
              label: `${t(`audit.prefix.${p.replace(/[._]$/, '')}`)}（${p}*）`,
            }))}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('audit.entityType')}
            value={filter.entityType}
            onChange={(entityType) => patch({ entityType })}
            options={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entity.${e}`) }))}
            style={{ width: 160 }}
          />
          <Input.Search
            allowClear
            placeholder={t('audit.entityId')}
            value={entityId}
            onChange={(e) => setEntityId(e.target.value)}
            onSearch={(v) => patch({ entityId: v.trim() || undefined })}
            maxLength={100}
            style={{ width: 220 }}
          />
          <ActorSelect value={filter.actorUserId} onChange={(actorUserId) => patch({ actorUserId })} />
          <DatePicker.RangePicker
            value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
            onChange={(range) =>
              patch({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <Select
            allowClear
            placeholder={t('audit.outcome')}
            value={filter.outcome}
            onChange={(outcome) => patch({ outcome })}
            options={(['success', 'denied', 'failed'] as const).map((o) => ({
              value: o,
              label: t(`enum.outcome.${o}`),
            }))}
            style={{ width: 120 }}
          />
          <Button
            onClick={() => {
              setFilter({});
              setEntityId('');
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Card>
      <Card styles={{ body: { padding: isMobile ? 12 : 0 } }}>
        {query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : isMobile ? (
          query.isLoading ? (
            <LoadingBlock rows={6} />
          ) : items.length === 0 ? (
            <EmptyState />
          ) : (
            <Flex vertical>
              {items.map((e) => (
                <div key={e.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Flex justify="space-between" align="center">
                    <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
                    {outcomeTag(e.outcome)}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.actorName} · {formatDateTime(e.at)} ·{' '}
                    {t(`audit.entity.${e.entityType}`, { defaultValue: e.entityType })}
                  </Typography.Text>
                  {e.reason && (
                    <div style={{ fontSize: 13 }}>{t('audit.reasonIs', { reason: e.reason })}</div>
                  )}
                </div>
              ))}
            </Flex>
          )
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={query.isLoading}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: <EmptyState /> }}
            expandable={{
              expandedRowRender: (e) => <Detail entry={e} />,
              rowExpandable: (e) => Object.keys(e.detail).length > 0,
            }}
            columns={[
              { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
              { title: t('audit.actor'), dataIndex: 'actorName', width: 120 },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                width: 220,
                render: (v: string) => (
                  <Flex vertical>
                    <span>{actionLabel(v)}</span>
                    <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }}>
                      {v}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('audit.entityType'),
                width: 220,
                render: (_, e) => (
                  <Flex vertical>
                    <span>{t(`audit.entity.${e.entityType}`, { defaultValue: e.entityType })}</span>
                    {e.entityId && (
                      <Typography.Text
                        type="secondary"
                        className="gz-mono"
                        style={{ fontSize: 12 }}
                        ellipsis={{ tooltip: e.entityId }}
                      >
                        {e.entityId}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              { title: t('audit.outcome'), dataIndex: 'outcome', width: 90, render: outcomeTag },
              {
                title: t('audit.reason'),
                dataIndex: 'reason',
                ellipsis: true,
                render: (v: string | null) => v ?? '—',
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
