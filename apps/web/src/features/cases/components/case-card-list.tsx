import type { CaseSummary } from '@gongzhi/contract/cases';
import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../lib/format.ts';
import { dueText, SLA_COLORS, URGENCY_COLORS } from './case-format.ts';

/** Phone list of cases: the SLA colour runs down the left edge, the due time is spelled out. */
export function CaseCardList({ items, header }: { items: CaseSummary[]; header?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <List header={header} style={{ '--font-size': '17px', '--padding-left': '0' }}>
      {items.map((c) => {
        const due = dueText(t, c);
        const color = SLA_COLORS[c.sla];
        return (
          <List.Item
            key={c.id}
            onClick={() => navigate(`/cases/${c.id}`)}
            style={{ borderLeft: `5px solid ${due ? color : '#d9d9d9'}`, paddingLeft: 12 }}
            description={
              <div style={{ fontSize: 14, lineHeight: 1.6 }}>
                <div
                  style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center', margin: '2px 0' }}
                >
                  <Tag color="primary" fill="outline" style={{ fontSize: 13 }}>
                    {t(`cases.state.${c.state}`)}
                  </Tag>
                  {c.urgency !== 'normal' && (
                    <Tag color={URGENCY_COLORS[c.urgency]} style={{ fontSize: 13 }}>
                      {t(`cases.urgency.${c.urgency}`)}
                    </Tag>
                  )}
                  <span className="gz-mono">{c.caseNo}</span>
                </div>
                <div>{c.address}</div>
                {due ? (
                  <div style={{ color, fontWeight: c.sla === 'ok' ? 400 : 600 }}>
                    {c.sla === 'overdue' ? '⚠ ' : ''}
                    {due}
                    <span style={{ fontWeight: 400 }}>（{formatDateTime(c.dueAt)}）</span>
                  </div>
                ) : (
                  <div className="gz-muted">{formatDateTime(c.updatedAt)}</div>
                )}
              </div>
            }
          >
            {c.title}
          </List.Item>
        );
      })}
    </List>
  );
}
