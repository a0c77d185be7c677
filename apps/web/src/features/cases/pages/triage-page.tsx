import type { CaseState } from '@gongzhi/contract/cases';
import { Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { useCommunityCases } from '../api/use-cases.ts';
import { PagedCaseTable } from '../components/case-table.tsx';

/** The board's tabs: what the duty officer must decide first, then the stages he follows. */
const TABS: { key: string; states: CaseState[] }[] = [
  { key: 'triage', states: ['TRIAGE'] },
  { key: 'signing', states: ['SUBMITTED', 'ACCEPTED'] },
  { key: 'working', states: ['DISPATCHED', 'IN_PROGRESS', 'EXTENSION_PENDING', 'REOPENED'] },
  { key: 'verifying', states: ['VERIFYING', 'AWAITING_CONFIRMATION'] },
  { key: 'outside', states: ['ESCALATED', 'TO_DELIBERATION', 'PARKED'] },
  { key: 'finished', states: ['CLOSED', 'NOT_ACCEPTED', 'WITHDRAWN', 'MERGED'] },
];

/** 分派台 (desktop): the community duty officer triages what the first responders passed up. */
export default function TriagePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('triage');
  const states = TABS.find((x) => x.key === tab)?.states ?? [];
  const query = useCommunityCases(states);
  return (
    <div className="gz-page">
      <PageHeader title={t('cases.triage.title')} subtitle={t('cases.triage.subtitle')} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={TABS.map((x) => ({ key: x.key, label: t(`cases.triage.tab.${x.key}`) }))}
        />
        <PagedCaseTable query={query} />
      </Card>
    </div>
  );
}
