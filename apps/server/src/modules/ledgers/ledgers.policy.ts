import { type Actor, canAtNode, hasAnyScope, scopeOf } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

/**
 * Ledger import needs registry.import at the community; export needs registry.export at the node, and an
 * unmasked export registry.reveal as well. Lacking a permission everywhere is 403; lacking it here is 404.
 */
export function requireAtNode(
  actor: Actor,
  permissions: readonly Permission[],
  nodePath: string,
  what: string,
): void {
  for (const p of permissions) {
    if (!hasAnyScope(scopeOf(actor, p))) throw forbidden(PERMISSION_MESSAGES[p] ?? '您没有执行此操作的权限');
  }
  for (const p of permissions) if (!canAtNode(actor, p, nodePath)) throw notFound(what);
}

/** Checked before an upload is read, so a caller without the permission never sends us a file. */
export function requireSomewhere(actor: Actor, permission: Permission): void {
  if (!hasAnyScope(scopeOf(actor, permission))) throw forbidden(PERMISSION_MESSAGES[permission]);
}

const PERMISSION_MESSAGES: Partial<Record<Permission, string>> = {
  'registry.import': '您没有导入台账的权限',
  'registry.export': '您没有导出台账的权限',
  'registry.reveal': '您没有查看未脱敏身份证号和电话的权限，不能导出未脱敏台账',
};
