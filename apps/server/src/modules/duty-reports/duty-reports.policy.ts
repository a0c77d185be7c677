import { type AccessScope, type Actor, canAtNode, scopeOf } from '../../platform/access/actor.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

/**
 * 两委 (and above) evaluate over their subtree. Lacking duty.evaluate anywhere is 403; a community outside the
 * subtree is 404.
 */
export function requireEvaluateScope(actor: Actor): AccessScope {
  const scope = scopeOf(actor, 'duty.evaluate');
  if (!scope.everywhere && scope.paths.length === 0) throw forbidden('您没有管理述职的权限');
  return scope;
}

export function requireEvaluateAt(actor: Actor, path: string | undefined, what = '社区'): void {
  requireEvaluateScope(actor);
  if (!path || !canAtNode(actor, 'duty.evaluate', path)) throw notFound(what);
}

/** The chief's own positions (linked scope): only the holder reports for his post. */
export function ownChiefPositions(actor: Actor): string[] {
  const scope = scopeOf(actor, 'duty.report');
  if (!scope.everywhere && scope.paths.length === 0 && scope.linkedPositionIds.length === 0)
    throw forbidden('只有户长、邻长需要述职');
  return scope.linkedPositionIds;
}

export function requireOwnChief(actor: Actor, positionId: string): void {
  if (!ownChiefPositions(actor).includes(positionId)) throw notFound('职务');
}
