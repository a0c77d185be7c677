import type { AuditEntry } from '@gongzhi/contract/audit';
import type { listAuditRows } from './audit.repository.ts';

type Row = Awaited<ReturnType<typeof listAuditRows>>[number];

export function presentAuditRow(row: Row): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    outcome: row.outcome as AuditEntry['outcome'],
    reason: row.reason,
    detail: row.detail && typeof row.detail === 'object' && !Array.isArray(row.detail) ? row.detail : {},
  };
}
