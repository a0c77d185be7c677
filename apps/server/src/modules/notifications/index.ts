import type { Database } from '../../platform/db/database.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import type { OutboundChannel } from './outbound-channel.ts';
import { dispatchOutbox } from './outbox-dispatcher.ts';

export { notificationsRoutes } from './notifications.routes.ts';
export { type NotifyInput, type NotifyText, notificationWrites, notify } from './notify.ts';
export { developmentChannels, type OutboundChannel, type OutboundMessage } from './outbound-channel.ts';
export { dispatchOutbox };

export const OUTBOX_JOB = 'notifications.outbox';

/** Registers the outbox dispatcher; it is idempotent (claims rows with skip locked, marks each once sent). */
export function scheduleOutboxDispatch(
  scheduler: Scheduler,
  db: Database,
  channels: readonly OutboundChannel[],
  intervalMs = 15_000,
): void {
  scheduler.every(OUTBOX_JOB, intervalMs, async (now) => {
    await dispatchOutbox(db, channels, now);
  });
}
