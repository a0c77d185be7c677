import type { Executor } from '../../platform/db/database.ts';
import { insertNotifications, queueSmsForNotifications } from './notifications.repository.ts';

export interface NotifyInput {
  districtId: string;
  recipientUserIds: readonly string[];
  event: string;
  title: string;
  body: string;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

// SMS carries the title and body in one short text; operators cut longer ones into several billed parts.
const SMS_MAX_CHARS = 300;

/**
 * Inserts one in-app notification per distinct recipient and queues outbound messages, in the caller's
 * executor/transaction. Recipients with a phone on a current position in the district also get an SMS.
 * Over-long title, body and link are cut to the column limits so a notification never fails the caller's change;
 * a recipient id that is not an account fails it (foreign key), as that is a bug in the caller.
 */
export async function notify(db: Executor, input: NotifyInput): Promise<void> {
  const recipients = [...new Set(input.recipientUserIds)];
  if (recipients.length === 0) return;
  const title = input.title.slice(0, 200);
  const body = input.body.slice(0, 2000);
  const created = await insertNotifications(db, input.districtId, recipients, {
    event: input.event,
    title,
    body,
    link: input.link ? input.link.slice(0, 500) : null,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
  });
  const sms = `【共治】${body ? `${title}：${body}` : title}`.slice(0, SMS_MAX_CHARS);
  await queueSmsForNotifications(
    db,
    input.districtId,
    created.map((n) => n.id),
    sms,
  );
}
