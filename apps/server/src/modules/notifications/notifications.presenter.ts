import type { Notification, OutboxMessage } from '@gongzhi/contract/notifications';
import type { listInbox, listOutbox } from './notifications.repository.ts';

type InboxRow = Omit<Awaited<ReturnType<typeof listInbox>>[number], 'createdAtKey'>;
type OutboxRow = Awaited<ReturnType<typeof listOutbox>>[number];

export function presentNotification(row: InboxRow): Notification {
  return {
    id: row.id,
    event: row.event,
    title: row.title,
    body: row.body,
    link: row.link,
    entityType: row.entityType,
    entityId: row.entityId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export function presentOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel as OutboxMessage['channel'],
    recipientName: row.recipientName,
    recipientMasked: row.recipientMasked,
    body: row.body,
    status: row.status as OutboxMessage['status'],
    attempts: row.attempts,
    deliveredVia: row.deliveredVia,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    error: row.error,
  };
}

/** Keyset of a newest-first list: microsecond timestamp text (Date would round to ms) and id. */
export function keyOf(row: { createdAtKey: string; id: string }): string[] {
  return [row.createdAtKey, row.id];
}
