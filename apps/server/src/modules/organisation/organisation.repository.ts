import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/db.generated.ts';
import type { Executor } from '../../platform/db/database.ts';
import { activeToday } from '../../platform/db/validity.ts';

/** Active on `today` (both ends inclusive, see validity.ts) for the table aliased `alias`. */
function activeOn(alias: 'l' | 'p' | 'l2', today: string) {
  const from = sql.ref(`${alias}.validFrom`);
  const to = sql.ref(`${alias}.validTo`);
  return sql<boolean>`(${from} <= ${today}::date and (${to} is null or ${to} >= ${today}::date))`;
}

/** Current or future: not yet ended before `today`. */
function notEndedBefore(alias: 'l', today: string) {
  const to = sql.ref(`${alias}.validTo`);
  return sql<boolean>`(${to} is null or ${to} >= ${today}::date)`;
}

const within = (path: string) => sql<boolean>`n.path <@ ${path}::ltree`;

// ---------------------------------------------------------------- territory

/** Every level template of the district with its community's path, read once per coverage report. */
export function spanTemplates(db: Executor, districtId: string) {
  return db
    .selectFrom('levelTemplate as lt')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'lt.districtId').onRef('n.id', '=', 'lt.communityId'),
    )
    .select([sql<string>`n.path::text`.as('communityPath'), 'lt.levels'])
    .where('lt.districtId', '=', districtId)
    .execute();
}

// ---------------------------------------------------------------- positions

function householdCountOf(eb: ExpressionBuilder<DB & { p: DB['position'] }, 'p'>, today: string) {
  return eb
    .selectFrom('householdLink as l')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'l.districtId').onRef('h.id', '=', 'l.householdId'),
    )
    .select((e) => e.fn.countAll<number>().as('c'))
    .whereRef('l.districtId', '=', 'p.districtId')
    .whereRef('l.positionId', '=', 'p.id')
    .where('l.coversPositionId', 'is', null)
    .where('h.status', '=', 'active')
    .where(activeOn('l', today));
}

function positionQuery(db: Executor, districtId: string, today: string) {
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select((eb) => [
      'p.id',
      'p.nodeId',
      'n.name as nodeName',
      sql<string>`n.path::text`.as('nodePath'),
      'p.kind',
      'p.holderName',
      'p.holderResidentId',
      'p.holderUserId',
      'p.partyMemberId',
      'p.identity',
      'p.phoneMasked',
      'p.origin',
      'p.validFrom',
      'p.validTo',
      'p.note',
      activeOn('p', today).as('isActive'),
      householdCountOf(eb, today).as('householdCount'),
    ])
    .where('p.districtId', '=', districtId);
}
export type PositionRow = Awaited<ReturnType<typeof findPosition>> & {};

export function findPosition(db: Executor, districtId: string, id: string, today: string) {
  return positionQuery(db, districtId, today).where('p.id', '=', id).executeTakeFirst();
}

export function findPositions(db: Executor, districtId: string, ids: string[], today: string) {
  if (ids.length === 0) return Promise.resolve([]);
  return positionQuery(db, districtId, today).where('p.id', 'in', ids).execute();
}

export interface PositionFilter {
  nodeId: string;
  nodePath: string;
  scope: 'node' | 'subtree';
  kind: string | undefined;
  includeEnded: boolean;
  q: string | undefined;
  limit: number;
  after: [string, string, string, string] | null;
  today: string;
}

export function listPositions(db: Executor, districtId: string, f: PositionFilter) {
  let query = positionQuery(db, districtId, f.today);
  query = f.scope === 'node' ? query.where('p.nodeId', '=', f.nodeId) : query.where(within(f.nodePath));
  if (f.kind) query = query.where('p.kind', '=', f.kind);
  if (!f.includeEnded) query = query.where(activeOn('p', f.today));
  if (f.q) query = query.where('p.holderName', 'like', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.after) {
    const [path, kind, name, id] = f.after;
    query = query.where(
      sql<boolean>`(n.path, p.kind, p.holder_name, p.id) > (${path}::ltree, ${kind}, ${name}, ${id}::uuid)`,
    );
  }
  return query
    .orderBy('n.path')
    .orderBy('p.kind')
    .orderBy('p.holderName')
    .orderBy('p.id')
    .limit(f.limit + 1)
    .execute();
}

