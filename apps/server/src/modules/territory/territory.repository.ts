import { sql } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Executor } from '../../platform/db/database.ts';
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
    .onConflict((oc) => oc.columns(['districtId', 'scope']).doUpdateSet({ lastValue: sql`code_counter.last_value + 1` }))
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
    .returning(['id', 'parentId', 'level', 'code', 'name', 'validFrom', 'validTo', sql<string>`path::text`.as('path')])
    .executeTakeFirstOrThrow();
}

/** Code for a new node below community level, e.g. 430304008004-LD0007. */
export async function newGeneratedCode(db: Executor, districtId: string, communityCode: string, level: TerritoryLevel) {
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
  if (!community || community.level !== 5) throw new Error(`no community ${communityCode} in the division table`);
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
