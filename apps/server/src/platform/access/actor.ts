import { type Permission, POSITION_RULES, type PositionKind } from './positions.ts';

export interface ActorPosition {
  id: string;
  kind: PositionKind;
  nodeId: string;
  /** ltree path of the node the position is held at. */
  nodePath: string;
}

/** Who is acting, in which district, holding which positions there. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  isSuperuser: boolean;
  districtId: string | null;
  positions: ActorPosition[];
}

/** Where an actor may exercise a permission: node subtrees, and the households linked to some positions. */
export interface AccessScope {
  everywhere: boolean;
  paths: string[];
  linkedPositionIds: string[];
}

export function scopeOf(actor: Actor, permission: Permission): AccessScope {
  if (actor.isSuperuser) return { everywhere: true, paths: [], linkedPositionIds: [] };
  const paths: string[] = [];
  const linkedPositionIds: string[] = [];
  for (const p of actor.positions) {
    const rule = POSITION_RULES[p.kind];
    if (!rule.permissions.includes(permission)) continue;
    if (rule.scope === 'subtree') paths.push(p.nodePath);
    else linkedPositionIds.push(p.id);
  }
  return { everywhere: false, paths, linkedPositionIds };
}

export function hasAnyScope(scope: AccessScope): boolean {
  return scope.everywhere || scope.paths.length > 0 || scope.linkedPositionIds.length > 0;
}

/** True when `path` lies at or below one of `ancestors` (ltree semantics on dotted labels). */
export function isWithin(path: string, ancestors: readonly string[]): boolean {
  return ancestors.some((a) => path === a || path.startsWith(`${a}.`));
}

/** May the actor exercise `permission` at the node with this path (subtree scopes only)? */
export function canAtNode(actor: Actor, permission: Permission, nodePath: string): boolean {
  const scope = scopeOf(actor, permission);
  return scope.everywhere || isWithin(nodePath, scope.paths);
}
