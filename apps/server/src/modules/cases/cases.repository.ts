import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessScope } from '../../platform/access/actor.ts';
import type { Executor } from '../../platform/db/database.ts';

const LINK_ACTIVE = sql`hl.valid_from <= current_date and (hl.valid_to is null or hl.valid_to >= current_date)`;
const POSITION_ACTIVE = sql`p.valid_from <= current_date and (p.valid_to is null or p.valid_to >= current_date)`;

/** Case rows with the names lists and details show. */
function caseBase(db: Executor, districtId: string) {
  return db
    .selectFrom('case as c')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'c.districtId').onRef('n.id', '=', 'c.nodeId'),
    )
    .innerJoin('caseCategory as cat', (j) =>
      j.onRef('cat.districtId', '=', 'c.districtId').onRef('cat.code', '=', 'c.categoryCode'),
    )
    .leftJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'c.districtId').onRef('h.id', '=', 'c.householdId'),
    )
    .leftJoin('position as ap', (j) =>
      j.onRef('ap.districtId', '=', 'c.districtId').onRef('ap.id', '=', 'c.assigneePositionId'),
    )
    .leftJoin('appUser as au', 'au.id', 'c.assigneeUserId')
    .leftJoin('resident as rr', (j) =>
      j.onRef('rr.districtId', '=', 'c.districtId').onRef('rr.id', '=', 'c.reporterResidentId'),
    )
    .leftJoin('appUser as ru', 'ru.id', 'c.reporterUserId')
    .leftJoin('appUser as pu', 'pu.id', 'c.proxyUserId')
    .leftJoin('appUser as hu', 'hu.id', 'c.handlerUserId')
    .leftJoin('case as m', (j) =>
      j.onRef('m.districtId', '=', 'c.districtId').onRef('m.id', '=', 'c.mergedInto'),
    )
    .selectAll('c')
    .select([
      sql<string>`c.updated_at::text`.as('sortKey'),
      sql<string>`c.node_path::text`.as('nodePathText'),
      'n.name as nodeName',
      'cat.name as categoryName',
      'cat.signLimitHours',
      'h.address as householdAddress',
      sql<string | null>`coalesce(au.display_name, ap.holder_name)`.as('assigneeName'),
      sql<string | null>`coalesce(rr.name, ru.display_name)`.as('reporterName'),
      'pu.displayName as proxyName',
      sql<string | null>`coalesce(hu.display_name, c.handler_name)`.as('handlerDisplayName'),
      'm.caseNo as mergedIntoCaseNo',
    ])
    .where('c.districtId', '=', districtId);
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export function findCase(db: Executor, districtId: string, id: string) {
  return caseBase(db, districtId).where('c.id', '=', id).executeTakeFirst();
}

/** Locks the case row for a transition: concurrent actions on one case queue behind each other. */
export async function lockCase(db: Executor, districtId: string, id: string) {
  await db
    .selectFrom('case')
    .select('id')
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return findCase(db, districtId, id);
}

export function findCaseByIdempotencyKey(db: Executor, districtId: string, submittedBy: string, key: string) {
  return db
    .selectFrom('case')
    .select('id')
    .where('districtId', '=', districtId)
    .where('submittedBy', '=', submittedBy)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
}

