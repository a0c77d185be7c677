import { type Actor, canAtNode, scopeOf } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

/** Meetings and rotas are kept per node subtree; 户长 and other linked positions see them as invitees. */
export function requireMeetingsPermission(actor: Actor, permission: Permission): void {
  const scope = scopeOf(actor, permission);
  if (!scope.everywhere && scope.paths.length === 0) {
    throw forbidden(permission === 'meetings.manage' ? '您没有安排会议的权限' : '您没有查看会议的权限');
  }
}

export function canManageAt(actor: Actor, nodePath: string): boolean {
  return canAtNode(actor, 'meetings.manage', nodePath);
}

export function canViewAt(actor: Actor, nodePath: string): boolean {
  return canAtNode(actor, 'meetings.view', nodePath) || canManageAt(actor, nodePath);
}

/** A visible record the caller may not change is 403; one she cannot see at all stays 404. */
export function requireManage(actor: Actor, nodePath: string, isVisible: boolean, what: string): void {
  if (canManageAt(actor, nodePath)) return;
  if (isVisible) throw forbidden(`您没有管理该${what}的权限`);
  throw notFound(what);
}
