import {
  type AccessScope,
  type Actor,
  canAtNode,
  hasAnyScope,
  scopeOf,
} from '../../platform/access/actor.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

/**
 * Statistics need cases.stats: district-wide for superusers, otherwise over the subtrees of the caller's
 * positions (书记, 主任, 两委, 网格长, 片长). Lacking it anywhere is 403; a node outside it is 404.
 */
export function requireStatsScope(actor: Actor): AccessScope {
  const scope = scopeOf(actor, 'cases.stats');
  if (!hasAnyScope(scope) || (!scope.everywhere && scope.paths.length === 0))
    throw forbidden('您没有查看诉求统计的权限');
  return scope;
}

export function requireStatsAtNode(actor: Actor, path: string | undefined): void {
  if (!path || !canAtNode(actor, 'cases.stats', path)) throw notFound('区域节点');
}

/** Weights apply to the whole district, so only who holds cases.stats at its root may change them. */
export function requireDistrictWide(actor: Actor, rootPath: string | undefined): void {
  requireStatsScope(actor);
  if (!rootPath || !canAtNode(actor, 'cases.stats', rootPath))
    throw forbidden('只有区县管理员可以设置综合得分权重');
}
