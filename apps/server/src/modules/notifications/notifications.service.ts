import type { InboxQuery, OutboxQuery } from '@gongzhi/contract/notifications';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { decodeCursor, pageFrom } from '../../platform/http/keyset-cursor.ts';
import { requireOutboxViewer } from './notifications.policy.ts';
import { keyOf, presentNotification, presentOutboxMessage } from './notifications.presenter.ts';
import { countUnread, listInbox, listOutbox, markAllRead, markRead } from './notifications.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's text form of a timestamptz, e.g. `2026-11-29 21:50:12.123456+08`.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** @throws VALIDATION_FAILED naming `cursor` when it is not a (timestamp, id) key we issued. */
function keysetAfter(cursor: string | undefined): { createdAt: string; id: string } | null {
  const values = decodeCursor(cursor, 2);
  if (!values) return null;
  const [createdAt = '', id = ''] = values;
  if (!UUID.test(id) || !PG_TIMESTAMP.test(createdAt)) {
    throw invalid('cursor', '分页游标无效，请从第一页重新加载');
  }
  return { createdAt, id };
}

/**
 * The caller's own notifications in the current district, newest first, with the unread count.
 * @throws VALIDATION_FAILED for a bad cursor
 */
export async function listMyNotifications(db: Database, ctx: RequestContext, query: InboxQuery) {
  const after = keysetAfter(query.cursor);
  const [rows, unreadCount] = await Promise.all([
    listInbox(db, ctx.districtId, ctx.actor.userId, {
      limit: query.limit,
      unreadOnly: query.unreadOnly,
      after,
    }),
    countUnread(db, ctx.districtId, ctx.actor.userId),
  ]);
  return { ...pageFrom(rows, query.limit, presentNotification, keyOf), unreadCount };
}

export async function countMyUnread(db: Database, ctx: RequestContext) {
  return { unreadCount: await countUnread(db, ctx.districtId, ctx.actor.userId) };
}

/**
 * Marks one of the caller's notifications read; reading it again keeps the first read time.
 * @throws NOT_FOUND when it is someone else's, another district's, or does not exist
 */
export async function markNotificationRead(db: Database, ctx: RequestContext, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await markRead(trx, ctx.districtId, ctx.actor.userId, id);
    if (!row) throw notFound('消息');
    await recordAudit(trx, ctx.audit, {
      action: 'notification.read',
      entityType: 'notification',
      entityId: id,
    });
    return presentNotification(row);
  });
}

/** Marks every unread notification of the caller in the current district read. */
export async function markAllNotificationsRead(db: Database, ctx: RequestContext) {
  return db.transaction().execute(async (trx) => {
    const updated = await markAllRead(trx, ctx.districtId, ctx.actor.userId);
    await recordAudit(trx, ctx.audit, {
      action: 'notification.read_all',
      entityType: 'notification',
      detail: { updated },
    });
    return { updated };
  });
}

/**
 * The district's outbound messages (开发发件箱), newest first, recipients masked.
 * @throws FORBIDDEN unless the caller is a system administrator; VALIDATION_FAILED for a bad cursor
 */
export async function listDevOutbox(db: Database, ctx: RequestContext, query: OutboxQuery) {
  requireOutboxViewer(ctx.actor);
  const after = keysetAfter(query.cursor);
  const rows = await listOutbox(db, ctx.districtId, { limit: query.limit, status: query.status, after });
  return pageFrom(rows, query.limit, presentOutboxMessage, keyOf);
}
