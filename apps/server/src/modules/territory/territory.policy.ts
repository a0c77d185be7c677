import { type Actor, isWithin, scopeOf } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import { forbidden } from '../../platform/errors.ts';

/**
 * The subtrees where the actor may use `permission`: null means the whole district (superuser).
 * @throws FORBIDDEN when no position grants the permission anywhere.
 */
export function requireScopePaths(actor: Actor, permission: Permission): string[] | null {
  const scope = scopeOf(actor, permission);
  if (scope.everywhere) return null;
  if (scope.paths.length === 0) throw forbidden();
  return scope.paths;
}

/** A community's template is readable by anyone who may view some part of the community. */
export function mayReadCommunity(actor: Actor, communityPath: string): boolean {
  const scope = scopeOf(actor, 'territory.view');
  return (
    scope.everywhere || scope.paths.some((p) => isWithin(p, [communityPath]) || isWithin(communityPath, [p]))
  );
}
