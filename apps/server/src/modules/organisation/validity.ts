/**
 * Validity of positions and 联户 links: `validFrom` and `validTo` are both inclusive calendar days in
 * Asia/Shanghai business time, as for positions in the session (platform/auth/session.ts).
 */

/** Today in Asia/Shanghai as `yyyy-mm-dd`. */
export function shanghaiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isActiveOn(validFrom: string, validTo: string | null, day: string): boolean {
  return validFrom <= day && (validTo === null || validTo >= day);
}

/**
 * Ending a link so that it no longer holds on `day` (a move or removal takes effect that day): its last day
 * becomes the day before; a link that would not have held a single day is deleted instead.
 */
export function closeBefore(
  link: { validFrom: string; validTo: string | null },
  day: string,
): { action: 'keep' } | { action: 'delete' } | { action: 'end'; validTo: string } {
  const lastDay = addDays(day, -1);
  if (link.validTo !== null && link.validTo <= lastDay) return { action: 'keep' };
  if (link.validFrom > lastDay) return { action: 'delete' };
  return { action: 'end', validTo: lastDay };
}

/** Ending a link together with its position, whose last day is `lastDay` (inclusive). */
export function closeOn(link: { validFrom: string; validTo: string | null }, lastDay: string) {
  return closeBefore(link, addDays(lastDay, 1));
}
