import type { DutyPeriodKind } from '@gongzhi/contract/duty-reports';
import { addDays } from '../../platform/business-time.ts';
import { invalid } from '../../platform/errors.ts';

/** A report period as calendar days (both ends included). */
export interface DutyPeriod {
  kind: DutyPeriodKind;
  period: string;
  from: string;
  to: string;
}

export const DEFAULT_DUE_DAY = 25;

/**
 * The period named by `period` (`2026-10` for a month, `2026` for a year).
 * @throws VALIDATION_FAILED when the text does not fit the kind
 */
export function parsePeriod(kind: DutyPeriodKind, period: string): DutyPeriod {
  if (kind === 'year') {
    if (!/^\d{4}$/.test(period)) throw invalid('period', '年度述职的期间应为 YYYY');
    return { kind, period, from: `${period}-01-01`, to: `${period}-12-31` };
  }
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw invalid('period', '月度述职的期间应为 YYYY-MM');
  const next =
    m[2] === '12' ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  return { kind, period, from: `${period}-01`, to: addDays(next, -1) };
}

/** Monthly reports fall due on `dueDay` of their month, the annual one on `dueDay` of December. */
export function dueOn(p: DutyPeriod, dueDay: number): string {
  const dd = String(dueDay).padStart(2, '0');
  return p.kind === 'month' ? `${p.period}-${dd}` : `${p.period}-12-${dd}`;
}

export type ReminderStage = 'd7' | 'd1' | 'd0';

/** Which reminder is owed `today` for a report due on `due`: D-7 (any day of the last week before D-1), D-1, D. */
export function reminderStage(today: string, due: string): ReminderStage | null {
  const days = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days === 0) return 'd0';
  if (days === 1) return 'd1';
  if (days >= 2 && days <= 7) return 'd7';
  return null;
}

/** Periods whose due day may lie within the coming week: this month, next month (small due days), this year. */
export function periodsNear(today: string): DutyPeriod[] {
  const month = today.slice(0, 7);
  const next = addDays(`${month}-28`, 7).slice(0, 7);
  return [parsePeriod('month', month), parsePeriod('month', next), parsePeriod('year', today.slice(0, 4))];
}
