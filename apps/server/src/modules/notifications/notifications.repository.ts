import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

export interface NotificationValues {
  event: string;
  title: string;
  body: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
}

/** One in-app notification per recipient; returns the new ids with their recipients. */
export function insertNotifications(
  db: Executor,
  districtId: string,
  recipientUserIds: readonly string[],
  values: NotificationValues,
) {
  return db
    .insertInto('notification')
    .values(recipientUserIds.map((recipientUserId) => ({ districtId, recipientUserId, ...values })))
    .returning(['id', 'recipientUserId'])
    .execute();
}

/**
 * Queues one SMS per notification whose recipient holds a current position in the district with a phone: the
 * account itself has no phone, and the position's number is already encrypted, so it is copied, never decrypted.
 */
export async function queueSmsForNotifications(
  db: Executor,
  districtId: string,
  notificationIds: readonly string[],
  body: string,
): Promise<void> {
  if (notificationIds.length === 0) return;
  await db
    .insertInto('outboxMessage')
    .columns([
      'districtId',
      'notificationId',
      'channel',
      'recipientUserId',
      'recipientEnc',
      'recipientMasked',
      'body',
    ])
    .expression((eb) =>
      eb
        .selectFrom('notification as n')
        .innerJoinLateral(
          (lb) =>
            lb
              .selectFrom('position as p')
              .select(['p.phoneEnc', 'p.phoneMasked'])
              .where('p.districtId', '=', districtId)
              .whereRef('p.holderUserId', '=', 'n.recipientUserId')
              .where('p.phoneEnc', 'is not', null)
              .where('p.phoneMasked', 'is not', null)
              .where((w) =>
                w.or([w('p.validTo', 'is', null), w('p.validTo', '>=', sql<string>`current_date`)]),
              )
              .orderBy('p.validFrom', 'desc')
              .orderBy('p.createdAt', 'desc')
              .limit(1)
              .as('ph'),
          (join) => join.onTrue(),
        )
        .select((s) => [
          'n.districtId',
          'n.id',
          sql.lit('sms').as('channel'),
          'n.recipientUserId',
          s.ref('ph.phoneEnc').$notNull().as('recipientEnc'),
          s.ref('ph.phoneMasked').$notNull().as('recipientMasked'),
          sql.val(body).as('body'),
        ])
        .where('n.districtId', '=', districtId)
        .where('n.id', 'in', notificationIds),
    )
    .execute();
}

export interface InboxFilter {
  limit: number;
  unreadOnly: boolean;
  /** Keyset of the last row of the previous page (created_at as text, id). */
  after: { createdAt: string; id: string } | null;
}

/** The recipient's notifications in the district, newest first, keyset on (created_at, id). */
export function listInbox(db: Executor, districtId: string, userId: string, f: InboxFilter) {
  let q = db
    .selectFrom('notification')
    .select(['id', 'event', 'title', 'body', 'link', 'entityType', 'entityId', 'createdAt', 'readAt'])
    // Text keeps the microseconds a JS Date would drop, so the cursor neither skips nor repeats rows.
    .select(sql<string>`created_at::text`.as('createdAtKey'))
    .where('districtId', '=', districtId)
    .where('recipientUserId', '=', userId);
  if (f.unreadOnly) q = q.where('readAt', 'is', null);
  if (f.after)
    q = q.where(sql<boolean>`(created_at, id) < (${f.after.createdAt}::timestamptz, ${f.after.id}::uuid)`);
  return q
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function countUnread(db: Executor, districtId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((s) => s.fn.countAll<number>().as('n'))
    .where('districtId', '=', districtId)
    .where('recipientUserId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the recipient's notifications read (keeping the first read time); undefined when not theirs. */
export function markRead(db: Executor, districtId: string, userId: string, id: string) {
  return db
    .updateTable('notification')
    .set((s) => ({ readAt: s.fn.coalesce('readAt', sql<Date>`now()`) }))
    .where('districtId', '=', districtId)
    .where('recipientUserId', '=', userId)
    .where('id', '=', id)
    .returning(['id', 'event', 'title', 'body', 'link', 'entityType', 'entityId', 'createdAt', 'readAt'])
    .executeTakeFirst();
}

export async function markAllRead(db: Executor, districtId: string, userId: string): Promise<number> {
  const res = await db
    .updateTable('notification')
    .set({ readAt: sql<Date>`now()` })
    .where('districtId', '=', districtId)
    .where('recipientUserId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export interface OutboxFilter {
  limit: number;
  status: 'pending' | 'sent' | 'failed' | undefined;
  after: { createdAt: string; id: string } | null;
}

/** The district's outbound messages, newest first, with the recipient's display name; masked numbers only. */
export function listOutbox(db: Executor, districtId: string, f: OutboxFilter) {
  let q = db
    .selectFrom('outboxMessage as o')
    .innerJoin('appUser as u', 'u.id', 'o.recipientUserId')
    .select([
      'o.id',
      'o.channel',
      'o.recipientMasked',
      'u.displayName as recipientName',
      'o.body',
      'o.status',
      'o.attempts',
      'o.deliveredVia',
      'o.createdAt',
      'o.sentAt',
      'o.error',
    ])
    .select(sql<string>`o.created_at::text`.as('createdAtKey'))
    .where('o.districtId', '=', districtId);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.after) {
    q = q.where(
      sql<boolean>`(o.created_at, o.id) < (${f.after.createdAt}::timestamptz, ${f.after.id}::uuid)`,
    );
  }
  return q
    .orderBy('o.createdAt', 'desc')
    .orderBy('o.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function listDistrictIds(db: Executor) {
  return db.selectFrom('district').select('id').orderBy('id').execute();
}

/** Locks up to `limit` due pending messages of the district; a concurrent dispatcher skips them. */
export function claimDueMessages(db: Executor, districtId: string, now: Date, limit: number) {
  return db
    .selectFrom('outboxMessage')
    .select([
      'districtId',
      'id',
      'channel',
      'recipientUserId',
      'recipientEnc',
      'recipientMasked',
      'body',
      'attempts',
    ])
    .where('districtId', '=', districtId)
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', now)
    .orderBy('nextAttemptAt')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markSent(db: Executor, districtId: string, id: string, via: string): Promise<void> {
  await db
    .updateTable('outboxMessage')
    .set({
      status: 'sent',
      attempts: sql<number>`attempts + 1`,
      sentAt: sql<Date>`now()`,
      deliveredVia: via,
      error: null,
    })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function markAttemptFailed(
  db: Executor,
  districtId: string,
  id: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('outboxMessage')
    .set({
      status: retryAt ? 'pending' : 'failed',
      attempts: sql<number>`attempts + 1`,
      error: error.slice(0, 500),
      ...(retryAt ? { nextAttemptAt: retryAt } : {}),
    })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}
