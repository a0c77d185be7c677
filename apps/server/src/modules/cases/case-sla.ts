import type { CaseState, CaseUrgency, SlaLevel } from '@gongzhi/contract/cases';
import { type ClockUnit, type Duration, workingCalendar } from '../../platform/calendar/index.ts';

/** SLA defaults of research/domain.md §5.1; the handling limit comes from the case's category. */
export const SLA = {
  signHours: 24,
  criticalSignHours: 1,
  triage: { amount: 1, unit: 'working_days' } as Duration,
  urgentTriage: { amount: 2, unit: 'working_hours' } as Duration,
  verify: { amount: 2, unit: 'working_days' } as Duration,
  rectification: { amount: 15, unit: 'working_days' } as Duration,
  extensionMaxDays: 15,
  /** Rating reminder after 3 days, closing unrated 4 days later, re-rating allowed 15 days after closing. */
  ratingReminderDays: 3,
  ratingAutoCloseDays: 7,
  ratingWindowDays: 15,
} as const;

export interface SlaInput {
  urgency: CaseUrgency;
  signLimitHours: number;
  /** The configured triage limit (community override or category); absent means the §5.1 default. */
  triage?: Duration;
  handleLimit: number;
  handleUnit: ClockUnit;
}

/** Urgent cases keep the 2-working-hour triage unless the configured one ends sooner. */
function triageDue(c: SlaInput, now: Date): NodeDue {
  const normal = c.triage ?? SLA.triage;
  const dueNormal = workingCalendar.addDuration(now, normal);
  if (c.urgency === 'normal') return { dueAt: dueNormal, dueUnit: normal.unit };
  const dueUrgent = workingCalendar.addDuration(now, SLA.urgentTriage);
  return dueNormal.getTime() < dueUrgent.getTime()
    ? { dueAt: dueNormal, dueUnit: normal.unit }
    : { dueAt: dueUrgent, dueUnit: SLA.urgentTriage.unit };
}

export interface NodeDue {
  dueAt: Date | null;
  dueUnit: ClockUnit | null;
}

const NONE: NodeDue = { dueAt: null, dueUnit: null };

/** The due date of the node a case enters at `now`; null where no clock runs (rating, parking, deliberation). */
export function dueOnEntering(state: CaseState, c: SlaInput, now: Date): NodeDue {
  const at = (d: Duration): NodeDue => ({ dueAt: workingCalendar.addDuration(now, d), dueUnit: d.unit });
  switch (state) {
    case 'SUBMITTED':
      return at({
        amount:
          c.urgency === 'critical' ? Math.min(SLA.criticalSignHours, c.signLimitHours) : c.signLimitHours,
        unit: 'natural_hours',
      });
    case 'ACCEPTED':
    case 'TRIAGE':
      return triageDue(c, now);
    case 'DISPATCHED':
    case 'IN_PROGRESS':
    case 'ESCALATED':
      return at({ amount: c.handleLimit, unit: c.handleUnit });
    case 'VERIFYING':
      return at(SLA.verify);
    case 'REOPENED':
      return at(SLA.rectification);
    default:
      return NONE;
  }
}

/** From submission to the promised end: sign, triage, then the category's handling limit. */
export function overallDue(c: SlaInput, now: Date): Date {
  const triaged = workingCalendar.addDuration(
    workingCalendar.addDuration(now, { amount: c.signLimitHours, unit: 'natural_hours' }),
    c.triage ?? SLA.triage,
  );
  return workingCalendar.addDuration(triaged, { amount: c.handleLimit, unit: c.handleUnit });
}

/** The traffic light of a running node at `now`. */
export function slaLevelAt(
  c: { nodeStartedAt: Date; dueAt: Date | null; dueUnit: string | null },
  now: Date,
): SlaLevel {
  if (!c.dueAt || !c.dueUnit) return 'ok';
  if (now.getTime() > c.dueAt.getTime()) return 'overdue';
  const share = workingCalendar.elapsedShare(c.nodeStartedAt, c.dueAt, now, c.dueUnit as ClockUnit);
  if (share > 1) return 'overdue';
  if (share >= 0.8) return 'p80';
  if (share >= 0.5) return 'p50';
  return 'ok';
}

export const SLA_LEVEL_NUMBER: Record<SlaLevel, number> = { ok: 0, p50: 50, p80: 80, overdue: 100 };
