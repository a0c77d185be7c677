import { type Expression, isExpression, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/** A text written as given, or an expression only known inside the statement (e.g. a number it draws). */
export type NotifyText = string | Expression<string>;

/** One notification to write; its id is chosen up front so its SMS row can name it in the same statement. */
export interface NotificationRow {
  id: string;
  districtId: string;
  recipientUserId: string;
  event: string;
  title: NotifyText;
  body: NotifyText;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  /** The SMS text, queued only when the recipient has a phone. */
  sms: NotifyText;
}

/** What an INSERT without RETURNING yields, typed so it can be a CTE of a Kysely statement. */
type Written = Record<string, never>;

// One array parameter when every text is known here (the same statement text for any number of rows).
const textArray = (values: readonly (NotifyText | null)[]) =>
  values.some(isExpression)
    ? sql`array[${sql.join(values.map((v) => (isExpression(v) ? v : sql`${v}::text`)))}]::text[]`
    : sql`${values}::text[]`;

/** The in-app notifications, all recipients in one INSERT … SELECT FROM unnest; unexecuted. */
export function insertNotifications(rows: readonly NotificationRow[]) {
  return sql<Written>`insert into notification
      (id, district_id, recipient_user_id, event, title, body, link, entity_type, entity_id)
    select * from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.districtId)}::text[],
      ${rows.map((r) => r.recipientUserId)}::uuid[], ${rows.map((r) => r.event)}::text[],
      ${textArray(rows.map((r) => r.title))}, ${textArray(rows.map((r) => r.body))},
      ${rows.map((r) => r.link)}::text[], ${rows.map((r) => r.entityType)}::text[],
      ${rows.map((r) => r.entityId)}::text[])`;
}

/**
 * Queues one SMS per notification whose recipient holds a current position in the district with a phone: the
 * account itself has no phone, and the position's number is already encrypted, so it is copied, never decrypted.
 * Unexecuted, and independent of the notification rows' INSERT so both can be CTEs of one statement.
 */
export function queueSmsForNotifications(rows: readonly NotificationRow[]) {
  return sql<Written>`insert into outbox_message
      (district_id, notification_id, channel, recipient_user_id, recipient_enc, recipient_masked, body)
    select n.district_id, n.id, 'sms', n.recipient_user_id, ph.phone_enc, ph.phone_masked, n.body
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.districtId)}::text[],
      ${rows.map((r) => r.recipientUserId)}::uuid[], ${textArray(rows.map((r) => r.sms))})
      as n(id, district_id, recipient_user_id, body)
    cross join lateral (
      select p.phone_enc, p.phone_masked from position p
      where p.district_id = n.district_id and p.holder_user_id = n.recipient_user_id
        and p.phone_enc is not null and p.phone_masked is not null
        and (p.valid_to is null or p.valid_to >= current_date)
      order by p.valid_from desc, p.created_at desc
      limit 1
    ) ph`;
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

/**
 * Locks up to `limit` due pending messages of the district; a concurrent dispatcher skips them. `now` names a
 * whole millisecond while PostgreSQL keeps microseconds, so a message queued earlier within it is due too.
 */
export function claimDueMessages(db: Executor, districtId: string, now: Date, limit: number) {
  const dueBefore = new Date(now.getTime() + 1);
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
    .where('nextAttemptAt', '<', dueBefore)
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
