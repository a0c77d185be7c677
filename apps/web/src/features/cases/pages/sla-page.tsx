import type { SlaLevel } from '@gongzhi/contract/cases';
import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { useSlaBoard } from '../api/use-cases.ts';
import { SLA_COLORS } from '../components/case-format.ts';
import { PagedCaseTable } from '../components/case-table.tsx';

const LEVELS: SlaLevel[] = ['overdue', 'p80', 'p50', 'ok'];

/** 时限看板: open cases by how much of their time limit is used; overdue first. */
export default function SlaPage() {
  const { t } = useTranslation();
  const [chosen, setLevel] = useState<SlaLevel | null>(null);
  const [counts, setCounts] = useState<Record<SlaLevel, number> | null>(null);
  // Until the officer picks a column, open the most urgent one that has cases.
  const level = chosen ?? LEVELS.find((l) => (counts?.[l] ?? 0) > 0) ?? 'overdue';
  const query = useSlaBoard(level);
  const fresh = query.data?.pages[0]?.counts;
  useEffect(() => {
    if (fresh) setCounts(fresh);
  }, [fresh]);
  return (
    <div className="gz-page">
      <PageHeader title={t('cases.sla.title')} subtitle={t('cases.sla.subtitle')} />
      <Row gutter={[12, 12]}>
        {LEVELS.map((l) => {
          const isActive = l === level;
          return (
            <Col key={l} xs={12} md={6}>
              <Card
                size="small"
                hoverable
                onClick={() => setLevel(l)}
                role="button"
                aria-pressed={isActive}
                style={{
                  borderColor: isActive ? SLA_COLORS[l] : undefined,
                  borderWidth: isActive ? 2 : 1,
                  borderTop: `4px solid ${SLA_COLORS[l]}`,
                }}
              >
                <Statistic
                  title={t(`cases.sla.level.${l}`)}
                  value={counts ? counts[l] : '—'}
                  styles={{ content: { color: SLA_COLORS[l] } }}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card size="small" title={t(`cases.sla.level.${level}`)}>
        <PagedCaseTable query={query} />
      </Card>
    </div>
  );
}
