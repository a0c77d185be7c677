/**
 * Business time: community work happens on Asia/Shanghai calendar days, whatever zone the server runs in.
 * Database sessions use the same zone (platform/db/database.ts), so `current_date` in SQL and
 * `businessToday()` here name the same day.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today (or the day of `now`) in business time as `yyyy-mm-dd`. */
export function businessToday(now = new Date()): string {
  return dayFormat.format(now);
}

/** `day` (`yyyy-mm-dd`) plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
