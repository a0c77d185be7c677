import { type AccessScope, hasAnyScope, scopeOf } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import type { Executor } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import * as repo from './people.repository.ts';

/** What to tell a caller who can see a household but may not do this to it. */
const DENIED: Partial<Record<Permission, string>> = {
  'registry.view': '您没有查看居民信息的权限',
  'registry.edit': '您没有修改居民信息的权限',
  'registry.reveal': '您没有查看完整证件号码或电话的权限',
  'registry.sensitive': '您没有查看或登记敏感标签的权限',
};

/**
 * The caller's scope for a permission.
 * @throws FORBIDDEN when no position grants it anywhere.
 */
export function requireScope(ctx: RequestContext, permission: Permission): AccessScope {
  const scope = scopeOf(ctx.actor, permission);
  if (!hasAnyScope(scope)) throw forbidden(DENIED[permission]);
  return scope;
}

/** Who sees sensitive tags: holders of registry.sensitive over the household. */
export const sensitiveScope = (ctx: RequestContext): AccessScope => scopeOf(ctx.actor, 'registry.sensitive');

/**
 * The household if the caller may exercise `permission` on it. Other modules use this for every record that
 * hangs off a household.
 * @throws FORBIDDEN (no such permission anywhere, or the household is visible but not within this permission's
 *   scope), NOT_FOUND (another district, outside the caller's view, or no such household)
 */
export async function findHouseholdInScope(
  db: Executor,
  ctx: RequestContext,
  householdId: string,
  permission: Permission,
) {
  const scope = requireScope(ctx, permission);
  const row = await repo.findHousehold(db, ctx.districtId, householdId, scope);
  if (row) return row;
  if (
    permission !== 'registry.view' &&
    (await repo.findHousehold(db, ctx.districtId, householdId, scopeOf(ctx.actor, 'registry.view')))
  ) {
    throw forbidden(DENIED[permission]);
  }
  throw notFound('户');
}

/**
 * The resident if the caller may exercise `permission` on his household.
 * @throws FORBIDDEN, NOT_FOUND as findHouseholdInScope
 */
export async function findResidentInScope(
  db: Executor,
  ctx: RequestContext,
  residentId: string,
  permission: Permission,
) {
  const scope = requireScope(ctx, permission);
  const row = await repo.findResident(db, ctx.districtId, residentId, scope);
  if (row) return row;
  if (
    permission !== 'registry.view' &&
    (await repo.findResident(db, ctx.districtId, residentId, scopeOf(ctx.actor, 'registry.view')))
  ) {
    throw forbidden(DENIED[permission]);
  }
  throw notFound('居民');
}
