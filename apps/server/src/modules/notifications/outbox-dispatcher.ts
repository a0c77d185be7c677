import type { Database } from '../../platform/db/database.ts';
import {
  claimDueMessages,
  listDistrictIds,
  markAttemptFailed,
  markSent,
} from './notifications.repository.ts';
import type { OutboundChannel, OutboundMessage } from './outbound-channel.ts';

export const MAX_ATTEMPTS = 5;
const BATCH = 50;
// Waits grow 1, 2, 4, 8 minutes between attempts so a provider outage is not hammered.
const retryDelayMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);

/**
 * Sends every due pending outbox message through its channel, district by district. Each batch is claimed with
 * `for update skip locked` in its own transaction, so a second dispatcher never sends the same message; a message
 * whose send throws is retried later and marked failed after MAX_ATTEMPTS. Returns the number sent.
 */
export async function dispatchOutbox(
  db: Database,
  channels: readonly OutboundChannel[],
  now: Date = new Date(),
): Promise<number> {
  let sent = 0;
  for (const { id: districtId } of await listDistrictIds(db)) {
    let claimed: number;
    do {
      claimed = await db.transaction().execute(async (trx) => {
        const rows = await claimDueMessages(trx, districtId, now, BATCH);
        for (const row of rows) {
          const attempt = row.attempts + 1;
          const channel = channels.find((c) => c.name === row.channel);
          try {
            if (!channel) throw new Error(`没有配置 ${row.channel} 通道`);
            await channel.send({ ...row, channel: row.channel as OutboundMessage['channel'] });
            await markSent(trx, districtId, row.id, channel.deliveredVia);
            sent++;
          } catch (err) {
            const retryAt = attempt < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempt)) : null;
            await markAttemptFailed(trx, districtId, row.id, (err as Error).message, retryAt);
          }
        }
        return rows.length;
      });
    } while (claimed === BATCH);
  }
  return sent;
}
