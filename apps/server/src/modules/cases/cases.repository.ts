import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessScope } from '../../platform/access/actor.ts';
import type { Executor } from '../../platform/db/database.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import { inSubtree } from '../../platform/db/subtree.ts';
import { activeToday } from '../../platform/db/validity.ts';

const LINK_ACTIVE = activeToday('hl');
const POSITION_ACTIVE = activeToday('p');

/** The joins every case query needs for its place, category, household and assignee names. */
function withListJoins(db: Executor) {
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
    .leftJoin('appUser as au', 'au.id', 'c.assigneeUserId');
}

/** Case rows with the names lists and details show. */
function caseBase(db: Executor, districtId: string) {
  return withListJoins(db)
    .leftJoin('resident as rr', (j) =>
      j.onRef('rr.districtId', '=', 'c.districtId').onRef('rr.id', '=', 'c.reporterResidentId'),
    )
    .leftJoin('appUser as ru', 'ru.id', 'c.reporterUserId')
    .leftJoin('appUser as pu', 'pu.id', 'c.proxyUserId')
    .leftJoin('appUser as hu', 'hu.id', 'c.handlerUserId')
    .leftJoin('case as m', (j) =>
      j.onRef('m.districtId', '=', 'c.districtId').onRef('m.id', '=', 'c.mergedInto'),
    )
    .leftJoin('household as rh', (j) =>
      j.onRef('rh.districtId', '=', 'c.districtId').onRef('rh.id', '=', 'c.relatedHouseholdId'),
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
      'rh.address as relatedHouseholdAddress',
    ])
    .where('c.districtId', '=', districtId);
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** Case rows with only the names a list line shows: five joins instead of the detail's eleven. */
function summaryBase(db: Executor, districtId: string) {
  return withListJoins(db)
    .select([
      'c.id',
      'c.caseNo',
      'c.title',
      'c.categoryCode',
      'c.channel',
      'c.urgency',
      'c.state',
      'c.nodeStartedAt',
      'c.dueAt',
      'c.dueUnit',
      'c.overallDueAt',
      'c.escalationLevel',
      'c.handledLocally',
      'c.createdAt',
      'c.updatedAt',
      sql<string>`c.updated_at::text`.as('sortKey'),
      'n.name as nodeName',
      'cat.name as categoryName',
      'h.address as householdAddress',
      sql<string | null>`coalesce(au.display_name, ap.holder_name)`.as('assigneeName'),
    ])
    .where('c.districtId', '=', districtId);
}
export type CaseSummaryRow = Awaited<ReturnType<ReturnType<typeof summaryBase>['executeTakeFirstOrThrow']>>;

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

/** States where a case is done; the partial list indexes cover every other state. */
const FINAL_STATES_SQL = sql.raw(`('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED')`);
const FINAL_STATES: readonly string[] = ['NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED'];