export interface PositionValues {
  holderName: string;
  holderResidentId: string | null;
  holderUserId: string | null;
  partyMemberId: string | null;
  identity: string | null;
  phoneEnc: Buffer | null;
  phoneMasked: string | null;
  origin: 'elected' | 'self_nominated' | 'appointed';
  validFrom: string;
  note: string | null;
}

export function insertPosition(
  db: Executor,
  districtId: string,
  nodeId: string,
  kind: string,
  v: PositionValues,
) {
  return db
    .insertInto('position')
    .values({ districtId, nodeId, kind, ...v })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updatePosition(
  db: Executor,
  districtId: string,
  id: string,
  v: Partial<PositionValues> & { validTo?: string },
) {
  return db
    .updateTable('position')
    .set(v)
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** A resident's household node path, to check that the resident lies in the caller's scope. */
export function residentPlace(db: Executor, districtId: string, residentId: string) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select(['r.id', 'r.name', 'h.householdNo', sql<string>`n.path::text`.as('nodePath')])
    .where('r.districtId', '=', districtId)
    .where('r.id', '=', residentId)
    .executeTakeFirst();
}

export function findUser(db: Executor, userId: string) {
  return db.selectFrom('appUser').select(['id', 'disabledAt']).where('id', '=', userId).executeTakeFirst();
}

// ---------------------------------------------------------------- links

/** Households by id with the path of their node; locked so that two assignments of one household queue up. */
export function lockHouseholdsWithPath(db: Executor, districtId: string, ids: string[]) {
  return db
    .selectFrom('household as h')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select(['h.id', 'h.householdNo', 'h.status', sql<string>`n.path::text`.as('nodePath')])
    .where('h.districtId', '=', districtId)
    .where('h.id', 'in', ids)
    .forUpdate('h')
    .execute();
}

export interface LinkRow {
  id: string;
  positionId: string;
  householdId: string;
  holderName: string;
  coversPositionId: string | null;
  validFrom: string;
  validTo: string | null;
}

function linkQuery(db: Executor, districtId: string) {
  return db
    .selectFrom('householdLink as l')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'l.districtId').onRef('p.id', '=', 'l.positionId'),
    )
    .select([
      'l.id',
      'l.positionId',
      'l.householdId',
      'p.holderName',
      'l.coversPositionId',
      'l.validFrom',
      'l.validTo',
    ])
    .where('l.districtId', '=', districtId);
}

/** Permanent links, current or future, of these households to any position of `kind`. */
export function openLinksAtKind(
  db: Executor,
  districtId: string,
  householdIds: string[],
  kind: string,
  today: string,
): Promise<LinkRow[]> {
  if (householdIds.length === 0) return Promise.resolve([]);
  return linkQuery(db, districtId)
    .where('l.householdId', 'in', householdIds)
    .where('p.kind', '=', kind)
    .where('l.coversPositionId', 'is', null)
    .where(notEndedBefore('l', today))
    .execute();
}

/** Links, current or future, held by a position or standing in for it (optionally for some households only). */
export function openLinksOfPosition(
  db: Executor,
  districtId: string,
  positionId: string,
  today: string,
  opts: { householdIds?: string[]; held?: boolean; covering?: boolean } = {},
): Promise<LinkRow[]> {
  const held = opts.held ?? true;
  const covering = opts.covering ?? true;
  let query = linkQuery(db, districtId)
    .where(notEndedBefore('l', today))
    .where((eb) =>
      eb.or([
        ...(held ? [eb('l.positionId', '=', positionId)] : []),
        ...(covering ? [eb('l.coversPositionId', '=', positionId)] : []),
      ]),
    );
  if (opts.householdIds) {
    if (opts.householdIds.length === 0) return Promise.resolve([]);
    query = query.where('l.householdId', 'in', opts.householdIds);
  }
  return query.execute();
}

