import {
  type LevelTemplate,
  LevelTemplateSchema,
  MAX_CHILDREN,
  type TerritoryNode,
} from '@gongzhi/contract/territory';
import { canAtNode, isWithin } from '../../platform/access/actor.ts';
import { type Permission, POSITION_KINDS } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { mayReadCommunity, requireScopePaths } from './territory.policy.ts';
import { type NodeRow, presentNode } from './territory.presenter.ts';
import * as repo from './territory.repository.ts';
import {
  CHIEF_KINDS,
  defaultLevelTemplate,
  isValidParentLevel,
  LEVEL_LABELS,
  levelNamesOf,
  moveProblem,
  OFFICIAL_LEVELS,
  outermostPaths,
  type TerritoryLevel,
} from './territory-tree.ts';

type Node = NonNullable<Awaited<ReturnType<typeof repo.findNodeWithState>>>;

/**
 * The node if it lies in the caller's district and within a subtree where she holds `permission`.
 * @throws FORBIDDEN when no position grants `permission` at all; NOT_FOUND otherwise.
 */
export async function findNodeInScope(
  db: Executor,
  ctx: RequestContext,
  nodeId: string,
  permission: Permission,
): Promise<Node> {
  requireScopePaths(ctx.actor, permission);
  const node = await repo.findNodeWithState(db, ctx.districtId, nodeId);
  if (!node || !canAtNode(ctx.actor, permission, node.path)) throw notFound('节点');
  return node;
}

/** The community's level template as stored by setup or the last PUT; the default when none is stored. */
export async function getLevelTemplate(
  db: Executor,
  districtId: string,
  communityId: string,
): Promise<LevelTemplate> {
  const row = await repo.findLevelTemplateRow(db, districtId, communityId);
  return parseTemplate(row?.levels);
}

function parseTemplate(stored: unknown): LevelTemplate {
  const parsed = LevelTemplateSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultLevelTemplate();
}

/** Counts and level names for nodes in a bounded number of queries, then DTOs in the given order. */
async function present(
  db: Executor,
  districtId: string,
  rows: (NodeRow & { path: string })[],
): Promise<TerritoryNode[]> {
  const paths = rows.map((r) => r.path);
  const [counts, templates] = await Promise.all([
    repo.subtreeCounts(
      db,
      districtId,
      rows.map((r) => r.id),
      CHIEF_KINDS,
    ),
    repo.templatesAbove(db, districtId, paths),
  ]);
  const namesByCommunity = templates.map((t) => ({
    path: t.path,
    names: levelNamesOf(parseTemplate(t.levels)),
  }));
  return rows.map((row) => {
    const names = namesByCommunity.find((c) => isWithin(row.path, [c.path]))?.names ?? LEVEL_LABELS;
    return presentNode(row, counts.get(row.id), names);
  });
}

async function presentOne(db: Executor, districtId: string, row: Node): Promise<TerritoryNode> {
  const [dto] = await present(db, districtId, [row]);
  return dto!;
}

/**
 * The outermost nodes where the caller may view the territory: the district node for a superuser.
 * @throws FORBIDDEN
 */
