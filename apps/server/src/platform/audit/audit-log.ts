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
  detail?: Record<string, unknown>;
}

/** Writes one audit row; call it with the transaction of the change it records. */
export async function recordAudit(exec: Executor, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await exec
    .insertInto('auditLog')
    .values({
      districtId: ctx.districtId,
      actorUserId: ctx.userId,
      actorName: ctx.actorName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      outcome: entry.outcome ?? 'success',
      reason: entry.reason ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      requestId: ctx.requestId,
      ip: ctx.ip,
    })
    .execute();
}
