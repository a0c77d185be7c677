import type { CaseState, CaseSummary, CaseUrgency, SlaLevel } from '@gongzhi/contract/cases';
import { FINAL_CASE_STATES } from '@gongzhi/contract/cases';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';

/** Traffic-light colours of the SLA board; the same on desktop tables and phone lists. */
export const SLA_COLORS: Record<SlaLevel, string> = {
  ok: '#389e0d',
  p50: '#d48806',
  p80: '#d4380d',
  overdue: '#cf1322',
};

export const URGENCY_COLORS: Record<CaseUrgency, string> = {
  normal: '#8c8c8c',
  urgent: '#d46b08',
  critical: '#cf1322',
};

/** antd Tag colour per state: waiting on someone (orange), being worked (blue), done (green), ended (grey). */
export function stateColor(state: CaseState): string {
  if (state === 'CLOSED') return 'green';
  if (FINAL_CASE_STATES.includes(state)) return 'default';
  if (state === 'SUBMITTED' || state === 'TRIAGE' || state === 'EXTENSION_PENDING') return 'orange';
  if (state === 'REOPENED' || state === 'PARKED') return 'red';
  if (state === 'VERIFYING' || state === 'AWAITING_CONFIRMATION') return 'purple';
  return 'blue';
}

function span(t: TFunction, minutes: number): string {
  if (minutes >= 24 * 60) return t('cases.due.days', { count: Math.floor(minutes / (24 * 60)) });
  if (minutes >= 60) return t('cases.due.hours', { count: Math.floor(minutes / 60) });
  return t('cases.due.minutes', { count: Math.max(1, minutes) });
}

/** "还剩 3 小时" / "已超时 2 天" for the current node's due time; null once the case is finished. */
export function dueText(t: TFunction, c: Pick<CaseSummary, 'dueAt' | 'state'>, now = dayjs()): string | null {
  if (!c.dueAt || FINAL_CASE_STATES.includes(c.state)) return null;
  const minutes = dayjs(c.dueAt).diff(now, 'minute');
  return minutes >= 0
    ? t('cases.due.left', { span: span(t, minutes) })
    : t('cases.due.over', { span: span(t, -minutes) });
}