export async function listRoots(db: Database, ctx: RequestContext, includeRetired: boolean) {
  const scopePaths = requireScopePaths(ctx.actor, 'territory.view');
  const rows = scopePaths
    ? await repo.findNodesByPaths(db, ctx.districtId, outermostPaths(scopePaths), includeRetired)
    : await repo.findDistrictRoot(db, ctx.districtId);
  return { items: await present(db, ctx.districtId, rows), isTruncated: false };
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function listChildren(
  db: Database,
  ctx: RequestContext,
  nodeId: string,
  includeRetired: boolean,
) {
  const node = await findNodeInScope(db, ctx, nodeId, 'territory.view');
  const rows = await repo.listChildren(db, ctx.districtId, node.id, includeRetired, MAX_CHILDREN + 1);
  return {
    items: await present(db, ctx.districtId, rows.slice(0, MAX_CHILDREN)),
    isTruncated: rows.length > MAX_CHILDREN,
  };
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getNode(db: Database, ctx: RequestContext, nodeId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'territory.view');
  const [dto, ancestors] = await Promise.all([
    presentOne(db, ctx.districtId, node),
    repo.ancestorsOf(db, ctx.districtId, node.path),
  ]);
  return {
    node: dto,
    ancestors: ancestors.map((a) => ({
      id: a.id,
      level: a.level as TerritoryLevel,
      name: a.name,
      isInScope: canAtNode(ctx.actor, 'territory.view', a.path),
    })),
  };
}

/** @throws FORBIDDEN */
export async function searchNodes(
  db: Database,
  ctx: RequestContext,
  query: { q: string; level?: TerritoryLevel | undefined; limit: number; includeRetired: boolean },
) {
  const scopePaths = requireScopePaths(ctx.actor, 'territory.view');
  const rows = await repo.searchNodes(db, ctx.districtId, { ...query, level: query.level, scopePaths });
  return {
    items: rows.map((r) => ({ ...r, level: r.level as TerritoryLevel, fullName: r.fullName ?? r.name })),
  };
}

function requireLocal(node: Node, action: string) {
  if (OFFICIAL_LEVELS.includes(node.level as TerritoryLevel)) {
    throw new AppError('CONFLICT', `“${node.name}”是国家统计用区划，不能${action}`);
  }
}

function requireActive(node: Node, what: string) {
  if (!node.isActive) throw new AppError('CONFLICT', `${what}“${node.name}”已撤销`);
}

async function requireUniqueName(
  trx: Executor,
  districtId: string,
  parentId: string,
  name: string,
  exceptId?: string,
) {
  if (await repo.findActiveSiblingByName(trx, districtId, parentId, name, exceptId)) {
    throw new AppError('CONFLICT', `同一上级下已有名为“${name}”的节点`, { name: '同一上级下已有同名节点' });
  }
}

async function requireCommunity(db: Executor, districtId: string, path: string) {
  const community = await repo.communityOf(db, districtId, path);
  if (!community) throw new AppError('CONFLICT', '该节点不在任何社区之下');
  return community;
}

/**
 * Adds a node below a community-level-or-lower parent, with a never-reused generated code.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (level), CONFLICT (name taken, parent retired)
 */
export async function createNode(
  db: Database,
  ctx: RequestContext,
  input: { parentId: string; level: TerritoryLevel; name: string; validFrom?: string | undefined },
) {
  const parent = await findNodeInScope(db, ctx, input.parentId, 'territory.manage');
  requireActive(parent, '上级节点');
  if (!isValidParentLevel(parent.level as TerritoryLevel, input.level)) {
    throw invalid(
      'level',
      `${LEVEL_LABELS[parent.level as TerritoryLevel]}下不能建${LEVEL_LABELS[input.level]}`,
    );
  }
  return db.transaction().execute(async (trx) => {
    await repo.lockChildrenOf(trx, parent.id);
    await requireUniqueName(trx, ctx.districtId, parent.id, input.name);
    const community = await requireCommunity(trx, ctx.districtId, parent.path);
    const code = await repo.newGeneratedCode(trx, ctx.districtId, community.code, input.level);
    const inserted = await repo.insertNode(trx, {
      districtId: ctx.districtId,
      parentId: parent.id,
      parentPath: parent.path,
      level: input.level,
      code,
      name: input.name,
      ...(input.validFrom ? { validFrom: input.validFrom } : {}),
    });
    await recordAudit(trx, ctx.audit, {
      action: 'territory.create',
      entityType: 'territory_node',
      entityId: inserted.id,
      detail: {
        after: { parentId: parent.id, parentName: parent.name, level: input.level, code, name: input.name },
      },
    });
    return presentOne(trx, ctx.districtId, (await repo.findNodeWithState(trx, ctx.districtId, inserted.id))!);
  });
}

/** @throws FORBIDDEN, NOT_FOUND, CONFLICT (official node, name taken) */
export async function renameNode(db: Database, ctx: RequestContext, nodeId: string, name: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'territory.manage');
  requireLocal(node, '改名');
  return db.transaction().execute(async (trx) => {
    await repo.lockChildrenOf(trx, node.parentId!);
    await requireUniqueName(trx, ctx.districtId, node.parentId!, name, node.id);
    await repo.renameNode(trx, ctx.districtId, node.id, name);
    await recordAudit(trx, ctx.audit, {
      action: 'territory.rename',
      entityType: 'territory_node',
      entityId: node.id,
      detail: { before: { name: node.name }, after: { name } },
    });
    return presentOne(trx, ctx.districtId, (await repo.findNodeWithState(trx, ctx.districtId, node.id))!);
  });
}

const MOVE_MESSAGES = {
  official: '国家统计用区划节点不能移动',
  cycle: '不能把节点移到它自己或它的下级之下',
  other_community: '只能在同一社区内调整上级',
  level: '新上级的层级不适合此节点',
} as const;

/**
 * Moves a node and its subtree under another parent of the same community; paths rewritten in one UPDATE.
 * @throws FORBIDDEN, NOT_FOUND, TERRITORY_CYCLE, VALIDATION_FAILED (parentId), CONFLICT
 */
