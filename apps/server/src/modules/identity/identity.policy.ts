import type { Actor } from '../../platform/access/actor.ts';
import { canAtNode } from '../../platform/access/actor.ts';
import { type Permission, POSITION_RULES } from '../../platform/access/positions.ts';
import { forbidden } from '../../platform/errors.ts';

const hasAnywhere = (actor: Actor, permission: Permission) =>
  actor.isSuperuser || actor.positions.some((p) => POSITION_RULES[p.kind].permissions.includes(permission));

/** @throws FORBIDDEN unless some position grants organisation.manage (account administration). */
export function requireAccountManager(actor: Actor): void {
  if (!hasAnywhere(actor, 'organisation.manage')) throw forbidden('您没有管理账号的权限');
}

/** @throws FORBIDDEN unless some position grants organisation.view (account lists and pickers). */
export function requireAccountViewer(actor: Actor): void {
  if (!hasAnywhere(actor, 'organisation.view')) throw forbidden('您没有查看账号的权限');
}

/**
 * May the actor reset the password of a user who acts here? Only a superuser for a superuser or for someone who
 * also acts in another district; otherwise every position the user holds here must lie in the actor's scope.
 * Resident accounts are checked by the caller against the registry scope.
 * @throws FORBIDDEN
 */
export function requireResetAllowed(
  actor: Actor,
  districtId: string,
  target: { isSuperuser: boolean },
  footprint: { positions: { districtId: string; nodePath: string }[]; residents: { districtId: string }[] },
): void {
  if (actor.isSuperuser) return;
  const denied = forbidden('该账号超出您的管辖范围，请由上级管理员重置密码');
  if (target.isSuperuser) throw denied;
  if ([...footprint.positions, ...footprint.residents].some((f) => f.districtId !== districtId)) throw denied;
  for (const p of footprint.positions) if (!canAtNode(actor, 'organisation.manage', p.nodePath)) throw denied;
}
