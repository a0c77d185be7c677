import { sql } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Executor } from '../../platform/db/database.ts';
import { inSubtree } from '../../platform/db/subtree.ts';
import { activeToday } from '../../platform/db/validity.ts';
import { childPath, generatedCode, type TerritoryLevel } from './territory-tree.ts';

export const nodeColumns = [
  'n.id',
  'n.parentId',
  'n.level',
  'n.code',
  'n.name',
  'n.validFrom',
  'n.validTo',
  sql<string>`n.path::text`.as('path'),
] as const;

export function sortKey(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array' }).join(' ');
}

export function findNode(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(nodeColumns)
    .where('n.districtId', '=', districtId)
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export function findNodeByCode(db: Executor, districtId: string, code: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(nodeColumns)
    .where('n.districtId', '=', districtId)
    .where('n.code', '=', code)
    .executeTakeFirst();
}

/** Next never-reused counter for generated codes of one level in one community. */
export async function nextCounter(db: Executor, districtId: string, scope: string): Promise<number> {
  const row = await db
    .insertInto('codeCounter')
    .values({ districtId, scope, lastValue: 1 })
    .onConflict((oc) =>
      oc.columns(['districtId', 'scope']).doUpdateSet({ lastValue: sql`code_counter.last_value + 1` }),
    )
    .returning('lastValue')
    .executeTakeFirstOrThrow();
  return row.lastValue;
}

export interface InsertNode {
  districtId: string;
  parentPath: string | null;
  parentId: string | null;
  level: TerritoryLevel;
  code: string;
  name: string;
  validFrom?: string;
}

export async function insertNode(db: Executor, n: InsertNode) {
  const { nodeNo } = await sql<{ nodeNo: number }>`select nextval('territory_node_no_seq') as node_no`
    .execute(db)
    .then((r) => r.rows[0]!);
  return db
    .insertInto('territoryNode')
    .values({
      districtId: n.districtId,
      nodeNo,
      parentId: n.parentId,
      level: n.level,
      code: n.code,
      name: n.name,
      path: childPath(n.parentPath, nodeNo),
      sortKey: sortKey(n.name),
      ...(n.validFrom ? { validFrom: n.validFrom } : {}),
    })
    .returning([
      'id',
      'parentId',
      'level',
      'code',
      'name',
      'validFrom',
      'validTo',
      sql<string>`path::text`.as('path'),
    ])
    .executeTakeFirstOrThrow();
}

/** Code for a new node below community level, e.g. 430304008004-LD0007. */
export async function newGeneratedCode(
  db: Executor,
  districtId: string,
  communityCode: string,
  level: TerritoryLevel,
) {
  const counter = await nextCounter(db, districtId, `${communityCode}:${level}`);
  return generatedCode(communityCode, level, counter);
}

export function findDivision(db: Executor, code: string) {
  return db.selectFrom('division').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Makes sure the district (tenant), its 街道 and the community exist as territory nodes, taking names and
 * codes from the national division table. Returns the community node.
 */
export async function ensureCommunity(db: Executor, communityCode: string) {
  const community = await findDivision(db, communityCode);
  if (community?.level !== 5) throw new Error(`no community ${communityCode} in the division table`);
  const streetCode = communityCode.slice(0, 9);
  const districtId = communityCode.slice(0, 6);
  const [street, district] = await Promise.all([findDivision(db, streetCode), findDivision(db, districtId)]);
  if (!street || !district) throw new Error(`division chain of ${communityCode} is incomplete`);
  await db
    .insertInto('district')
    .values({ id: districtId, name: district.name, fullName: district.fullName })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  let parent = null as { id: string; path: string } | null;
  for (const [level, division] of [
    ['district', district],
    ['subdistrict', street],
    ['community', community],
  ] as const) {
    const existing = await findNodeByCode(db, districtId, division.code);
    parent =
      existing ??
      (await insertNode(db, {
        districtId,
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? null,
        level,
        code: division.code,
        name: division.name,
      }));
  }
  const node = await findNodeByCode(db, districtId, communityCode);
  return { districtId, node: node! };
}

/** A node is active until its valid_to day arrives (retiring sets valid_to to today). */
const isActiveSql = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.validTo`)} is null or ${sql.ref(`${alias}.validTo`)} > current_date)`;

const nodeListColumns = [...nodeColumns, isActiveSql('n').as('isActive')] as const;

export function findDistrictRoot(db: Executor, districtId: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(nodeListColumns)
    .where('n.districtId', '=', districtId)
    .where('n.level', '=', 'district')
    .execute();
}

export function findNodesByPaths(db: Executor, districtId: string, paths: string[], includeRetired: boolean) {
  if (paths.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('territoryNode as n')
    .select(nodeListColumns)
    .where('n.districtId', '=', districtId)
    .where(sql<boolean>`n.path = any(${paths}::ltree[])`);
  if (!includeRetired) q = q.where(isActiveSql('n'));
  return q.orderBy('n.path').execute();
}

export function findNodeWithState(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(nodeListColumns)
    .where('n.districtId', '=', districtId)
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export function listChildren(
  db: Executor,
  districtId: string,
  parentId: string,
  includeRetired: boolean,
  limit: number,
) {
  let q = db
    .selectFrom('territoryNode as n')
    .select(nodeListColumns)
    .where('n.districtId', '=', districtId)
    .where('n.parentId', '=', parentId);
  if (!includeRetired) q = q.where(isActiveSql('n'));
  return q.orderBy('n.sortKey').orderBy('n.nodeNo').limit(limit).execute();
}

export interface NodeCounts {
  households: number;
  residents: number;
  chiefs: number;
  childCount: number;
}

/**
 * Subtree counts for several nodes in ONE statement: each target's subtree is found by ltree `<@` (GiST),
 * so the cost is the size of the subtrees, never one query per node.
 */
export async function subtreeCounts(
  db: Executor,
  districtId: string,
  ids: string[],
  chiefKinds: readonly string[],
) {
  const result = new Map<string, NodeCounts>();
  if (ids.length === 0) return result;
  const { rows } = await sql<NodeCounts & { id: string }>`
    with t as (
      select id, path from territory_node where district_id = ${districtId} and id = any(${ids}::uuid[])
    )
    select t.id,
      coalesce(hh.households, 0)::int as households,
      coalesce(rr.residents, 0)::int as residents,
      coalesce(ch.chiefs, 0)::int as chiefs,
      coalesce(kids.child_count, 0)::int as child_count
    from t
    left join lateral (
      select count(*) as households from household h
      where h.district_id = ${districtId} and h.status = 'active' and ${inSubtree(sql`h.node_path`, sql`t.path`)}
    ) hh on true
    left join lateral (
      select count(*) as residents
      from household h
      join resident r on r.district_id = h.district_id and r.household_id = h.id and r.status = 'active'
      where h.district_id = ${districtId} and h.status = 'active' and ${inSubtree(sql`h.node_path`, sql`t.path`)}
    ) rr on true
    left join lateral (
      select count(*) as chiefs
      from territory_node d
      join position p on p.district_id = d.district_id and p.node_id = d.id
      where d.district_id = ${districtId} and d.path <@ t.path
        and (d.valid_to is null or d.valid_to > current_date)
        and p.kind = any(${[...chiefKinds]}::text[])
        and ${activeToday('p')}
    ) ch on true
    left join lateral (
      select count(*) as child_count from territory_node c
      where c.district_id = ${districtId} and c.parent_id = t.id and (c.valid_to is null or c.valid_to > current_date)
    ) kids on true
  `.execute(db);
  for (const { id, ...counts } of rows) result.set(id, counts);
  return result;
}

/** Every ancestor of `path` (not the node itself), top first. */
export function ancestorsOf(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(['n.id', 'n.level', 'n.name', sql<string>`n.path::text`.as('path')])
    .where('n.districtId', '=', districtId)
    .where(sql<boolean>`n.path @> ${path}::ltree and n.path <> ${path}::ltree`)
    .orderBy(sql`nlevel(n.path)`)
    .execute();
}

/** The community node at or above `path`. */
export function communityOf(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('territoryNode as n')
    .select(nodeColumns)
    .where('n.districtId', '=', districtId)
    .where('n.level', '=', 'community')
    .where(sql<boolean>`n.path @> ${path}::ltree`)
    .executeTakeFirst();
}

export interface NodeSearch {
  q: string;
  level: TerritoryLevel | undefined;
  /** Subtrees to search in; null for the whole district. */
  scopePaths: string[] | null;
  includeRetired: boolean;
  limit: number;
}

/** Nodes whose name contains `q`, with names from the community (or the scope root above it) down. */
export function searchNodes(db: Executor, districtId: string, s: NodeSearch) {
  let q = db
    .selectFrom('territoryNode as n')
    .select([
      'n.id',
      'n.level',
      'n.code',
      'n.name',
      isActiveSql('n').as('isActive'),
      sql<string>`(select string_agg(a.name, ' / ' order by nlevel(a.path)) from territory_node a
        where a.district_id = n.district_id and a.path @> n.path and a.level not in ('district', 'subdistrict'))`.as(
        'fullName',
      ),
    ])
    .where('n.districtId', '=', districtId)
    .where('n.name', 'like', `%${s.q.replace(/[%_\\]/g, '\\$&')}%`);
  if (s.scopePaths) q = q.where(sql<boolean>`n.path <@ ${s.scopePaths}::ltree[]`);
  if (s.level) q = q.where('n.level', '=', s.level);
  if (!s.includeRetired) q = q.where(isActiveSql('n'));
  return q.orderBy(sql`nlevel(n.path)`).orderBy('n.sortKey').limit(s.limit).execute();
}

/** An active sibling under `parentId` already called `name` (other than `exceptId`). */
export function findActiveSiblingByName(
  db: Executor,
  districtId: string,
  parentId: string,
  name: string,
  exceptId?: string,
) {
  let q = db
    .selectFrom('territoryNode as n')
    .select(['n.id'])
    .where('n.districtId', '=', districtId)
    .where('n.parentId', '=', parentId)
    .where('n.name', '=', name)
    .where(isActiveSql('n'));
  if (exceptId) q = q.where('n.id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** Serialises changes to one parent's children, so two clerks cannot both add the same name. */
export async function lockChildrenOf(db: Executor, parentId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`territory:${parentId}`}))`.execute(db);
}

export function renameNode(db: Executor, districtId: string, id: string, name: string) {
  return db
    .updateTable('territoryNode')
    .set({ name, sortKey: sortKey(name) })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** Re-parents a node and rewrites its whole subtree's paths in ONE statement. */
export function moveSubtree(
  db: Executor,
  districtId: string,
  node: { id: string; path: string },
  parent: { id: string; path: string },
) {
  return sql`
    update territory_node
    set path = ${parent.path}::ltree || subpath(path, nlevel(${node.path}::ltree) - 1),
        parent_id = case when id = ${node.id}::uuid then ${parent.id}::uuid else parent_id end
    where district_id = ${districtId} and path <@ ${node.path}::ltree
  `.execute(db);
}

export function retireNode(db: Executor, districtId: string, id: string) {
  return db
    .updateTable('territoryNode')
    .set({ validTo: sql<string>`current_date` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** What still lives under a node: active children and active households anywhere in its subtree. */
export async function occupantsOf(db: Executor, districtId: string, node: { id: string; path: string }) {
  const { rows } = await sql<{ children: number; households: number }>`
    select
      (select count(*)::int from territory_node c
        where c.district_id = ${districtId} and c.parent_id = ${node.id}::uuid
          and (c.valid_to is null or c.valid_to > current_date)) as children,
      (select count(*)::int from household h join territory_node d on d.district_id = h.district_id and d.id = h.node_id
        where h.district_id = ${districtId} and d.path <@ ${node.path}::ltree and h.status = 'active') as households
  `.execute(db);
  return rows[0]!;
}

export function findLevelTemplateRow(db: Executor, districtId: string, communityId: string) {
  return db
    .selectFrom('levelTemplate')
    .select(['levels', 'updatedAt'])
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .executeTakeFirst();
}

/** Templates of the communities at or above any of `paths`, keyed by the community's path. */
export async function templatesAbove(db: Executor, districtId: string, paths: string[]) {
  if (paths.length === 0) return [];
  return db
    .selectFrom('levelTemplate as t')
    .innerJoin('territoryNode as c', (j) =>
      j.onRef('c.districtId', '=', 't.districtId').onRef('c.id', '=', 't.communityId'),
    )
    .select(['t.levels', sql<string>`c.path::text`.as('path')])
    .where('t.districtId', '=', districtId)
    .where(sql<boolean>`c.path @> any(${paths}::ltree[])`)
    .execute();
}

export function saveLevelTemplate(db: Executor, districtId: string, communityId: string, levels: unknown) {
  return db
    .insertInto('levelTemplate')
    .values({ districtId, communityId, levels: JSON.stringify(levels) })
    .onConflict((oc) =>
      oc
        .columns(['districtId', 'communityId'])
        .doUpdateSet({ levels: JSON.stringify(levels), updatedAt: sql`now()` }),
    )
    .returning(['levels', 'updatedAt'])
    .executeTakeFirstOrThrow();
}
