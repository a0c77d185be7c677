import type { Recurrence } from '@gongzhi/contract/meetings';
import { addDays } from '../../platform/business-time.ts';

const HOUR = 3_600_000;
// Asia/Shanghai has no daylight saving, so a fixed offset maps business days to instants exactly.
const SHANGHAI_OFFSET = 8 * HOUR;

/** Business day (`yyyy-mm-dd`, Asia/Shanghai) of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The n-th (1-based) `weekday` of a month, or null when the month has fewer (a 5th Friday). */
function nthWeekdayOf(year: number, month: number, weekday: number, n: number): string | null {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  const date = 1 + offset + (n - 1) * 7;
  if (date > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/**
 * Start days of a recurring meeting from `firstDay` until `rule.until`, at most `max`. Monthly by day of month
 * skips months without that day (the 31st); by n-th weekday keeps e.g. "first Friday".
 */
export function occurrenceDays(
  firstDay: string,
  rule: Recurrence,
  isWorkingDay: (day: string) => boolean,
  max: number,
): string[] {
  const days: string[] = [];
  const keep = (day: string) => !rule.workingDaysOnly || rule.freq === 'monthly' || isWorkingDay(day);
  if (rule.freq === 'monthly') {
    const [y0, m0, d0] = firstDay.split('-').map(Number) as [number, number, number];
    const weekday = weekdayOf(firstDay);
    const nth = Math.ceil(d0 / 7);
    for (let i = 0; days.length < max; i++) {
      const year = y0 + Math.floor((m0 - 1 + i) / 12);
      const month = ((m0 - 1 + i) % 12) + 1;
      if (`${year}-${String(month).padStart(2, '0')}-01` > rule.until) break;
      const day =
        rule.monthlyBy === 'nthWeekday'
          ? nthWeekdayOf(year, month, weekday, nth)
          : d0 <= daysInMonth(year, month)
            ? `${year}-${String(month).padStart(2, '0')}-${String(d0).padStart(2, '0')}`
            : null;
      if (day && day <= rule.until) days.push(day);
    }
    return days;
  }
  const step = rule.freq === 'weekly' ? 7 : 1;
  for (let day = firstDay; day <= rule.until && days.length < max; day = addDays(day, step)) {
    if (keep(day)) days.push(day);
  }
  return days;
}

/** The same wall-clock time as `at` (Asia/Shanghai) on another business day. */
export function atDay(at: Date, day: string): Date {
  const shift = Date.parse(`${day}T00:00:00Z`) - Date.parse(`${shanghaiDay(at)}T00:00:00Z`);
  return new Date(at.getTime() + shift);
}
