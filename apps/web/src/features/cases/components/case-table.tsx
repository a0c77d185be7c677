import type { CaseSummary } from '@gongzhi/contract/cases';
import { Drawer, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { ErrorState, QueryState } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCase } from '../api/use-cases.ts';
import { dueText, SLA_COLORS, stateColor, URGENCY_COLORS } from './case-format.ts';
import { CaseView } from './case-view.tsx';

function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useCase(caseId ?? undefined);
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size={720}
      title={t('cases.detail.drawerTitle')}
      extra={caseId && <Link to={`/cases/${caseId}`}>{t('cases.detail.openPage')}</Link>}
      styles={{ body: { background: '#f5f6f8', padding: 12 } }}
      destroyOnHidden
    >
      {caseId && (
        <QueryState query={query} rows={8}>
          {(detail) => <CaseView detail={detail} />}
        </QueryState>
      )}
    </Drawer>
  );
}

/** Desktop table of cases; a row opens the case in a drawer so the officer stays on his board. */
export function CaseTable({ items, isLoading }: { items: CaseSummary[]; isLoading: boolean }) {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1010 }}
        onRow={(row) => ({ onClick: () => setOpenId(row.id), className: 'gz-clickable' })}
        columns={[
          {
            title: t('cases.col.caseNo'),
            dataIndex: 'caseNo',
            width: 215,
            render: (no: string) => (
              <span className="gz-mono" style={{ fontSize: 13, whiteSpace: 'nowrap' }}>
                {no}
              </span>
            ),
          },
          {
            title: t('cases.col.title'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <div style={{ lineHeight: 1.5, minWidth: 0 }}>
                <div style={{ fontWeight: 500 }}>
                  {row.urgency !== 'normal' && (
                    <Tag color={URGENCY_COLORS[row.urgency]} bordered={false}>
                      {t(`cases.urgency.${row.urgency}`)}
                    </Tag>
                  )}
                  {title}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {row.categoryName} · {row.address}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('cases.col.state'),
            dataIndex: 'state',
            width: 110,
            render: (_: string, row) => (
              <Tag color={stateColor(row.state)}>{t(`cases.state.${row.state}`)}</Tag>
            ),
          },
          {
            title: t('cases.col.assignee'),
            dataIndex: 'assigneeName',
            width: 90,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('cases.col.due'),
            key: 'due',
            width: 160,
            render: (_, row) => {
              const due = dueText(t, row);
              if (!due) return <span className="gz-muted">—</span>;
              return (
                <div style={{ lineHeight: 1.4 }}>
                  <div style={{ color: SLA_COLORS[row.sla], fontWeight: row.sla === 'ok' ? 400 : 600 }}>
                    {due}
                  </div>
                  <div className="gz-muted" style={{ fontSize: 12 }}>
                    {formatDateTime(row.dueAt)}
                  </div>
                </div>
              );
            },
          },
          {
            title: t('cases.col.createdAt'),
            dataIndex: 'createdAt',
            width: 140,
            render: (v: string) => formatDateTime(v),
          },
        ]}
      />
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

/** What PagedCaseTable needs of an infinite case-list query. */
interface PagedCases {
  data?: { pages: { items: CaseSummary[] }[] };
  error: unknown;
  isLoading: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  refetch: () => unknown;
  fetchNextPage: () => unknown;
}

/** A case list read page by page: the table, 加载更多, and the error with a retry. */
export function PagedCaseTable({ query }: { query: PagedCases }) {
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <CaseTable items={items} isLoading={query.isLoading} />
      <LoadMore
        hasMore={query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
        count={items.length}
      />
    </>
  );
}
