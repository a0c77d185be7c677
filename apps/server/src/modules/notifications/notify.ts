import { randomUUID } from 'node:crypto';
import { isExpression, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { actingDeputies } from '../organisation/index.ts';
import {
  insertNotifications,
  type NotificationRow,
  type NotifyText,
  queueSmsForNotifications,
} from './notifications.repository.ts';

export type { NotifyText };

export interface NotifyInput {
  districtId: string;
  recipientUserIds: readonly string[];
  event: string;
  title: NotifyText;
  body: NotifyText;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

// SMS carries the title and body in one short text; operators cut longer ones into several billed parts.
const SMS_MAX_CHARS = 300;

/** Cuts a text to `max`: here when it is known, else in SQL (by characters, as the column checks count). */
function cut(text: NotifyText, max: number): NotifyText {
  return isExpression(text) ? sql<string>`left(${text}, ${max})` : text.slice(0, max);
}

/** The SMS: title and body in one text, cut to SMS_MAX_CHARS (in SQL when either is only known there). */
function smsOf(title: NotifyText, body: NotifyText): NotifyText {
  if (!isExpression(title) && !isExpression(body)) {
    return `【共治】${body ? `${title}：${body}` : title}`.slice(0, SMS_MAX_CHARS);
  }
  return sql<string>`left(${'【共治】'}::text || case when ${body}::text <> '' then ${title}::text || '：' || ${body}::text
    else ${title}::text end, ${SMS_MAX_CHARS})`;
}

function rowsOf(inputs: readonly NotifyInput[]): NotificationRow[] {
  return inputs.flatMap((input) => {
    const title = cut(input.title, 200);
    const body = cut(input.body, 2000);
    const sms = smsOf(title, body);
    return [...new Set(input.recipientUserIds)].map((recipientUserId) => ({
      id: randomUUID(),
      districtId: input.districtId,
      recipientUserId,
      event: input.event,
      title,
      body,
      link: input.link ? input.link.slice(0, 500) : null,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      sms,
    }));
  });
}

/**
 * notify's writes for several messages, unexecuted: the notification rows and their SMS rows as two INSERTs
 * that are CTEs of the caller's statement (`with inbox as (…), outbox as (…) …`). Texts may be expressions of
 * that statement; they are cut in SQL like notify cuts the others.
 */
export function notificationWrites(inputs: readonly NotifyInput[]) {
  const rows = rowsOf(inputs);
  return { inbox: insertNotifications(rows), outbox: queueSmsForNotifications(rows) };
}

/**
 * Inserts one in-app notification per distinct recipient and queues outbound messages, in the caller's
 * executor/transaction, in one statement. Recipients with a phone on a current position in the district also
 * get an SMS. Over-long title, body and link are cut to the column limits so a notification never fails the
 * caller's change; a recipient id that is not an account fails it (foreign key), as that is a bug in the caller.
 */
export async function notify(db: Executor, input: NotifyInput): Promise<void> {
  if (input.recipientUserIds.length === 0) return;
  const { inbox, outbox } = notificationWrites([input, ...(await forDeputies(db, input))]);
  await sql`with inbox as (${inbox}) ${outbox}`.execute(db);
}

/**
 * 职责代理 (AS-09): while a chief is away, the 片长/组长 acting for him gets what is addressed to him too, marked
 * 【代…】 — unless the notice reaches the deputy anyway.
 */
async function forDeputies(db: Executor, input: NotifyInput): Promise<NotifyInput[]> {
  const direct = new Set(input.recipientUserIds);
  const acting = (await actingDeputies(db, input.districtId, [...direct])).filter(
    (d) => d.deputyUserId !== null && !direct.has(d.deputyUserId),
  );
  return acting.map((d) => ({
    ...input,
    recipientUserIds: [d.deputyUserId!],
    title: isExpression(input.title)
      ? sql<string>`${`【代${d.absentName}】`}::text || ${input.title}`
      : `【代${d.absentName}】${input.title}`,
  }));
}