/** Filter of the cases a caller sees in lists: a role on the case, or `cases.view`/`cases.triage` over its node. */
export function visibleFilter(
  userId: string,
  positionIds: readonly string[],
  viewScope: AccessScope,
  linkedRespondIds: readonly string[],
): Expression<SqlBool> {
  const parts = [
    sql`c.reporter_user_id = ${userId}`,
    sql`c.proxy_user_id = ${userId}`,
    sql`c.submitted_by = ${userId}`,
    sql`c.handler_user_id = ${userId}`,
    sql`c.assignee_user_id = ${userId}`,
  ];
  if (positionIds.length > 0) {
    const ids = sql.join(positionIds.map((id) => sql`${id}::uuid`));
    parts.push(sql`c.assignee_position_id in (${ids})`, sql`c.first_responder_position_id in (${ids})`);
  }
  if (viewScope.everywhere) parts.push(sql`true`);
  for (const p of viewScope.paths) parts.push(sql`c.node_path <@ ${p}::ltree`);
  if (linkedRespondIds.length > 0) {
    parts.push(sql`exists (select 1 from household_link hl where hl.district_id = c.district_id
      and hl.household_id = c.household_id and ${LINK_ACTIVE}
      and hl.position_id in (${sql.join(linkedRespondIds.map((id) => sql`${id}::uuid`))}))`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

export interface ListOptions {
  states?: readonly string[] | undefined;
  communityId?: string | undefined;
  after?: { key: string; id: string } | null;
  limit: number;
}

/** One keyset page, newest activity first. */
export function listCases(db: Executor, districtId: string, where: Expression<SqlBool>, o: ListOptions) {
  let q = caseBase(db, districtId).where(where);
  if (o.states && o.states.length > 0) q = q.where('c.state', 'in', [...o.states]);
  if (o.communityId) q = q.where('c.communityId', '=', o.communityId);
  if (o.after) {
    const { key, id } = o.after;
    q = q.where(sql<SqlBool>`(c.updated_at, c.id) < (${key}::timestamptz, ${id}::uuid)`);
  }
  return q
    .orderBy('c.updatedAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(o.limit + 1)
    .execute();
}

/** Open cases with a running clock, for the SLA board (a community holds hundreds, not millions). */
export function listRunningCases(
  db: Executor,
  districtId: string,
  where: Expression<SqlBool>,
  communityId?: string,
) {
  let q = caseBase(db, districtId)
    .where(where)
    .where('c.dueAt', 'is not', null)
    .where('c.state', 'not in', ['NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED']);
  if (communityId) q = q.where('c.communityId', '=', communityId);
  return q.orderBy('c.dueAt').orderBy('c.id').limit(5000).execute();
}

/** Inbox: assigned to me or one of my positions, my jobs as handler, and the triage queue of my subtrees. */
export function inboxFilter(
  userId: string,
  positionIds: readonly string[],
  triagePaths: readonly string[] | 'everywhere',
): Expression<SqlBool> {
  const parts = [sql`c.assignee_user_id = ${userId}`];
  if (positionIds.length > 0) {
    parts.push(sql`c.assignee_position_id in (${sql.join(positionIds.map((id) => sql`${id}::uuid`))})`);
  }
  const within =
    triagePaths === 'everywhere'
      ? sql`true`
      : triagePaths.length > 0
        ? sql`(${sql.join(
            triagePaths.map((p) => sql`c.node_path <@ ${p}::ltree`),
            sql` or `,
          )})`
        : null;
  if (within) {
    // The community's queue: passed-up and waiting cases, and anything no person is assigned to.
    parts.push(sql`(${within} and (c.state in ('TRIAGE', 'EXTENSION_PENDING', 'ESCALATED', 'REOPENED')
      or (c.assignee_user_id is null and c.assignee_position_id is null
        and c.state in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'VERIFYING'))))`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Is the household linked today to one of these positions (联户)? */
export async function isLinked(
  db: Executor,
  districtId: string,
  householdId: string,
  positionIds: readonly string[],
): Promise<boolean> {
  if (positionIds.length === 0) return false;
  const row = await db
    .selectFrom('householdLink as hl')
    .select('hl.id')
    .where('hl.districtId', '=', districtId)
    .where('hl.householdId', '=', householdId)
    .where('hl.positionId', 'in', [...positionIds])
    .where(sql<SqlBool>`${LINK_ACTIVE}`)
    .executeTakeFirst();
  return row !== undefined;
}

export function findHousehold(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('household as h')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select([
      'h.id',
      'h.communityId',
      'h.nodeId',
      'h.address',
      'h.headResidentId',
      sql<string>`n.path::text`.as('nodePath'),
    ])
    .where('h.districtId', '=', districtId)
    .where('h.id', '=', id)
    .executeTakeFirst();
}

export function findNode(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'level', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The community (or village) node at or above `path`. */
export function communityOf(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'code', 'name'])
    .where('districtId', '=', districtId)
    .where('level', 'in', ['community', 'natural_village'])
    .where(sql<SqlBool>`path @> ${path}::ltree`)
    .orderBy(sql`nlevel(path)`, 'desc')
    .executeTakeFirst();
}

export function findResident(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('resident')
    .select(['id', 'householdId', 'name', 'phoneEnc', 'phoneMasked'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The resident a login account reports as (self-service). */
export function residentOfUser(db: Executor, districtId: string, userId: string) {
  return db
    .selectFrom('residentAccount as ra')
    .innerJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'ra.districtId').onRef('r.id', '=', 'ra.residentId'),
    )
    .select(['r.id', 'r.householdId', 'r.name', 'r.phoneEnc', 'r.phoneMasked'])
    .where('ra.districtId', '=', districtId)
    .where('ra.userId', '=', userId)
    .executeTakeFirst();
}

export function userOfResident(db: Executor, districtId: string, residentId: string) {
  return db
    .selectFrom('residentAccount')
    .select('userId')
    .where('districtId', '=', districtId)
    .where('residentId', '=', residentId)
    .executeTakeFirst();
}

/**
 * The first responder of a household by the routing rule: its 邻长, else its 户长 (active 联户 link), else the
 * 网格员 nearest above it; only positions whose holder can log in.
 */
export async function firstResponderOf(
  db: Executor,
  districtId: string,
  householdId: string | null,
  nodePath: string,
) {
  if (householdId) {
    const linked = await db
      .selectFrom('householdLink as hl')
      .innerJoin('position as p', (j) =>
        j.onRef('p.districtId', '=', 'hl.districtId').onRef('p.id', '=', 'hl.positionId'),
      )
      .select(['p.id', 'p.holderUserId', 'p.holderName', 'p.kind'])
      .where('hl.districtId', '=', districtId)
      .where('hl.householdId', '=', householdId)
      .where('p.kind', 'in', ['neighbour_chief', 'household_chief'])
      .where('p.holderUserId', 'is not', null)
      .where(sql<SqlBool>`${LINK_ACTIVE} and ${POSITION_ACTIVE}`)
      .orderBy(sql`case p.kind when 'neighbour_chief' then 0 else 1 end`)
      .orderBy('hl.coversPositionId', 'desc')
      .orderBy('p.id')
      .executeTakeFirst();
    if (linked) return linked;
  }
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.id', 'p.holderUserId', 'p.holderName', 'p.kind'])
    .where('p.districtId', '=', districtId)
    .where('p.kind', '=', 'grid_worker')
    .where('p.holderUserId', 'is not', null)
    .where(sql<SqlBool>`n.path @> ${nodePath}::ltree and ${POSITION_ACTIVE}`)
    .orderBy(sql`nlevel(n.path)`, 'desc')
    .orderBy('p.id')
    .executeTakeFirst();
}

/** Holders (with a login) of positions of these kinds at or above `nodePath`. */
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
    .where(sql<SqlBool>`n.path @> ${nodePath}::ltree and ${POSITION_ACTIVE}`)
    .execute();
  return rows.map((r) => r.holderUserId!);
}

export function holderOfPosition(db: Executor, districtId: string, positionId: string) {
  return db
    .selectFrom('position')
    .select(['holderUserId', 'holderName'])
    .where('districtId', '=', districtId)
    .where('id', '=', positionId)
    .executeTakeFirst();
}

export function findUserInDistrict(db: Executor, districtId: string, userId: string) {
  return db
    .selectFrom('appUser as u')
    .select(['u.id', 'u.displayName'])
    .where('u.id', '=', userId)
    .where('u.disabledAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('u.homeDistrictId', '=', districtId),
        eb.exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .whereRef('p.holderUserId', '=', 'u.id')
            .where('p.districtId', '=', districtId),
        ),
      ]),
    )
    .executeTakeFirst();
}

export async function hasCategories(db: Executor, districtId: string): Promise<boolean> {
  const row = await db
    .selectFrom('caseCategory')
    .select('code')
    .where('districtId', '=', districtId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The categories offered at intake: retired ones stay in the table for their cases but are not offered. */
export function listCategories(db: Executor, districtId: string) {
  return db
    .selectFrom('caseCategory')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('isRetired', '=', false)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

export function findCategory(db: Executor, districtId: string, code: string) {
  return db
    .selectFrom('caseCategory')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Next `{communityCode}-{yyyymmdd}-{seq}` number for the community's business day. */
export async function nextCaseNo(
  db: Executor,
  districtId: string,
  communityId: string,
  communityCode: string,
) {
  const row = await db
    .insertInto('caseCounter')
    .values({ districtId, communityId, day: sql<string>`current_date`, lastValue: 1 })
    .onConflict((oc) =>
      oc
        .columns(['districtId', 'communityId', 'day'])
        .doUpdateSet({ lastValue: sql`case_counter.last_value + 1` }),
    )
    .returning(['lastValue', sql<string>`to_char(day, 'YYYYMMDD')`.as('day')])
    .executeTakeFirstOrThrow();
  return `${communityCode}-${row.day}-${String(row.lastValue).padStart(4, '0')}`;
}

export function listEvents(db: Executor, districtId: string, caseId: string) {
  return db
    .selectFrom('caseEvent')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('caseId', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export function listAttachments(db: Executor, districtId: string, caseId: string) {
  return db
    .selectFrom('caseAttachment')
    .select(['id', 'eventId', 'fileName', 'mime', 'size'])
    .where('districtId', '=', districtId)
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export function listRatings(db: Executor, districtId: string, caseId: string) {
  return db
    .selectFrom('caseRating')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('caseId', '=', caseId)
    .orderBy('round')
    .execute();
}

export function findAttachment(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('caseAttachment')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Links the caller's own unused uploads to a case event; returns how many it linked. */
export async function linkAttachments(
  db: Executor,
  districtId: string,
  ids: readonly string[],
  uploadedBy: string,
  caseId: string,
  eventId: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await db
    .updateTable('caseAttachment')
    .set({ caseId, eventId })
    .where('districtId', '=', districtId)
    .where('id', 'in', [...ids])
    .where('uploadedBy', '=', uploadedBy)
    .where('caseId', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