export async function moveNode(db: Database, ctx: RequestContext, nodeId: string, parentId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'territory.manage');
  const parent = await findNodeInScope(db, ctx, parentId, 'territory.manage');
  requireActive(node, '节点');
  requireActive(parent, '新上级');
  if (node.parentId === parent.id) return presentOne(db, ctx.districtId, node);
  const [nodeCommunity, parentCommunity] = await Promise.all([
    repo.communityOf(db, ctx.districtId, node.path),
    repo.communityOf(db, ctx.districtId, parent.path),
  ]);
  const problem = moveProblem(
    { level: node.level as TerritoryLevel, path: node.path },
    { level: parent.level as TerritoryLevel, path: parent.path },
    { node: nodeCommunity?.path ?? null, parent: parentCommunity?.path ?? null },
  );
  if (problem === 'cycle')
    throw new AppError('TERRITORY_CYCLE', MOVE_MESSAGES.cycle, { parentId: MOVE_MESSAGES.cycle });
  if (problem === 'official') throw new AppError('CONFLICT', MOVE_MESSAGES.official);
  if (problem) throw invalid('parentId', MOVE_MESSAGES[problem]);
  return db.transaction().execute(async (trx) => {
    await repo.lockChildrenOf(trx, parent.id);
    await requireUniqueName(trx, ctx.districtId, parent.id, node.name);
    const before = await repo.findNode(trx, ctx.districtId, node.parentId!);
    await repo.moveSubtree(trx, ctx.districtId, node, parent);
    await recordAudit(trx, ctx.audit, {
      action: 'territory.move',
      entityType: 'territory_node',
      entityId: node.id,
      detail: {
        before: { parentId: node.parentId, parentName: before?.name ?? null },
        after: { parentId: parent.id, parentName: parent.name },
      },
    });
    return presentOne(trx, ctx.districtId, (await repo.findNodeWithState(trx, ctx.districtId, node.id))!);
  });
}

/**
 * Ends a node's validity today; its code is never reused.
 * @throws FORBIDDEN, NOT_FOUND, TERRITORY_HAS_CHILDREN, CONFLICT (official or already retired)
 */
export async function retireNode(db: Database, ctx: RequestContext, nodeId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'territory.manage');
  requireLocal(node, '撤销');
  requireActive(node, '节点');
  return db.transaction().execute(async (trx) => {
    await repo.lockChildrenOf(trx, node.id);
    const { children, households } = await repo.occupantsOf(trx, ctx.districtId, node);
    if (children > 0 || households > 0) {
      throw new AppError(
        'TERRITORY_HAS_CHILDREN',
        `“${node.name}”下还有 ${children} 个下级节点、${households} 户在册住户，请先撤销或迁出`,
      );
    }
    await repo.retireNode(trx, ctx.districtId, node.id);
    const after = (await repo.findNodeWithState(trx, ctx.districtId, node.id))!;
    await recordAudit(trx, ctx.audit, {
      action: 'territory.retire',
      entityType: 'territory_node',
      entityId: node.id,
      detail: { before: { validTo: node.validTo }, after: { validTo: after.validTo } },
    });
    return presentOne(trx, ctx.districtId, after);
  });
}

async function findCommunityNode(db: Executor, ctx: RequestContext, communityId: string) {
  const node = await repo.findNodeWithState(db, ctx.districtId, communityId);
  if (node?.level !== 'community') throw notFound('社区');
  return node;
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function readLevelTemplate(db: Database, ctx: RequestContext, communityId: string) {
  requireScopePaths(ctx.actor, 'territory.view');
  const community = await findCommunityNode(db, ctx, communityId);
  if (!mayReadCommunity(ctx.actor, community.path)) throw notFound('社区');
  const row = await repo.findLevelTemplateRow(db, ctx.districtId, community.id);
  return {
    communityId,
    ...parseTemplate(row?.levels),
    updatedAt: (row?.updatedAt ?? new Date(0)).toISOString(),
  };
}

/**
 * Replaces the community's level names and span rules.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (unknown position kind)
 */
export async function updateLevelTemplate(
  db: Database,
  ctx: RequestContext,
  communityId: string,
  template: LevelTemplate,
) {
  requireScopePaths(ctx.actor, 'territory.manage');
  const community = await findCommunityNode(db, ctx, communityId);
  if (!canAtNode(ctx.actor, 'territory.manage', community.path)) {
    if (mayReadCommunity(ctx.actor, community.path)) throw forbidden('只有社区管理人员可以修改层级模板');
    throw notFound('社区');
  }
  template.spans.forEach((s, i) => {
    if (!(POSITION_KINDS as readonly string[]).includes(s.positionKind)) {
      throw invalid(`spans.${i}.positionKind`, `没有这种职务：${s.positionKind}`);
    }
  });
  return db.transaction().execute(async (trx) => {
    const before = await repo.findLevelTemplateRow(trx, ctx.districtId, community.id);
    const saved = await repo.saveLevelTemplate(trx, ctx.districtId, community.id, template);
    await recordAudit(trx, ctx.audit, {
      action: 'territory.template.update',
      entityType: 'level_template',
      entityId: community.id,
      detail: { before: before?.levels ?? null, after: template },
    });
    return { communityId, ...template, updatedAt: saved.updatedAt.toISOString() };
  });
}
