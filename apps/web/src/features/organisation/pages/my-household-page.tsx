import { Button, DotLoading, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useHousehold } from '../api/use-my-households.ts';

/** One linked household, read-only and masked: who lives there and who links it. */
export default function MyHouseholdPage() {
  const { householdId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useHousehold(householdId);
  const back = <NavBar onBack={() => navigate('/my-households')}>{query.data?.householdNo ?? ''}</NavBar>;
  if (query.isLoading)
    return (
      <>
        {back}
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading color="primary" />
        </div>
      </>
    );
  if (query.error || !query.data)
    return (
      <>
        {back}
        <ErrorBlock status="default" title={errorMessage(query.error)} description="">
          <Button onClick={() => navigate('/my-households')}>{t('org.my.back')}</Button>
        </ErrorBlock>
      </>
    );
  const h = query.data;
  const members = h.residents.filter((r) => r.status === 'active');
  return (
    <div className="gz-page" style={{ maxWidth: 640, margin: '0 auto', width: '100%' }}>
      {back}
      <List style={{ '--font-size': '18px' }}>
        <List.Item extra={<span className="gz-mono">{h.householdNo}</span>}>
          {t('org.household.no')}
        </List.Item>
        <List.Item description={h.address || '—'}>{t('org.household.address')}</List.Item>
        <List.Item extra={h.nodeName}>{t('org.household.node')}</List.Item>
        <List.Item extra={h.headName ?? '—'}>{t('org.household.head')}</List.Item>
        {h.chiefs.length > 0 && (
          <List.Item
            description={h.chiefs
              .map((c) => `${c.label} ${c.holderName}${c.isHandover ? t('org.my.handoverSuffix') : ''}`)
              .join('、')}
          >
            {t('org.my.chiefs')}
          </List.Item>
        )}
      </List>
      <List header={t('org.my.members', { count: members.length })} style={{ '--font-size': '18px' }}>
        {members.map((r) => (
          <List.Item
            key={r.id}
            description={
              <div style={{ fontSize: 15, lineHeight: 1.6 }}>
                {r.idNoMasked && <div className="gz-mono">{r.idNoMasked}</div>}
                {r.phoneMasked && <div className="gz-mono">{r.phoneMasked}</div>}
              </div>
            }
            extra={
              <div
                style={{
                  display: 'flex',
                  gap: 4,
                  flexWrap: 'wrap',
                  justifyContent: 'flex-end',
                  maxWidth: 140,
                }}
              >
                {r.tags
                  .filter((tag) => !tag.isSensitive)
                  .map((tag) => (
                    <Tag key={tag.code} color="warning" fill="outline">
                      {tag.nameZh}
                    </Tag>
                  ))}
              </div>
            }
          >
            {r.name}{' '}
            <span className="gz-muted" style={{ fontSize: 15 }}>
              {r.relationToHead}
            </span>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
