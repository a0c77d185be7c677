import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessScope } from '../../platform/access/actor.ts';
import type { Executor } from '../../platform/db/database.ts';
import { activeToday } from '../../platform/db/validity.ts';
import { searchQuery } from '../../platform/search-text.ts';
import type { ResidentValues } from './resident-record.ts';

/** SQL for "this household link is in force today" on alias `hl`. */
const LINK_ACTIVE = activeToday('hl');

/**
 * The one access filter on households: true when the household whose id is at `householdIdRef` lies in a
 * subtree of the scope, or has a link in force today to one of the scope's linked positions (联户, including
 * temporary handovers). Use it in any query that reaches households: `.where(householdScopeFilter(...))`.
 * A query that already joins the household's territory node passes `nodePathRef` (e.g. `n.path`) to skip a
 * join.
 */
/** Where a keyset page starts: after the row with this sort key and id. */
export interface KeysetPosition {
  key: string;
  id: string;
}

export function householdScopeFilter(
  scope: AccessScope,
  districtId: string,
  householdIdRef = 'h.id',
  nodePathRef?: string,
): Expression<SqlBool> {
  if (scope.everywhere) return sql<SqlBool>`true`;
  const ref = sql.ref(householdIdRef);
  const parts = [];
  if (scope.paths.length > 0) {
    // One `<@` per path (not `<@ array`) so that a GiST index on the path can serve each.
    const within = (path: ReturnType<typeof sql.ref>) =>
      sql.join(
        scope.paths.map((p) => sql`${path} <@ ${p}::ltree`),
        sql` or `,
      );
    parts.push(
      nodePathRef
        ? sql`(${within(sql.ref(nodePathRef))})`
        : sql`exists (select 1 from household sh
            where sh.district_id = ${districtId} and sh.id = ${ref} and (${within(sql.ref('sh.node_path'))}))`,
    );
  }
  if (scope.linkedPositionIds.length > 0) {
    parts.push(sql`exists (select 1 from household_link hl where hl.district_id = ${districtId} and hl.household_id = ${ref}
      and hl.position_id in (${sql.join(scope.linkedPositionIds.map((id) => sql`${id}::uuid`))}) and ${LINK_ACTIVE})`);
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** `%q%` for LIKE with the wildcards of q escaped. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

// ---------- territory nodes ----------

/** A node of the district with the community it lies in (null above community level). */
export function findNodeWithCommunity(db: Executor, districtId: string, nodeId: string) {
  return db
    .selectFrom('territoryNode as n')
    .leftJoin('territoryNode as c', (j) =>
      j
        .onRef('c.districtId', '=', 'n.districtId')
        .on('c.level', '=', 'community')
        .on(sql<SqlBool>`c.path @> n.path`),
    )
    .select([
      'n.id',
      'n.name',
      'n.level',
      'n.validTo',
      sql<string>`n.path::text`.as('path'),
      'c.id as communityId',
      'c.name as communityName',
    ])
    .where('n.districtId', '=', districtId)
    .where('n.id', '=', nodeId)
    .executeTakeFirst();
}

// ---------- households ----------

function householdBase(db: Executor, districtId: string) {
  return db
    .selectFrom('household as h')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .innerJoin('territoryNode as c', (j) =>
      j.onRef('c.districtId', '=', 'h.districtId').onRef('c.id', '=', 'h.communityId'),
    )
    .leftJoin('resident as head', (j) =>
      j.onRef('head.districtId', '=', 'h.districtId').onRef('head.id', '=', 'h.headResidentId'),
    )
    .select([
      'h.id',
      'h.householdNo',
      'h.address',
      'h.communityId',
      'c.name as communityName',
      'h.nodeId',
      'n.name as nodeName',
      sql<string>`n.path::text`.as('nodePath'),
      'h.status',
      'h.headResidentId',
      'head.name as headName',
      'h.createdAt',
      'h.updatedAt',
    ])
    .where('h.districtId', '=', districtId);
}
export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

/** One household of the district within `scope`, or undefined. */
export function findHousehold(db: Executor, districtId: string, id: string, scope: AccessScope) {
  return householdBase(db, districtId)
    .where('h.id', '=', id)
    .where(householdScopeFilter(scope, districtId, 'h.id', 'n.path'))
    .executeTakeFirst();
}

export function findHouseholdByNo(
  db: Executor,
  districtId: string,
  communityId: string,
  householdNo: string,
) {
  return db
    .selectFrom('household')
    .select('id')
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .where('householdNo', '=', householdNo)
    .executeTakeFirst();
}

export interface HouseholdFilter {
  scope: AccessScope;
  nodeId?: string | undefined;
  q?: string | undefined;
  status?: 'active' | 'moved_out' | undefined;
  /** Only households linked today to one of these positions. */
  linkedTo?: string[] | undefined;
  after: KeysetPosition | null;
  limit: number;
}

/** Households in scope, ordered by 户编号, one row more than `limit` to tell whether a next page exists. */
export function listHouseholds(db: Executor, districtId: string, f: HouseholdFilter) {
  let query = householdBase(db, districtId).where(
    householdScopeFilter(f.scope, districtId, 'h.id', 'n.path'),
  );
  if (f.nodeId) {
    const nodeId = f.nodeId;
    query = query.where(
      sql<SqlBool>`n.path <@ (select path from territory_node where district_id = ${districtId} and id = ${nodeId})`,
    );
  }
  if (f.status) query = query.where('h.status', '=', f.status);
  if (f.q) {
    const pattern = containsPattern(f.q);
    query = query.where((eb) =>
      eb.or([
        eb('h.householdNo', 'ilike', pattern),
        eb('h.address', 'like', pattern),
        eb.exists(
          eb
            .selectFrom('resident as m')
            .select('m.id')
            .whereRef('m.districtId', '=', 'h.districtId')
            .whereRef('m.householdId', '=', 'h.id')
            .where(residentNameMatch('m', f.q!)),
        ),
      ]),
    );
  }
  if (f.linkedTo) {
    const ids = f.linkedTo;
    if (ids.length === 0) return Promise.resolve([]);
    query = query.where(
      sql<SqlBool>`exists (select 1 from household_link hl where hl.district_id = h.district_id and hl.household_id = h.id
        and hl.position_id in (${sql.join(ids.map((id) => sql`${id}::uuid`))}) and ${LINK_ACTIVE})`,
    );
  }
  if (f.after) {
    const { key, id } = f.after;
    query = query.where((eb) => eb(eb.refTuple('h.householdNo', 'h.id'), '>', eb.tuple(key, id)));
  }
  return query
    .orderBy('h.householdNo')
    .orderBy('h.id')
    .limit(f.limit + 1)
    .execute();
}

export function insertHousehold(
  db: Executor,
  v: { districtId: string; communityId: string; nodeId: string; householdNo: string; address: string },
) {
  return db.insertInto('household').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateHousehold(
  db: Executor,
  districtId: string,
  id: string,
  set: { nodeId?: string; address?: string; headResidentId?: string | null; status?: 'active' | 'moved_out' },
) {
  return db
    .updateTable('household')
    .set({ ...set, updatedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** Members of some households for lists and the household page. */
export function membersOf(db: Executor, districtId: string, householdIds: string[], activeOnly: boolean) {
  if (householdIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('resident')
    .select(['id', 'householdId', 'name', 'relationToHead', 'phoneMasked', 'status'])
    .where('districtId', '=', districtId)
    .where('householdId', 'in', householdIds);
  if (activeOnly) query = query.where('status', '=', 'active');
  return query.orderBy('nameSort').orderBy('id').execute();
}

export function countActiveMembers(db: Executor, districtId: string, householdId: string) {
  return db
    .selectFrom('resident')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('districtId', '=', districtId)
    .where('householdId', '=', householdId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Positions linked today to a household (联户): who looks after it. */
export function chiefsOf(db: Executor, districtId: string, householdId: string) {
  return db
    .selectFrom('householdLink as hl')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'hl.districtId').onRef('p.id', '=', 'hl.positionId'),
    )
    .select(['p.id as positionId', 'p.kind', 'p.holderName', 'hl.coversPositionId'])
    .where('hl.districtId', '=', districtId)
    .where('hl.householdId', '=', householdId)
    .where(LINK_ACTIVE as Expression<SqlBool>)
    .orderBy('p.kind')
    .orderBy('p.holderName')
    .execute();
}

/** Of these households, the ones inside `scope` (to decide who sees sensitive tags). */
export async function householdsWithin(
  db: Executor,
  districtId: string,
  householdIds: string[],
  scope: AccessScope,
): Promise<Set<string>> {
  if (householdIds.length === 0) return new Set();
  if (scope.everywhere) return new Set(householdIds);
  const rows = await db
    .selectFrom('household as h')
    .select('h.id')
    .where('h.districtId', '=', districtId)
    .where('h.id', 'in', householdIds)
    .where(householdScopeFilter(scope, districtId))
    .execute();
  return new Set(rows.map((r) => r.id));
}

// ---------- residents ----------

/**
 * Name match on resident alias `a`: the bigram tsvector (GIN) narrows, LIKE on the name or its pinyin
 * rechecks; a one-character query has no bigram and is a plain LIKE (the caller limits the page).
 */
function residentNameMatch(a: 'r' | 'm', q: string): Expression<SqlBool> {
  const tsq = [...q.replace(/[\s\p{P}]+/gu, '')].length < 2 ? null : searchQuery(q);
  const pattern = containsPattern(q.trim());
  const recheck = sql<SqlBool>`(${sql.ref(`${a}.name`)} like ${pattern} or replace(${sql.ref(`${a}.nameSort`)}, ' ', '') like ${pattern.toLowerCase()})`;
  if (!tsq) return recheck;
  return sql<SqlBool>`(${sql.ref(`${a}.search`)} @@ to_tsquery('simple', ${tsq}) and ${recheck})`;
}

const residentColumns = [
  'r.id',
  'r.householdId',
  'h.householdNo',
  'r.name',
  'r.nameSort',
  'r.gender',
  'r.birthDate',
  'r.idNoMasked',
  'r.phoneMasked',
  'r.relationToHead',
  'r.ethnicity',
  'r.politicalStatus',
  'r.education',
  'r.residenceType',
  'r.status',
  'r.note',
  'r.dataSource',
  'r.createdAt',
  'r.updatedAt',
] as const;

function residentBase(db: Executor, districtId: string) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .select(residentColumns)
    .where('r.districtId', '=', districtId);
}
export type ResidentRow = Awaited<ReturnType<typeof residentsOfHousehold>>[number];

/** One resident whose household lies within `scope`. */
export function findResident(db: Executor, districtId: string, id: string, scope: AccessScope) {
  return residentBase(db, districtId)
    .where('r.id', '=', id)
    .where(householdScopeFilter(scope, districtId, 'r.householdId'))
    .executeTakeFirst();
}

export function residentsOfHousehold(db: Executor, districtId: string, householdId: string) {
  return residentBase(db, districtId)
    .where('r.householdId', '=', householdId)
    .orderBy('r.nameSort')
    .orderBy('r.id')
    .execute();
}

export interface ResidentFilter {
  scope: AccessScope;
  q?: { kind: 'idHash' | 'phoneHash'; hash: Buffer } | { kind: 'name'; text: string } | undefined;
  householdId?: string | undefined;
  nodeId?: string | undefined;
  status?: 'active' | 'moved_out' | 'deceased' | undefined;
  after: KeysetPosition | null;
  limit: number;
}

/** Residents in scope ordered by the pinyin of their names, one row more than `limit`. */
export function listResidents(db: Executor, districtId: string, f: ResidentFilter) {
  let query = residentBase(db, districtId).where(householdScopeFilter(f.scope, districtId, 'r.householdId'));
  if (f.householdId) query = query.where('r.householdId', '=', f.householdId);
  if (f.nodeId) {
    const nodeId = f.nodeId;
    query =
      query.where(sql<SqlBool>`exists (select 1 from territory_node sn where sn.district_id = h.district_id and sn.id = h.node_id
      and sn.path <@ (select path from territory_node where district_id = ${districtId} and id = ${nodeId}))`);
  }
  if (f.status) query = query.where('r.status', '=', f.status);
  if (f.q?.kind === 'idHash') query = query.where('r.idNoHash', '=', f.q.hash);
  else if (f.q?.kind === 'phoneHash') query = query.where('r.phoneHash', '=', f.q.hash);
  else if (f.q?.kind === 'name') query = query.where(residentNameMatch('r', f.q.text));
  if (f.after) {
    const { key, id } = f.after;
    query = query.where((eb) => eb(eb.refTuple('r.nameSort', 'r.id'), '>', eb.tuple(key, id)));
  }
  return query
    .orderBy('r.nameSort')
    .orderBy('r.id')
    .limit(f.limit + 1)
    .execute();
}

/** The resident holding an ID number (by blind index), with where he is registered. */
export function findByIdHash(db: Executor, districtId: string, hash: Buffer) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as c', (j) =>
      j.onRef('c.districtId', '=', 'h.districtId').onRef('c.id', '=', 'h.communityId'),
    )
    .select(['r.id', 'r.name', 'r.idNoMasked', 'r.householdId', 'h.householdNo', 'c.name as communityName'])
    .where('r.districtId', '=', districtId)
    .where('r.idNoHash', '=', hash)
    .executeTakeFirst();
}

/** The stored secret fields of a resident, for reveal and for re-validating a correction. */
export function findSecrets(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('resident')
    .select(['idNoEnc', 'idNoHash', 'phoneEnc', 'phoneHash'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function insertResident(db: Executor, districtId: string, householdId: string, v: ResidentValues) {
  return db
    .insertInto('resident')
    .values({ districtId, householdId, ...v, search: sql`${v.search}::tsvector` })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateResidentValues(db: Executor, districtId: string, id: string, v: ResidentValues) {
  return db
    .updateTable('resident')
    .set({ ...v, search: sql`${v.search}::tsvector`, updatedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export function setResidentPlace(
  db: Executor,
  districtId: string,
  id: string,
  set: { status: 'active' | 'moved_out' | 'deceased'; householdId?: string; relationToHead?: string },
) {
  return db
    .updateTable('resident')
    .set({ ...set, updatedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export function insertEvent(
  db: Executor,
  v: {
    districtId: string;
    residentId: string;
    householdId: string | null;
    kind: string;
    occurredOn: string;
    note: string | null;
    actorUserId: string | null;
  },
) {
  return db.insertInto('residentEvent').values(v).execute();
}

export function eventsOf(db: Executor, districtId: string, residentId: string) {
  return db
    .selectFrom('residentEvent as e')
    .leftJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'e.districtId').onRef('h.id', '=', 'e.householdId'),
    )
    .leftJoin('appUser as u', 'u.id', 'e.actorUserId')
    .select([
      'e.id',
      'e.kind',
      'e.occurredOn',
      'e.householdId',
      'h.householdNo',
      'e.note',
      'u.displayName as actorName',
      'e.createdAt',
    ])
    .where('e.districtId', '=', districtId)
    .where('e.residentId', '=', residentId)
    .orderBy('e.occurredOn')
    .orderBy('e.id')
    .execute();
}

// ---------- tags and consent ----------

export function tagCatalogue(db: Executor) {
  return db.selectFrom('tag').selectAll().orderBy('category').orderBy('code').execute();
}

export function findTag(db: Executor, code: string) {
  return db.selectFrom('tag').selectAll().where('code', '=', code).executeTakeFirst();
}

export function tagsOf(db: Executor, districtId: string, residentIds: string[]) {
  if (residentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('residentTag as rt')
    .innerJoin('tag as t', 't.code', 'rt.tagCode')
    .select([
      'rt.residentId',
      'rt.tagCode as code',
      't.nameZh',
      't.isSensitive',
      'rt.lawfulBasis',
      'rt.consentId',
      'rt.note',
      'rt.assignedAt',
    ])
    .where('rt.districtId', '=', districtId)
    .where('rt.residentId', 'in', residentIds)
    .orderBy('t.category')
    .orderBy('rt.tagCode')
    .execute();
}

export function upsertResidentTag(
  db: Executor,
  v: {
    districtId: string;
    residentId: string;
    tagCode: string;
    lawfulBasis: string | null;
    consentId: string | null;
    note: string | null;
    assignedBy: string;
  },
) {
  return db
    .insertInto('residentTag')
    .values(v)
    .onConflict((oc) =>
      oc.columns(['districtId', 'residentId', 'tagCode']).doUpdateSet({
        lawfulBasis: v.lawfulBasis,
        consentId: v.consentId,
        note: v.note,
        assignedBy: v.assignedBy,
        assignedAt: sql`now()`,
      }),
    )
    .execute();
}

export function deleteResidentTag(db: Executor, districtId: string, residentId: string, tagCode: string) {
  return db
    .deleteFrom('residentTag')
    .where('districtId', '=', districtId)
    .where('residentId', '=', residentId)
    .where('tagCode', '=', tagCode)
    .returning('tagCode')
    .executeTakeFirst();
}

/** Removes the tags that rely on a consent; returns their codes. */
export async function deleteTagsOfConsent(
  db: Executor,
  districtId: string,
  consentId: string,
): Promise<string[]> {
  const rows = await db
    .deleteFrom('residentTag')
    .where('districtId', '=', districtId)
    .where('consentId', '=', consentId)
    .returning('tagCode')
    .execute();
  return rows.map((r) => r.tagCode).sort();
}

const consentColumns = [
  'id',
  'residentId',
  'purpose',
  'kind',
  'channel',
  'noticeVersion',
  'givenAt',
  'withdrawnAt',
] as const;

export function insertConsent(
  db: Executor,
  v: {
    districtId: string;
    residentId: string;
    purpose: string;
    kind: string;
    channel: string;
    noticeVersion?: string;
    recordedBy: string;
  },
) {
  return db.insertInto('consent').values(v).returning(consentColumns).executeTakeFirstOrThrow();
}

export function consentsOf(db: Executor, districtId: string, residentId: string) {
  return db
    .selectFrom('consent')
    .select(consentColumns)
    .where('districtId', '=', districtId)
    .where('residentId', '=', residentId)
    .orderBy('givenAt', 'desc')
    .orderBy('id')
    .execute();
}

export function findConsent(db: Executor, districtId: string, residentId: string, id: string) {
  return db
    .selectFrom('consent')
    .select(consentColumns)
    .where('districtId', '=', districtId)
    .where('residentId', '=', residentId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function markConsentWithdrawn(db: Executor, districtId: string, id: string) {
  return db
    .updateTable('consent')
    .set({ withdrawnAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .returning(consentColumns)
    .executeTakeFirstOrThrow();
}
