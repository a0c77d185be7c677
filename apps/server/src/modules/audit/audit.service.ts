import type { AuditQuery } from '@gongzhi/contract/audit';
import { scopeOf } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { presentAuditRow } from './audit.presenter.ts';
import { listAuditRows } from './audit.repository.ts';

/**
 * The caller's district audit log, filtered, newest first, one keyset page.
 * @throws FORBIDDEN without audit.view
 */
export async function listAudit(db: Database, ctx: RequestContext, query: AuditQuery) {
  const scope = scopeOf(ctx.actor, 'audit.view');
  if (!scope.everywhere && scope.paths.length === 0)
    throw forbidden('只有管理员和书记、主任可以查看操作日志');
  const rows = await listAuditRows(db, ctx.districtId, query);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(presentAuditRow),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
  };
}