/** Temporary links standing in for any of these positions for any of these households. */
export function openCoverLinks(
  db: Executor,
  districtId: string,
  pairs: { positionId: string; householdId: string }[],
  today: string,
): Promise<LinkRow[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  return linkQuery(db, districtId)
    .where(notEndedBefore('l', today))
    .where('l.coversPositionId', 'in', [...new Set(pairs.map((p) => p.positionId))])
    .where('l.householdId', 'in', [...new Set(pairs.map((p) => p.householdId))])
    .execute()
    .then((rows) =>
      rows.filter((r) =>
        pairs.some((p) => p.positionId === r.coversPositionId && p.householdId === r.householdId),
      ),
    );
}

export function insertLinks(
  db: Executor,
  districtId: string,
  rows: {
    positionId: string;
    householdId: string;
    validFrom: string;
    validTo?: string | null;
    coversPositionId?: string | null;
  }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('householdLink')
    .values(rows.map((r) => ({ districtId, ...r })))
    .execute()
    .then(() => undefined);
}

export async function deleteLinks(db: Executor, districtId: string, ids: string[]) {
  if (ids.length > 0)
    await db
      .deleteFrom('householdLink')
      .where('districtId', '=', districtId)
      .where('id', 'in', ids)
      .execute();
}

export async function endLinks(db: Executor, districtId: string, ids: string[], validTo: string) {
  if (ids.length > 0)
    await db
      .updateTable('householdLink')
      .set({ validTo })
      .where('districtId', '=', districtId)
      .where('id', 'in', ids)
      .execute();
}

/** Households linked to a position today (held or standing in), with head and member count. */
export function linkedHouseholds(
  db: Executor,
  districtId: string,
  positionId: string,
  today: string,
  limit: number,
  after: [string, string] | null,
) {
  let query = db
    .selectFrom('householdLink as l')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'l.districtId').onRef('h.id', '=', 'l.householdId'),
    )
    .leftJoin('resident as head', (j) =>
      j.onRef('head.districtId', '=', 'h.districtId').onRef('head.id', '=', 'h.headResidentId'),
    )
    .leftJoin('position as cp', (j) =>
      j.onRef('cp.districtId', '=', 'l.districtId').onRef('cp.id', '=', 'l.coversPositionId'),
    )
    .select((eb) => [
      'l.id as linkId',
      'h.id as householdId',
      'h.householdNo',
      'h.address',
      'head.name as headName',
      'head.phoneMasked as headPhoneMasked',
      memberCount(eb).as('memberCount'),
      'l.validFrom',
      'l.validTo',
      'l.coversPositionId',
      'cp.holderName as coversHolderName',
    ])
    .where('l.districtId', '=', districtId)
    .where('l.positionId', '=', positionId)
    .where('h.status', '=', 'active')
    .where(activeOn('l', today));
  if (after) query = query.where(sql<boolean>`(h.household_no, l.id) > (${after[0]}, ${after[1]}::uuid)`);
  return query
    .orderBy('h.householdNo')
    .orderBy('l.id')
    .limit(limit + 1)
    .execute();
}

function memberCount(eb: ExpressionBuilder<DB & { h: DB['household'] }, 'h'>) {
  return eb
    .selectFrom('resident as m')
    .select((e) => e.fn.countAll<number>().as('c'))
    .whereRef('m.districtId', '=', 'h.districtId')
    .whereRef('m.householdId', '=', 'h.id')
    .where('m.status', '=', 'active');
}

