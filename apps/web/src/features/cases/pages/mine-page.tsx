import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useMyReportedCases } from '../api/use-cases.ts';
import { CaseCardList } from '../components/case-card-list.tsx';
import { useElderlyMode } from '../lib/elderly-mode.ts';
import '../cases.css';

/** 我反映的: cases I reported or reported for a neighbour, to follow them and rate them when done. */
export default function MinePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [isElderly] = useElderlyMode();
  const query = useMyReportedCases();
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <div className={`gz-case-phone${isElderly ? ' gz-elderly' : ''}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h2 style={{ margin: 0, fontSize: isElderly ? 28 : 22 }}>{t('cases.mine.title')}</h2>
        <Button size="small" color="primary" onClick={() => navigate('/cases/report')}>
          {t('cases.inbox.report')}
        </Button>
      </div>
      {query.isLoading ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading color="primary" />
        </div>
      ) : query.error ? (
        <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('cases.mine.empty')} description="" />
      ) : (
        <CaseCardList items={items} />
      )}
      {query.hasNextPage && (
        <Button block loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('cases.loadMore')}
        </Button>
      )}
    </div>
  );
}
