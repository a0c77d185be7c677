import type { AuditQuery } from '@gongzhi/contract/audit';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/** One page of the district's audit log, newest first, keyset on id (ids only grow). */
export function listAuditRows(db: Executor, districtId: string, f: AuditQuery) {
  let q = db
    .selectFrom('auditLog as a')
    .select([
      'a.id',
      'a.at',
      'a.actorName',
      'a.action',
      'a.entityType',
      'a.entityId',
      'a.outcome',
      'a.reason',
      'a.detail',
    ])
    .where('a.districtId', '=', districtId);
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.entityType) q = q.where('a.entityType', '=', f.entityType);
  if (f.entityId) q = q.where('a.entityId', '=', f.entityId);
  if (f.actorUserId) q = q.where('a.actorUserId', '=', f.actorUserId);
  if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
  // Business dates are Asia/Shanghai days: [from 00:00, to + 1 day 00:00) there.
  if (f.from) q = q.where('a.at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) q = q.where('a.at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.cursor) q = q.where('a.id', '<', Number(f.cursor));
  return q
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
