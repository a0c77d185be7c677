import {
  type AccessScope,
  type Actor,
  canAtNode,
  hasAnyScope,
  isWithin,
  scopeOf,
} from '../../platform/access/actor.ts';
import {
  type Permission,
  POSITION_LABELS,
  POSITION_RULES,
  type PositionKind,
} from '../../platform/access/positions.ts';
import { forbidden } from '../../platform/errors.ts';

/** 403 when no position of the actor grants `permission` anywhere; checked before any record is read. */
export function requirePermission(actor: Actor, permission: Permission): AccessScope {
  const scope = scopeOf(actor, permission);
  if (!hasAnyScope(scope)) throw forbidden();
  return scope;
}

/** A 邻长 may read his own position and its households even though his scope is linked households only. */
export function canViewPosition(actor: Actor, position: { id: string; nodePath: string }): boolean {
  const scope = scopeOf(actor, 'organisation.view');
  return (
    scope.everywhere ||
    isWithin(position.nodePath, scope.paths) ||
    scope.linkedPositionIds.includes(position.id)
  );
}

/**
 * Granting a position grants its holder's login the position's permissions: only a superuser or an 系统管理员
 * over the node may create an admin, and nobody may grant at a node what he may not do there himself.
 */
export function assertMayGrant(actor: Actor, kind: PositionKind, nodePath: string): void {
  if (actor.isSuperuser) return;
  if (kind === 'admin') {
    const isAdminHere = actor.positions.some((p) => p.kind === 'admin' && isWithin(nodePath, [p.nodePath]));
    if (!isAdminHere) throw forbidden('只有系统管理员可以授予“系统管理员”职务');
    return;
  }
  // A linked-scope kind (邻长) only reaches its own households, which the granter already manages.
  const rule = POSITION_RULES[kind];
  if (rule.scope === 'subtree' && rule.permissions.some((perm) => !canAtNode(actor, perm, nodePath)))
    throw forbidden(`您无权授予“${POSITION_LABELS[kind]}”职务：它的权限超出了您自己的权限`);
}
