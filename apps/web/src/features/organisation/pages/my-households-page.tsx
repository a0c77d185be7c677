import { Button, DotLoading, ErrorBlock, List, SearchBar, Tag } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useSession } from '../../../lib/session.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useMyHouseholds } from '../api/use-my-households.ts';

/** 我的联系户 for a 邻长/户长 on his phone: large type, one tap to a household. */
export default function MyHouseholdsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const query = useMyHouseholds(q);
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const positions = session?.positions ?? [];

  return (
    <div className="gz-page" style={{ maxWidth: 640, margin: '0 auto', width: '100%' }}>
      <div>
        <h2 style={{ margin: 0, fontSize: 22 }}>{t('org.my.title')}</h2>
        {positions.length > 0 && (
          <div className="gz-muted" style={{ fontSize: 15, marginTop: 4 }}>
            {positions.map((p) => `${p.nodeName} ${p.label}`).join('、')}
          </div>
        )}
      </div>
      <SearchBar
        placeholder={t('org.my.search')}
        value={search}
        onChange={setSearch}
        style={{ '--height': '44px' }}
      />
      {query.isLoading ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading color="primary" />
        </div>
      ) : query.error ? (
        <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
      ) : items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={q ? t('org.my.noMatch') : t('org.my.empty')}
          description={q ? '' : t('org.my.emptyHint')}
        />
      ) : (
        <List header={t('org.my.count', { count: items.length })} style={{ '--font-size': '18px' }}>
          {items.map((h) => {
            const head = h.members.find((m) => m.id === h.headResidentId);
            return (
              <List.Item
                key={h.id}
                onClick={() => navigate(`/my-households/${h.id}`)}
                description={
                  <div style={{ fontSize: 15, lineHeight: 1.6 }}>
                    <div>{h.address || h.nodeName}</div>
                    <div>
                      {t('org.my.head')}：{h.headName ?? '—'}
                      {head?.phoneMasked ? <span className="gz-mono">　{head.phoneMasked}</span> : null}
                    </div>
                  </div>
                }
                extra={
                  <Tag color="primary" fill="outline" style={{ fontSize: 14 }}>
                    {t('org.assign.members', { count: h.members.length })}
                  </Tag>
                }
              >
                <span className="gz-mono">{h.householdNo}</span>
              </List.Item>
            );
          })}
        </List>
      )}
      {query.hasNextPage && (
        <Button block loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('org.loadMore')}
        </Button>
      )}
    </div>
  );
}
