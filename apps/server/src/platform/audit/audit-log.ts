import { type Expression, isExpression, type QueryCreator } from 'kysely';
import type { DB, Json } from '../../db/db.generated.ts';
import type { Executor } from '../db/database.ts';

export interface AuditContext {
  districtId: string;
  userId: string | null;
  actorName: string;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  outcome?: 'success' | 'denied' | 'failed';
  reason?: string | null;
  /** The detail object, or a jsonb expression when part of it is only known inside the statement. */
  detail?: Record<string, unknown> | Expression<Json>;
}

/** The context of work the system does on its own (scheduled jobs): no user, shown as 系统. */
export function systemAudit(districtId: string): AuditContext {
  return { districtId, userId: null, actorName: '系统', requestId: null, ip: null };
}

/** The one definition of what an audit row holds. */
function auditRow(ctx: AuditContext, entry: AuditEntry) {
  return {
    districtId: ctx.districtId,
    actorUserId: ctx.userId,
    actorName: ctx.actorName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    outcome: entry.outcome ?? 'success',
    reason: entry.reason ?? null,
    detail: isExpression(entry.detail) ? entry.detail : JSON.stringify(entry.detail ?? {}),
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
}

/**
 * The audit row's INSERT, unexecuted: a data-modifying CTE of a bigger statement (`.with('audit', (qc) =>
 * auditInsert(qc, …))`) so a change and its audit row are written by one atomic statement.
 */
export function auditInsert(qc: QueryCreator<DB>, ctx: AuditContext, entry: AuditEntry) {
  return qc.insertInto('auditLog').values(auditRow(ctx, entry));
}

/** Writes one audit row; call it with the transaction of the change it records. */
export async function recordAudit(exec: Executor, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await auditInsert(exec, ctx, entry).execute();
}
