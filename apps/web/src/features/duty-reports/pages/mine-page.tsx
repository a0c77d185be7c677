import { DUTY_STATE_LABELS, type DutyReport } from '@gongzhi/contract/duty-reports';
import { Button, Card, DotLoading, ErrorBlock, List, Tabs, Tag, TextArea, Toast } from 'antd-mobile';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useAcknowledgeDutyReport, useMyDutyReports, useSubmitDutyReport } from '../api/use-duty-reports.ts';

type Kind = 'month' | 'year';
const periodOf = (kind: Kind, d: Dayjs) => (kind === 'month' ? d.format('YYYY-MM') : d.format('YYYY'));

function Figures({ report }: { report: DutyReport }) {
  const { t } = useTranslation();
  const f = report.figures;
  return (
    <List header={t('duty.figures')}>
      <List.Item extra={f.linkedHouseholds}>{t('duty.linkedHouseholds')}</List.Item>
      <List.Item extra={f.casesReported}>{t('duty.casesReported')}</List.Item>
      <List.Item extra={f.casesHandled}>{t('duty.casesHandled')}</List.Item>
      <List.Item extra={f.visitsNote ?? f.visits}>{t('duty.visits')}</List.Item>
      <List.Item extra={f.attendanceNote ?? `${f.attendance.attended} / ${f.attendance.expected}`}>
        {t('duty.attendance')}
      </List.Item>
    </List>
  );
}

function ReportCard({ report }: { report: DutyReport }) {
  const { t } = useTranslation();
  const [content, setContent] = useState('');
  const submit = useSubmitDutyReport();
  const acknowledge = useAcknowledgeDutyReport();
  const fail = (e: unknown) => Toast.show({ content: errorMessage(e) });
  return (
    <Card
      title={`${report.nodeName} · ${report.positionKind === 'household_chief' ? '户长' : '邻长'}`}
      extra={
        <Tag color={report.state === 'DUE' ? 'warning' : 'success'}>{DUTY_STATE_LABELS[report.state]}</Tag>
      }
      style={{ marginBottom: 12 }}
    >
      <div style={{ color: '#888', marginBottom: 8 }}>{t('duty.dueOn', { date: report.dueOn })}</div>
      <Figures report={report} />
      {report.state === 'DUE' ? (
        <>
          <TextArea
            placeholder={t('duty.contentPlaceholder')}
            value={content}
            onChange={setContent}
            rows={5}
            maxLength={2000}
            showCount
          />
          <Button
            block
            color="primary"
            loading={submit.isPending}
            disabled={!content.trim()}
            style={{ marginTop: 8 }}
            onClick={() =>
              submit.mutate(
                {
                  positionId: report.positionId,
                  periodKind: report.periodKind,
                  period: report.period,
                  content,
                },
                {
                  onSuccess: () => Toast.show({ icon: 'success', content: t('duty.submitted') }),
                  onError: fail,
                },
              )
            }
          >
            {t('duty.submit')}
          </Button>
        </>
      ) : (
        <List>
          <List.Item description={report.content} extra={formatDateTime(report.submittedAt)}>
            {report.form === 'oral' ? t('duty.oral', { name: report.recordedByName }) : t('duty.written')}
          </List.Item>
          {report.grade && (
            <List.Item description={report.evaluationComment} extra={report.evaluatorName}>
              {t('duty.grade')}：<b>{report.grade}</b>
            </List.Item>
          )}
        </List>
      )}
      {report.state === 'EVALUATED' && report.id && (
        <Button
          block
          color="success"
          loading={acknowledge.isPending}
          style={{ marginTop: 8 }}
          onClick={() => acknowledge.mutate(report.id!, { onError: fail })}
        >
          {t('duty.acknowledge')}
        </Button>
      )}
    </Card>
  );
}

/** 我的述职 on a phone: the period's report of each of my 户长/邻长 posts, prefilled with my own figures. */
export default function MinePage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('month');
  const [day, setDay] = useState(() => businessToday());
  const period = periodOf(kind, day);
  const query = useMyDutyReports({ periodKind: kind, period });
  const isLatest = period === periodOf(kind, businessToday());
  return (
    <div style={{ padding: 12, maxWidth: 640, margin: '0 auto' }}>
      <h2 style={{ margin: '0 0 8px', fontSize: 22 }}>{t('duty.mineTitle')}</h2>
      <Tabs activeKey={kind} onChange={(k) => setKind(k as Kind)}>
        <Tabs.Tab title={t('duty.month')} key="month" />
        <Tabs.Tab title={t('duty.year')} key="year" />
      </Tabs>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', margin: '8px 0' }}
      >
        <Button size="small" onClick={() => setDay(day.subtract(1, kind))}>
          {t('duty.prev')}
        </Button>
        <b>{period}</b>
        <Button size="small" disabled={isLatest} onClick={() => setDay(day.add(1, kind))}>
          {t('duty.next')}
        </Button>
      </div>
      {query.isLoading ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading color="primary" />
        </div>
      ) : query.error ? (
        <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
      ) : query.data?.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('duty.noPositions')} description="" />
      ) : (
        query.data?.items.map((r) => <ReportCard key={`${r.positionId}-${r.period}`} report={r} />)
      )}
    </div>
  );
}