/** Active households under `nodePath` with no permanent link today to a position of `kind`. */
export function linkCandidates(
  db: Executor,
  districtId: string,
  f: {
    nodePath: string;
    kind: string;
    q: string | undefined;
    limit: number;
    after: [string, string] | null;
    today: string;
  },
) {
  let query = db
    .selectFrom('household as h')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .leftJoin('resident as head', (j) =>
      j.onRef('head.districtId', '=', 'h.districtId').onRef('head.id', '=', 'h.headResidentId'),
    )
    .select((eb) => [
      'h.id as householdId',
      'h.householdNo',
      'h.address',
      'n.name as nodeName',
      'head.name as headName',
      memberCount(eb).as('memberCount'),
    ])
    .where('h.districtId', '=', districtId)
    .where('h.status', '=', 'active')
    .where(within(f.nodePath))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('householdLink as l')
            .innerJoin('position as p', (j) =>
              j.onRef('p.districtId', '=', 'l.districtId').onRef('p.id', '=', 'l.positionId'),
            )
            .select('l.id')
            .whereRef('l.districtId', '=', 'h.districtId')
            .whereRef('l.householdId', '=', 'h.id')
            .where('l.coversPositionId', 'is', null)
            .where('p.kind', '=', f.kind)
            .where(activeOn('l', f.today)),
        ),
      ),
    );
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('h.householdNo', 'like', like),
        eb('h.address', 'like', like),
        eb('head.name', 'like', like),
      ]),
    );
  }
  if (f.after)
    query = query.where(sql<boolean>`(h.household_no, h.id) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return query
    .orderBy('h.householdNo')
    .orderBy('h.id')
    .limit(f.limit + 1)
    .execute();
}

/** Temporary links standing in for, or held in place of, a position today, grouped per (absent, stand-in) pair. */
export function handoverGroups(db: Executor, districtId: string, positionId: string, today: string) {
  return db
    .selectFrom('householdLink as l')
    .innerJoin('position as fp', (j) =>
      j.onRef('fp.districtId', '=', 'l.districtId').onRef('fp.id', '=', 'l.coversPositionId'),
    )
    .innerJoin('position as tp', (j) =>
      j.onRef('tp.districtId', '=', 'l.districtId').onRef('tp.id', '=', 'l.positionId'),
    )
    .select((eb) => [
      'fp.id as fromPositionId',
      'fp.holderName as fromHolderName',
      'tp.id as toPositionId',
      'tp.holderName as toHolderName',
      eb.fn.countAll<number>().as('householdCount'),
      eb.fn.min('l.validFrom').as('from'),
      eb.fn.max(sql<string>`coalesce(l.valid_to, '9999-12-31'::date)`).as('until'),
    ])
    .where('l.districtId', '=', districtId)
    .where((eb) => eb.or([eb('l.coversPositionId', '=', positionId), eb('l.positionId', '=', positionId)]))
    .where('l.coversPositionId', 'is not', null)
    .where(notEndedBefore('l', today))
    .groupBy(['fp.id', 'fp.holderName', 'tp.id', 'tp.holderName'])
    .orderBy('tp.holderName')
    .execute();
}

/** Own households of a position with no stand-in today although a handover is under way. */
export async function uncoveredDuringHandover(
  db: Executor,
  districtId: string,
  positionId: string,
  today: string,
): Promise<number> {
  const row = await db
    .selectFrom('householdLink as l')
    .select((eb) => eb.fn.countAll<number>().as('c'))
    .where('l.districtId', '=', districtId)
    .where('l.positionId', '=', positionId)
    .where('l.coversPositionId', 'is', null)
    .where(activeOn('l', today))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('householdLink as l2')
            .select('l2.id')
            .whereRef('l2.districtId', '=', 'l.districtId')
            .whereRef('l2.householdId', '=', 'l.householdId')
            .where('l2.coversPositionId', '=', positionId)
            .where(activeOn('l2', today)),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return row.c;
}

// ---------------------------------------------------------------- coverage (a fixed number of queries per report)

export function subtreeHouseholds(db: Executor, districtId: string, nodePath: string) {
  return db
    .selectFrom('household as h')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select(['h.id', 'h.householdNo', 'h.address'])
    .where('h.districtId', '=', districtId)
    .where('h.status', '=', 'active')
    .where(within(nodePath))
    .execute();
}

/** Active links today of active positions to active households under `nodePath`. */
export function subtreeLinks(db: Executor, districtId: string, nodePath: string, today: string) {
  return db
    .selectFrom('householdLink as l')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'l.districtId').onRef('p.id', '=', 'l.positionId'),
    )
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'l.districtId').onRef('h.id', '=', 'l.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select(['l.householdId', 'l.positionId', 'p.kind', 'l.coversPositionId', 'p.partyMemberId'])
    .where('l.districtId', '=', districtId)
    .where('h.status', '=', 'active')
    .where(within(nodePath))
    .where(activeOn('l', today))
    .where(activeOn('p', today))
    .execute();
}

/**
 * Active linker positions held under `nodePath` or linking households there, each with its permanent household
 * count wherever those households are, and the path its span rule is looked up by.
 */
export function subtreeChiefs(
  db: Executor,
  districtId: string,
  nodePath: string,
  kinds: readonly string[],
  today: string,
) {
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.holderName',
      sql<string>`n.path::text`.as('nodePath'),
      householdCountOf(eb, today).as('householdCount'),
    ])
    .where('p.districtId', '=', districtId)
    .where('p.kind', 'in', [...kinds])
    .where(activeOn('p', today))
    .where((eb) =>
      eb.or([
        within(nodePath),
        eb.exists(
          eb
            .selectFrom('householdLink as l')
            .innerJoin('household as h', (j) =>
              j.onRef('h.districtId', '=', 'l.districtId').onRef('h.id', '=', 'l.householdId'),
            )
            .innerJoin('territoryNode as hn', (j) =>
              j.onRef('hn.districtId', '=', 'h.districtId').onRef('hn.id', '=', 'h.nodeId'),
            )
            .select('l.id')
            .whereRef('l.districtId', '=', 'p.districtId')
            .whereRef('l.positionId', '=', 'p.id')
            .where(sql<boolean>`hn.path <@ ${nodePath}::ltree`)
            .where(activeOn('l', today)),
        ),
      ]),
    )
    .execute();
}

// ---------------------------------------------------------------- party organisation

const orgColumns = [
  'o.id',
  'o.parentId',
  'o.kind',
  'o.name',
  'o.nodeId',
  'n.name as nodeName',
  sql<string>`o.path::text`.as('path'),
  sql<string | null>`n.path::text`.as('nodePath'),
] as const;

function orgQuery(db: Executor, districtId: string) {
  return db
    .selectFrom('partyOrg as o')
    .leftJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'o.districtId').onRef('n.id', '=', 'o.nodeId'),
    )
    .where('o.districtId', '=', districtId);
}

export function findPartyOrg(db: Executor, districtId: string, id: string) {
  return orgQuery(db, districtId).select(orgColumns).where('o.id', '=', id).executeTakeFirst();
}

/** Organisations tied to nodes under `nodePath`, in tree order, with direct and subtree active member counts. */
export function partyOrgsUnder(db: Executor, districtId: string, nodePath: string) {
  return orgQuery(db, districtId)
    .select(orgColumns)
    .select((eb) => [
      eb
        .selectFrom('partyMember as m')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('m.districtId', '=', 'o.districtId')
        .whereRef('m.orgId', '=', 'o.id')
        .where('m.status', '=', 'active')
        .as('memberCount'),
      eb
        .selectFrom('partyMember as m')
        .innerJoin('partyOrg as mo', (j) =>
          j.onRef('mo.districtId', '=', 'm.districtId').onRef('mo.id', '=', 'm.orgId'),
        )
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('m.districtId', '=', 'o.districtId')
        .where(sql<boolean>`mo.path <@ o.path`)
        .where('m.status', '=', 'active')
        .as('subtreeMemberCount'),
    ])
    .where(within(nodePath))
    .orderBy('o.path')
    .execute();
}

/** Inserts one party organisation; its ltree label is its own never-reused number, known only after the insert. */
export async function insertPartyOrg(
  db: Executor,
  districtId: string,
  v: {
    id?: string;
    parentId: string | null;
    parentPath: string | null;
    kind: string;
    name: string;
    nodeId: string;
  },
): Promise<{ id: string; path: string }> {
  const row = await db
    .insertInto('partyOrg')
    .values({
      districtId,
      ...(v.id ? { id: v.id } : {}),
      parentId: v.parentId,
      kind: v.kind,
      name: v.name,
      nodeId: v.nodeId,
      path: 'pending',
    })
    .returning(['id', 'orgNo'])
    .executeTakeFirstOrThrow();
  const path = v.parentPath ? `${v.parentPath}.o${row.orgNo}` : `o${row.orgNo}`;
  await db
    .updateTable('partyOrg')
    .set({ path })
    .where('districtId', '=', districtId)
    .where('id', '=', row.id)
    .execute();
  return { id: row.id, path };
}

export function renamePartyOrg(db: Executor, districtId: string, id: string, name: string) {
  return db
    .updateTable('partyOrg')
    .set({ name })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

function memberQuery(db: Executor, districtId: string) {
  return db
    .selectFrom('partyMember as m')
    .innerJoin('partyOrg as o', (j) =>
      j.onRef('o.districtId', '=', 'm.districtId').onRef('o.id', '=', 'm.orgId'),
    )
    .leftJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'o.districtId').onRef('n.id', '=', 'o.nodeId'),
    )
    .leftJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'm.districtId').onRef('r.id', '=', 'm.residentId'),
    )
    .leftJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .select([
      'm.id',
      'm.orgId',
      'o.name as orgName',
      'm.name',
      'm.kind',
      'm.employer',
      'm.postRank',
      'm.joinedOn',
      'm.status',
      'm.residentId',
      'h.householdNo',
      sql<string | null>`n.path::text`.as('nodePath'),
    ])
    .where('m.districtId', '=', districtId);
}

export function findPartyMember(db: Executor, districtId: string, id: string) {
  return memberQuery(db, districtId).where('m.id', '=', id).executeTakeFirst();
}

export function listPartyMembers(
  db: Executor,
  districtId: string,
  f: {
    orgPath: string;
    kind: string | undefined;
    includeTransferred: boolean;
    q: string | undefined;
    limit: number;
    after: [string, string] | null;
  },
) {
  let query = memberQuery(db, districtId).where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`);
  if (f.kind) query = query.where('m.kind', '=', f.kind);
  if (!f.includeTransferred) query = query.where('m.status', '=', 'active');
  if (f.q) query = query.where('m.name', 'like', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.after) query = query.where(sql<boolean>`(m.name, m.id) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return query
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(f.limit + 1)
    .execute();
}

export interface PartyMemberValues {
  orgId: string;
  name: string;
  kind: string;
  employer: string | null;
  postRank: number | null;
  joinedOn: string | null;
  residentId: string | null;
  status: 'active' | 'transferred';
}

export function insertPartyMember(db: Executor, districtId: string, v: PartyMemberValues) {
  return db
    .insertInto('partyMember')
    .values({ districtId, ...v })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updatePartyMember(
  db: Executor,
  districtId: string,
  id: string,
  v: Partial<PartyMemberValues>,
) {
  return db
    .updateTable('partyMember')
    .set(v)
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export function deletePartyMember(db: Executor, districtId: string, id: string) {
  return db.deleteFrom('partyMember').where('districtId', '=', districtId).where('id', '=', id).execute();
}

export async function isPartyMemberInUse(db: Executor, districtId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('position')
    .select('id')
    .where('districtId', '=', districtId)
    .where('partyMemberId', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Active in-service members living in active households under `nodePath`, highest post first (AS-17). */
export function inServiceMembersLivingUnder(
  db: Executor,
  districtId: string,
  nodePath: string,
  limit: number,
) {
  return db
    .selectFrom('partyMember as m')
    .innerJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'm.districtId').onRef('r.id', '=', 'm.residentId'),
    )
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select([
      'm.id as partyMemberId',
      'm.name',
      'm.employer',
      'm.postRank',
      'r.id as residentId',
      'h.householdNo',
    ])
    .where('m.districtId', '=', districtId)
    .where('m.kind', '=', 'in_service')
    .where('m.status', '=', 'active')
    .where('r.status', '=', 'active')
    .where('h.status', '=', 'active')
    .where(within(nodePath))
    .orderBy(sql`m.post_rank desc nulls last`)
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export function activePositionsAt(
  db: Executor,
  districtId: string,
  nodeId: string,
  kind: string,
  today: string,
) {
  return db
    .selectFrom('position as p')
    .select(['p.id as positionId', 'p.holderName'])
    .where('p.districtId', '=', districtId)
    .where('p.nodeId', '=', nodeId)
    .where('p.kind', '=', kind)
    .where(activeOn('p', today))
    .orderBy('p.holderName')
    .execute();
}

/** Holders (with a login) of positions of these kinds held today at or above `nodePath` (e.g. the 两委 over a case). */
export async function holdersAbove(
  db: Executor,
  districtId: string,
  nodePath: string,
  kinds: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select('p.holderUserId')
    .distinct()
    .where('p.districtId', '=', districtId)
    .where('p.kind', 'in', [...kinds])
    .where('p.holderUserId', 'is not', null)
    .where(sql<SqlBool>`n.path @> ${nodePath}::ltree and ${activeToday('p')}`)
    .execute();
  return rows.map((r) => r.holderUserId!);
}

// ---------------------------------------------------------------- 职责代理 (position_deputy)

function deputiesWithNames(db: Executor) {
  return db
    .selectFrom('positionDeputy as d')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'd.districtId').onRef('p.id', '=', 'd.positionId'),
    )
    .innerJoin('position as q', (j) =>
      j.onRef('q.districtId', '=', 'd.districtId').onRef('q.id', '=', 'd.deputyPositionId'),
    )
    .select([
      'd.id',
      'd.positionId',
      'p.holderName',
      'd.deputyPositionId',
      'q.holderName as deputyHolderName',
      sql<string>`d.valid_from::text`.as('from'),
      sql<string | null>`d.valid_to::text`.as('until'),
    ]);
}

/** Deputies of the position (as the absent chief) or acting by it (as the deputy) that hold today or later. */
export function openDeputies(
  db: Executor,
  districtId: string,
  positionId: string,
  today: string,
  as: 'absent' | 'deputy',
) {
  return deputiesWithNames(db)
    .where('d.districtId', '=', districtId)
    .where(as === 'absent' ? 'd.positionId' : 'd.deputyPositionId', '=', positionId)
    .where((eb) => eb.or([eb('d.validTo', 'is', null), eb('d.validTo', '>=', today)]))
    .orderBy('d.validFrom')
    .execute();
}

export async function insertDeputy(
  db: Executor,
  d: {
    districtId: string;
    positionId: string;
    deputyPositionId: string;
    validFrom: string;
    validTo: string | null;
    reason: string | null;
    createdBy: string;
  },
): Promise<void> {
  await db.insertInto('positionDeputy').values(d).execute();
}

/** Ends deputies so they no longer hold on `day`; one that never started is deleted. */
export async function endDeputiesBefore(
  db: Executor,
  districtId: string,
  ids: readonly string[],
  day: string,
) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('positionDeputy')
    .where('districtId', '=', districtId)
    .where('id', 'in', [...ids])
    .where('validFrom', '>=', day)
    .execute();
  await db
    .updateTable('positionDeputy')
    .set({ validTo: sql`${day}::date - 1` })
    .where('districtId', '=', districtId)
    .where('id', 'in', [...ids])
    .execute();
}

/**
 * For notices: the accounts acting today for any of these users' positions — the holder of the deputy position
 * of each active 职责代理 whose absent chief is one of the users.
 */
export function actingDeputies(db: Executor, districtId: string, userIds: readonly string[]) {
  return db
    .selectFrom('positionDeputy as d')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'd.districtId').onRef('p.id', '=', 'd.positionId'),
    )
    .innerJoin('position as q', (j) =>
      j.onRef('q.districtId', '=', 'd.districtId').onRef('q.id', '=', 'd.deputyPositionId'),
    )
    .select([
      'p.holderUserId as absentUserId',
      'p.holderName as absentName',
      'q.holderUserId as deputyUserId',
    ])
    .where('d.districtId', '=', districtId)
    .where('p.holderUserId', 'in', [...userIds])
    .where('q.holderUserId', 'is not', null)
    .where(activeToday('d'))
    .execute();
}
