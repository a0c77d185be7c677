import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

export function districtExists(db: Executor, districtId: string) {
  return db.selectFrom('district').select('id').where('id', '=', districtId).executeTakeFirst();
}

/** Up to two districts: enough to tell whether `jurisdiction_id` may be left out. */
export function someDistricts(db: Executor) {
  return db.selectFrom('district').select('id').orderBy('id').limit(2).execute();
}

// ---- API keys ----

export function insertApiKey(
  db: Executor,
  row: {
    districtId: string;
    name: string;
    keyHash: string;
    keyHint: string;
    userId: string;
    createdBy: string;
  },
) {
  return db
    .insertInto('open311ApiKey')
    .values(row)
    .returning(['id', 'name', 'keyHint', 'createdAt', 'revokedAt'])
    .executeTakeFirstOrThrow();
}

export function listApiKeys(db: Executor, districtId: string) {
  return db
    .selectFrom('open311ApiKey as k')
    .innerJoin('appUser as u', 'u.id', 'k.createdBy')
    .select(['k.id', 'k.name', 'k.keyHint', 'k.createdAt', 'k.revokedAt', 'u.displayName as createdByName'])
    .where('k.districtId', '=', districtId)
    .orderBy('k.createdAt', 'desc')
    .orderBy('k.id')
    .execute();
}

export function findApiKey(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('open311ApiKey as k')
    .innerJoin('appUser as u', 'u.id', 'k.createdBy')
    .select(['k.id', 'k.name', 'k.keyHint', 'k.createdAt', 'k.revokedAt', 'u.displayName as createdByName'])
    .where('k.districtId', '=', districtId)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export function findApiKeyByHash(db: Executor, districtId: string, keyHash: string) {
  return db
    .selectFrom('open311ApiKey')
    .select(['id', 'name', 'userId', 'revokedAt'])
    .where('districtId', '=', districtId)
    .where('keyHash', '=', keyHash)
    .executeTakeFirst();
}

export function markApiKeyRevoked(db: Executor, districtId: string, id: string) {
  return db
    .updateTable('open311ApiKey')
    .set({ revokedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
}

// ---- services (case categories) ----

/** Leaf categories (those a case is filed under), each with its top-level parent's name as the group. */
export function listServiceCategories(db: Executor, districtId: string) {
  return db
    .selectFrom('caseCategory as c')
    .leftJoin('caseCategory as p', (j) =>
      j.onRef('p.districtId', '=', 'c.districtId').onRef('p.code', '=', 'c.parentCode'),
    )
    .select(['c.code', 'c.name', 'c.handleLimit', 'c.handleUnit', 'c.defaultUrgency', 'p.name as parentName'])
    .where('c.districtId', '=', districtId)
    .where('c.isRetired', '=', false)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('caseCategory as k')
            .select('k.code')
            .whereRef('k.districtId', '=', 'c.districtId')
            .whereRef('k.parentCode', '=', 'c.code')
            .where('k.isRetired', '=', false),
        ),
      ),
    )
    .orderBy('c.sort')
    .orderBy('c.code')
    .execute();
}

// ---- service requests (cases) ----

export interface RequestFilter {
  caseNos?: string[];
  serviceCodes?: string[];
  status?: 'open' | 'closed';
  from?: Date;
  to?: Date;
  limit: number;
}

/**
 * Cases as Open311 shows them: no reporter, no household, and the address cut at building level (the ancestors
 * from community down to building, skipping administrative grid levels and anything below a building).
 */
export function listRequestRows(
  db: Executor,
  districtId: string,
  f: RequestFilter,
  finalStates: readonly string[],
) {
  let q = db
    .selectFrom('case as c')
    .innerJoin('caseCategory as cat', (j) =>
      j.onRef('cat.districtId', '=', 'c.districtId').onRef('cat.code', '=', 'c.categoryCode'),
    )
    .innerJoin('territoryNode as com', (j) =>
      j.onRef('com.districtId', '=', 'c.districtId').onRef('com.id', '=', 'c.communityId'),
    )
    .select([
      'c.caseNo',
      'c.state',
      'c.reply',
      'c.categoryCode',
      'cat.name as categoryName',
      'c.description',
      'c.createdAt',
      'c.updatedAt',
      'c.overallDueAt',
      'com.name as communityName',
      sql<string>`(
        select string_agg(n.name, '' order by nlevel(n.path)) from territory_node n
        where n.district_id = c.district_id and n.path @> c.node_path
          and n.level in ('community', 'natural_village', 'estate', 'building_cluster', 'building')
      )`.as('address'),
    ])
    .where('c.districtId', '=', districtId);
  if (f.caseNos) q = q.where('c.caseNo', 'in', f.caseNos);
  if (f.serviceCodes) q = q.where('c.categoryCode', 'in', f.serviceCodes);
  if (f.status === 'closed') q = q.where('c.state', 'in', [...finalStates]);
  if (f.status === 'open') q = q.where('c.state', 'not in', [...finalStates]);
  if (f.from) q = q.where('c.createdAt', '>=', f.from);
  if (f.to) q = q.where('c.createdAt', '<=', f.to);
  return q.orderBy('c.createdAt', 'desc').orderBy('c.caseNo', 'desc').limit(f.limit).execute();
}

export type RequestRow = Awaited<ReturnType<typeof listRequestRows>>[number];

/**
 * Where a hotline case goes: among the district's nodes from community down to building whose name appears in
 * the address, the one with most named ancestors also in it (23栋 of the 小区 named), then the deepest, then the
 * longest name (11栋 over 1栋).
 */
export function locateByAddress(db: Executor, districtId: string, address: string) {
  return db
    .selectFrom('territoryNode as n')
    .innerJoin('territoryNode as com', (j) =>
      j
        .onRef('com.districtId', '=', 'n.districtId')
        .on('com.level', '=', 'community')
        .on(sql<boolean>`com.path @> n.path`),
    )
    .select([
      'n.id as nodeId',
      'com.id as communityId',
      sql<string>`com.path::text`.as('communityPath'),
      'n.name',
    ])
    .where('n.districtId', '=', districtId)
    .where('n.level', 'in', ['community', 'natural_village', 'estate', 'building_cluster', 'building'])
    .where((eb) => eb.or([eb('n.validTo', 'is', null), eb('n.validTo', '>', sql<string>`current_date`)]))
    .where(sql<boolean>`strpos(${address}, n.name) > 0`)
    .orderBy(
      sql`(select count(*) from territory_node a
        where a.district_id = n.district_id and a.path @> n.path and strpos(${address}, a.name) > 0
          and a.level in ('community', 'natural_village', 'estate', 'building_cluster', 'building'))`,
      'desc',
    )
    .orderBy(sql`nlevel(n.path)`, 'desc')
    .orderBy(sql`char_length(n.name)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The district's only community, when it has exactly one (coordinates alone cannot place a case). */
export async function soleCommunity(db: Executor, districtId: string) {
  const rows = await db
    .selectFrom('territoryNode')
    .select(['id as nodeId', 'id as communityId', sql<string>`path::text`.as('communityPath'), 'name'])
    .where('districtId', '=', districtId)
    .where('level', '=', 'community')
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', sql<string>`current_date`)]))
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}

export function insertRequestOrigin(
  db: Executor,
  row: {
    districtId: string;
    caseId: string;
    apiKeyId: string;
    addressString: string | null;
    lat: number | null;
    long: number | null;
    emailEnc: Buffer | null;
  },
) {
  return db.insertInto('open311Request').values(row).execute();
}
