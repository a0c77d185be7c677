/**
 * Validity of positions and 联户 links: `validFrom` and `validTo` are both inclusive calendar days in
 * business time (platform/business-time.ts), as for positions in the session (platform/auth/session.ts).
 */
import { addDays } from '../../platform/business-time.ts';

export { addDays, businessToday } from '../../platform/business-time.ts';

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
