import type { CaseSummary, SlaLevel } from '@gongzhi/contract/cases';
import { Button, CapsuleTabs, DotLoading, ErrorBlock, PullToRefresh } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useCaseInbox } from '../api/use-cases.ts';
import { CaseCardList } from '../components/case-card-list.tsx';
import '../cases.css';

type Filter = 'all' | 'risk' | 'overdue';
const RISK: readonly SlaLevel[] = ['p50', 'p80'];

function matches(filter: Filter, c: CaseSummary): boolean {
  if (filter === 'overdue') return c.sla === 'overdue';
  if (filter === 'risk') return RISK.includes(c.sla);
  return true;
}

/** 我的待办 on a phone: what waits for me, overdue and at-risk first in colour; tap for the detail. */
export default function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useCaseInbox();
  const [filter, setFilter] = useState<Filter>('all');
  const all = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const counts = {
    all: all.length,
    risk: all.filter((c) => matches('risk', c)).length,
    overdue: all.filter((c) => matches('overdue', c)).length,
  };
  const items = all.filter((c) => matches(filter, c));

  return (
    <div className="gz-case-phone">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h2 style={{ margin: 0, fontSize: 22 }}>{t('cases.inbox.title')}</h2>
        <Button size="small" color="primary" fill="outline" onClick={() => navigate('/cases/report')}>
          {t('cases.inbox.report')}
        </Button>
      </div>
      <CapsuleTabs activeKey={filter} onChange={(key) => setFilter(key as Filter)}>
        {(['all', 'risk', 'overdue'] as const).map((f) => (
          <CapsuleTabs.Tab key={f} title={t(`cases.inbox.${f}`, { count: counts[f] })} />
        ))}
      </CapsuleTabs>
      <PullToRefresh onRefresh={async () => void (await query.refetch())}>
        {query.isLoading ? (
          <div style={{ padding: 24, textAlign: 'center' }}>
            <DotLoading color="primary" />
          </div>
        ) : query.error ? (
          <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
        ) : items.length === 0 ? (
          <ErrorBlock
            status="empty"
            title={filter === 'all' ? t('cases.inbox.empty') : t('cases.inbox.noneHere')}
            description={filter === 'all' ? t('cases.inbox.emptyHint') : ''}
          />
        ) : (
          <CaseCardList items={items} />
        )}
      </PullToRefresh>
      {query.hasNextPage && (
        <Button block loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('cases.loadMore')}
        </Button>
      )}
    </div>
  );
}