const uuids = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`));

/** One branch of a list filter; `subtree` when it is `node_path <@ subtree` (then also a btree range). */
export interface Branch {
  where: Expression<SqlBool>;
  subtree?: string;
}

/**
 * The cases a caller sees in lists, as branches to be unioned: a role on the case, or `cases.view`/`cases.triage`
 * over its node. One OR over them all would leave Postgres no index for the whole; each branch has its own.
 */
export function visibleFilter(
  userId: string,
  positionIds: readonly string[],
  viewScope: AccessScope,
  linkedRespondIds: readonly string[],
): Branch[] {
  if (viewScope.everywhere) return [{ where: sql<SqlBool>`true` }];
  // The roles share one branch: a BitmapOr of their indexes, then a sort of one person's cases, plans in a
  // fraction of the time of one branch each, and planning is most of what a page costs.
  const parts: Expression<SqlBool>[] = [
    sql<SqlBool>`(c.reporter_user_id = ${userId} or c.proxy_user_id = ${userId} or c.submitted_by = ${userId}
      or c.handler_user_id = ${userId} or c.assignee_user_id = ${userId})`,
  ];
  if (positionIds.length > 0) {
    parts.push(
      sql<SqlBool>`(c.assignee_position_id in (${uuids(positionIds)})
        or c.first_responder_position_id in (${uuids(positionIds)}))`,
    );
  }
  if (linkedRespondIds.length > 0) {
    parts.push(sql<SqlBool>`exists (select 1 from household_link hl where hl.district_id = c.district_id
      and hl.household_id = c.household_id and ${LINK_ACTIVE} and hl.position_id in (${uuids(linkedRespondIds)}))`);
  }
  return [
    ...parts.map((where) => ({ where })),
    ...viewScope.paths.map((p) => ({ where: sql<SqlBool>`c.node_path <@ ${p}::ltree`, subtree: p })),
  ];
}

/** Inbox branches: assigned to me or one of my positions, and the triage queue of my subtrees. */
export function inboxFilter(
  userId: string,
  positionIds: readonly string[],
  triagePaths: readonly string[] | 'everywhere',
): Branch[] {
  const parts: Branch[] = [{ where: sql<SqlBool>`c.assignee_user_id = ${userId}` }];
  if (positionIds.length > 0)
    parts.push({ where: sql<SqlBool>`c.assignee_position_id in (${uuids(positionIds)})` });
  // The community's queue: passed-up and waiting cases, and anything no person is assigned to.
  const queue = sql`(c.state in ('TRIAGE', 'EXTENSION_PENDING', 'ESCALATED', 'REOPENED')
    or (c.assignee_user_id is null and c.assignee_position_id is null
      and c.state in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'VERIFYING')))`;
  if (triagePaths === 'everywhere') parts.push({ where: sql<SqlBool>`${queue}` });
  else
    for (const p of triagePaths) parts.push({ where: sql<SqlBool>`c.node_path <@ ${p}::ltree and ${queue}` });
  return parts;
}

export interface ListOptions {
  states?: readonly string[] | undefined;
  communityId?: string | undefined;
  after?: { key: string; id: string } | null;
  limit: number;
}

/**
 * The ids of one keyset page over the union of `branches`: each branch takes its own first `limit + 1` rows in
 * `order` from its index, and the union (which drops a case two branches share) is cut to `limit + 1` again.
 */
function pageIds(
  districtId: string,
  branches: readonly Branch[],
  common: Expression<SqlBool>,
  sort: 'updated_at desc' | 'due_at asc',
  limit: number,
) {
  const [col, dir] = sort.split(' ') as [string, string];
  const one = (b: Branch) => sql`(select c.id, c.${sql.raw(col)} as k from "case" c
    where c.district_id = ${districtId} and ${b.where} and ${common}
    order by ${sql.raw(`c.${col} ${dir}, c.id ${dir}`)} limit ${limit + 1})`;
  if (branches.length === 0)
    return sql<{ id: string }>`(select null::uuid as id, null::timestamptz as k limit 0)`;
  if (branches.length === 1) return sql<{ id: string }>`${one(branches[0]!)}`;
  return sql<{ id: string }>`(select id, k from (${sql.join(branches.map(one), sql` union `)}) u
    order by ${sql.raw(`k ${dir}, id ${dir}`)} limit ${limit + 1})`;
}

function listConditions(o: ListOptions): Expression<SqlBool> {
  const parts = [sql`true`];
  if (o.states && o.states.length > 0) {
    parts.push(sql`c.state in (${sql.join([...o.states])})`);
    // Spelled out so the planner matches the partial index of open cases.
    if (o.states.every((s) => !FINAL_STATES.includes(s))) parts.push(sql`c.state not in ${FINAL_STATES_SQL}`);
  }
  if (o.communityId) parts.push(sql`c.community_id = ${o.communityId}`);
  if (o.after) parts.push(sql`(c.updated_at, c.id) < (${o.after.key}::timestamptz, ${o.after.id}::uuid)`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/**
 * One keyset page of the cases matching any of `branches`, newest activity first (one statement). Prepared: its
 * planning costs more than running it, and each filter shape gets a statement of its own.
 */
export function listCases(db: Executor, districtId: string, branches: readonly Branch[], o: ListOptions) {
  const ids = pageIds(districtId, branches, listConditions(o), 'updated_at desc', o.limit);
  return executePrepared(
    db,
    db
      .selectFrom(ids.as('p'))
      .innerJoinLateral(rowOf(summaryBase(db, districtId)).as('r'), (j) => j.onTrue())
      .selectAll('r')
      .orderBy('r.updatedAt', 'desc')
      .orderBy('r.id', 'desc'),
  );
}

/**
 * The page's case `p.id` with its names, one primary-key look-up per id. LIMIT keeps Postgres from merging it into
 * the outer query, where a dozen joins exceed the collapse limits and it would join every case before the page.
 */
function rowOf<Q extends ReturnType<typeof summaryBase>>(q: Q): Q {
  return q.where(sql<SqlBool>`c.id = p.id`).limit(1) as Q;
}

/** The SLA light as a number (0/50/80/100) at `now`, in SQL for filters and counts. */
function slaLevelSql(now: Date) {
  // Natural clocks are exact here; working-time shares need the holiday calendar, so they take the level the
  // minutely sweep stored (never above 80: past due is decided live above).
  return sql<number>`(case when c.due_unit is null then 0
    when c.due_at < ${now} then 100
    when c.due_unit not in ('natural_hours', 'natural_days') then least(c.sla_level, 80)
    when ${now} <= c.node_started_at then 0
    when extract(epoch from ${now}::timestamptz - c.node_started_at)
      >= 0.8 * extract(epoch from c.due_at - c.node_started_at) then 80
    when extract(epoch from ${now}::timestamptz - c.node_started_at)
      >= 0.5 * extract(epoch from c.due_at - c.node_started_at) then 50
    else 0 end)`;
}

/** A subtree as a btree range of node_path too, for the index. */
function withRange(b: Branch): Expression<SqlBool> {
  return b.subtree === undefined
    ? b.where
    : sql<SqlBool>`${b.where} and ${inSubtree(sql`c.node_path`, sql`${b.subtree}::ltree`)}`;
}

export interface SlaBoardOptions {
  communityId?: string | undefined;
  level?: number | undefined;
  after?: { key: string; id: string } | null;
  limit: number;
  now: Date;
}

/**
 * One keyset page of running cases (a clock on, not final), soonest due first, each with its SLA level, and the
 * count per level over all of them — in one statement.
 */
export async function listRunningCases(
  db: Executor,
  districtId: string,
  branches: readonly Branch[],
  o: SlaBoardOptions,
) {
  const level = slaLevelSql(o.now);
  const running = [sql`c.due_at is not null and c.state not in ${FINAL_STATES_SQL}`];
  if (o.communityId) running.push(sql`c.community_id = ${o.communityId}`);
  const base = sql.join(running, sql` and `);
  const pageWhere = [base];
  if (o.level !== undefined) pageWhere.push(sql`${level} = ${o.level}`);
  if (o.after) pageWhere.push(sql`(c.due_at, c.id) > (${o.after.key}::timestamptz, ${o.after.id}::uuid)`);
  const counted = branches.map(
    (b) => sql`(select c.id, ${level} as lvl from "case" c
      where c.district_id = ${districtId} and ${withRange(b)} and ${base})`,
  );
  const counts = sql<{ ok: number; p50: number; p80: number; overdue: number }>`(select
      count(*) filter (where lvl = 0)::int as ok, count(*) filter (where lvl = 50)::int as p50,
      count(*) filter (where lvl = 80)::int as p80, count(*) filter (where lvl = 100)::int as overdue
    from (${counted.length > 0 ? sql.join(counted, sql` union `) : sql`select null::uuid as id, 0 as lvl limit 0`}) x)`;
  const ids = pageIds(
    districtId,
    branches,
    sql<SqlBool>`${sql.join(pageWhere, sql` and `)}`,
    'due_at asc',
    o.limit,
  );
  const pageRows = db
    .selectFrom(ids.as('p'))
    .innerJoinLateral(
      rowOf(summaryBase(db, districtId))
        .select([sql<number>`${level}`.as('slaLevelNow'), sql<string>`c.due_at::text`.as('dueKey')])
        .as('r'),
      (j) => j.onTrue(),
    )
    .selectAll('r');
  const rows = await db
    .selectFrom(counts.as('k'))
    .leftJoin(pageRows.as('r'), (j) => j.onTrue())
    .selectAll('r')
    .select(['k.ok as countOk', 'k.p50 as countP50', 'k.p80 as countP80', 'k.overdue as countOverdue'])
    .orderBy('r.dueAt')
    .orderBy('r.id')
    .execute();
  const first = rows[0]!;
  return {
    rows: rows.filter((r) => r.id !== null) as unknown as (CaseSummaryRow & {
      slaLevelNow: number;
      dueKey: string;
    })[],
    counts: { ok: first.countOk, p50: first.countP50, p80: first.countP80, overdue: first.countOverdue },
  };
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
/** The district's categories in catalogue order; retired ones only for the settings page. */
export function listCategories(db: Executor, districtId: string, options: { withRetired?: boolean } = {}) {
  let q = db.selectFrom('caseCategory').selectAll().where('districtId', '=', districtId);
  if (!options.withRetired) q = q.where('isRetired', '=', false);
  return q.orderBy('sort').orderBy('code').execute();
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

/** The accounts told about a household: its residents' own accounts and the chiefs linked to it today. */
export async function householdAudience(
  db: Executor,
  districtId: string,
  householdId: string,
): Promise<string[]> {
  const { rows } = await sql<{ userId: string }>`
    select ra.user_id as "userId"
    from resident_account ra
    join resident r on r.district_id = ra.district_id and r.id = ra.resident_id
    where ra.district_id = ${districtId} and r.household_id = ${householdId}::uuid and r.status = 'active'
    union
    select p.holder_user_id
    from household_link hl
    join position p on p.district_id = hl.district_id and p.id = hl.position_id
    where hl.district_id = ${districtId} and hl.household_id = ${householdId}::uuid
      and p.holder_user_id is not null and ${LINK_ACTIVE} and ${POSITION_ACTIVE}`.execute(db);
  return rows.map((r) => r.userId);
}

export async function setRelatedHousehold(
  db: Executor,
  districtId: string,
  caseId: string,
  householdId: string | null,
): Promise<void> {
  await db
    .updateTable('case')
    .set({ relatedHouseholdId: householdId, updatedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', caseId)
    .execute();
}

/** One timeline entry by the audit context's actor; `from`/`to` only for state changes. */
export async function insertCaseEvent(
  db: Executor,
  audit: { districtId: string; userId: string | null; actorName: string },
  caseId: string,
  e: {
    action: string;
    from?: string | null;
    to?: string | null;
    note: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<string> {
  const row = await db
    .insertInto('caseEvent')
    .values({
      districtId: audit.districtId,
      caseId,
      actorUserId: audit.userId,
      actorName: audit.actorName,
      action: e.action,
      fromState: e.from ?? null,
      toState: e.to ?? null,
      note: e.note,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
