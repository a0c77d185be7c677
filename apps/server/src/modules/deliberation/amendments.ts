import type { AddAmendmentBody } from '@gongzhi/contract/deliberation';
import { sql } from 'kysely';
import { type AuditContext, recordAudit } from '../../platform/audit/audit-log.ts';
import type { Executor } from '../../platform/db/database.ts';

/**
 * Corrections of a record that is append-only once final (a topic's decision record, a closed meeting's minutes):
 * one table per owner, the same columns, read and written here for both.
 */
const OWNERS = {
  topic: { table: sql.table('topic_amendment'), column: sql.ref('topic_id'), action: 'topic.amend' },
  meeting: { table: sql.table('meeting_amendment'), column: sql.ref('meeting_id'), action: 'meetings.amend' },
} as const;
export type AmendedRecord = { kind: keyof typeof OWNERS; id: string };

/** The record's amendments, oldest first, with their authors' names. */
export async function listAmendments(db: Executor, districtId: string, record: AmendedRecord) {
  const { table, column } = OWNERS[record.kind];
  const { rows } = await sql<{
    id: string;
    corrects: string;
    text: string;
    authorName: string;
    createdAt: Date;
  }>`
    select a.id, a.corrects, a.text, u.display_name as "authorName", a.created_at as "createdAt"
    from ${table} a join app_user u on u.id = a.author_user_id
    where a.district_id = ${districtId} and a.${column} = ${record.id}::uuid
    order by a.created_at`.execute(db);
  return rows;
}

/** Appends an amendment by the audit context's user, with its audit row, in the caller's transaction. */
export async function addAmendmentTo(
  tx: Executor,
  audit: AuditContext,
  record: AmendedRecord,
  body: AddAmendmentBody,
): Promise<void> {
  const { table, column, action } = OWNERS[record.kind];
  const corrects = body.corrects.trim();
  const { rows } = await sql<{ id: string }>`
    insert into ${table} (district_id, ${column}, corrects, text, author_user_id)
    values (${audit.districtId}, ${record.id}::uuid, ${corrects}, ${body.text.trim()}, ${audit.userId}::uuid)
    returning id`.execute(tx);
  await recordAudit(tx, audit, {
    action,
    entityType: record.kind,
    entityId: record.id,
    detail: { amendmentId: rows[0]!.id, corrects },
  });
}
