import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { activeToday } from '../../platform/db/validity.ts';

const POSITION_ACTIVE = activeToday('p');
const LINK_ACTIVE = activeToday('hl');

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
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('level', 'in', ['community', 'natural_village'])
    .where(sql<SqlBool>`path @> ${path}::ltree`)
    .orderBy(sql`nlevel(path)`, 'desc')
    .executeTakeFirst();
}

export function findCommunity(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('level', 'in', ['community', 'natural_village'])
    .executeTakeFirst();
}

// ---------------------------------------------------------------- councils

function councilBase(db: Executor, districtId: string) {
  return db
    .selectFrom('council as c')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'c.districtId').onRef('n.id', '=', 'c.communityId'),
    )
    .leftJoin('council as pc', (j) =>
      j.onRef('pc.districtId', '=', 'c.districtId').onRef('pc.id', '=', 'c.parentId'),
    )
    .selectAll('c')
    .select([
      'n.name as communityName',
      sql<string>`n.path::text`.as('communityPath'),
      'pc.name as parentName',
    ])
    .where('c.districtId', '=', districtId);
}
export type CouncilRow = NonNullable<Awaited<ReturnType<typeof findCouncil>>>;

export function findCouncil(db: Executor, districtId: string, id: string) {
  return councilBase(db, districtId).where('c.id', '=', id).executeTakeFirst();
}

export function listCouncils(db: Executor, districtId: string, communityId: string | undefined) {
  let q = councilBase(db, districtId);
  if (communityId) q = q.where('c.communityId', '=', communityId);
  return q.orderBy('n.name').orderBy(sql`c.parent_id is not null`).orderBy('c.name').execute();
}

export function listMembers(db: Executor, districtId: string, councilIds: readonly string[]) {
  if (councilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('councilMember')
    .select(['id', 'councilId', 'name', 'party', 'userId'])
    .where('districtId', '=', districtId)
    .where('councilId', 'in', [...councilIds])
    .where('active', '=', true)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export function findPosition(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('position')
    .select(['id', 'holderName'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Accounts that may act in this district (home district, or a current position in it). */
export async function usersInDistrict(db: Executor, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('appUser as u')
    .select('u.id')
    .where('u.id', 'in', [...ids])
    .where('u.disabledAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('u.homeDistrictId', '=', districtId),
        eb.exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .where('p.districtId', '=', districtId)
            .whereRef('p.holderUserId', '=', 'u.id'),
        ),
        eb.exists(
          eb
            .selectFrom('residentAccount as ra')
            .select('ra.userId')
            .where('ra.districtId', '=', districtId)
            .whereRef('ra.userId', '=', 'u.id'),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Active members keep their id (attendance refers to it); members no longer listed are deactivated. */
export async function replaceMembers(
  tx: Executor,
  districtId: string,
  councilId: string,
  members: readonly { name: string; party: string; userId: string | null }[],
) {
  const current = await tx
    .selectFrom('councilMember')
    .select(['id', 'name', 'party', 'userId', 'active'])
    .where('districtId', '=', districtId)
    .where('councilId', '=', councilId)
    .execute();
  await tx
    .updateTable('councilMember')
    .set({ active: false })
    .where('districtId', '=', districtId)
    .where('councilId', '=', councilId)
    .execute();
  const kept = new Set<string>();
  for (const m of members) {
    const same = current.find(
      (c) => !kept.has(c.id) && c.name === m.name && c.party === m.party && c.userId === m.userId,
    );
    if (same) {
      kept.add(same.id);
      await tx
        .updateTable('councilMember')
        .set({ active: true })
        .where('districtId', '=', districtId)
        .where('id', '=', same.id)
        .execute();
    } else {
      await tx
        .insertInto('councilMember')
        .values({ districtId, councilId, ...m })
        .execute();
    }
  }
}

/** The household of a resident account, with its node path. */
export function householdOfUser(db: Executor, districtId: string, userId: string) {
  return db
    .selectFrom('residentAccount as ra')
    .innerJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'ra.districtId').onRef('r.id', '=', 'ra.residentId'),
    )
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select(['r.name', 'h.nodeId', sql<string>`n.path::text`.as('nodePath')])
    .where('ra.districtId', '=', districtId)
    .where('ra.userId', '=', userId)
    .executeTakeFirst();
}

/** Councils of a community the account is an active member of. */
export async function councilsOfMember(db: Executor, districtId: string, userId: string) {
  const rows = await db
    .selectFrom('councilMember as m')
    .innerJoin('council as c', (j) =>
      j.onRef('c.districtId', '=', 'm.districtId').onRef('c.id', '=', 'm.councilId'),
    )
    .select(['m.id as memberId', 'c.id as councilId', 'c.communityId'])
    .where('m.districtId', '=', districtId)
    .where('m.userId', '=', userId)
    .where('m.active', '=', true)
    .execute();
  return rows;
}

/** Resident accounts of households under `nodePath`, and the chiefs linked today to those households. */
export async function residentsUnder(db: Executor, districtId: string, nodePath: string): Promise<string[]> {
  const under = sql<SqlBool>`n.path <@ ${nodePath}::ltree`;
  const accounts = await db
    .selectFrom('residentAccount as ra')
    .innerJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'ra.districtId').onRef('r.id', '=', 'ra.residentId'),
    )
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select('ra.userId')
    .where('ra.districtId', '=', districtId)
    .where(under)
    .execute();
  const chiefs = await db
    .selectFrom('householdLink as hl')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'hl.districtId').onRef('p.id', '=', 'hl.positionId'),
    )
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'hl.districtId').onRef('h.id', '=', 'hl.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select('p.holderUserId')
    .where('hl.districtId', '=', districtId)
    .where('p.holderUserId', 'is not', null)
    .where(sql<SqlBool>`${under} and ${LINK_ACTIVE} and ${POSITION_ACTIVE}`)
    .execute();
  return [...accounts.map((a) => a.userId), ...chiefs.map((c) => c.holderUserId!)];
}

// ---------------------------------------------------------------- topics

function topicBase(db: Executor, districtId: string) {
  return db
    .selectFrom('topic as t')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 't.districtId').onRef('n.id', '=', 't.nodeId'),
    )
    .innerJoin('territoryNode as cn', (j) =>
      j.onRef('cn.districtId', '=', 't.districtId').onRef('cn.id', '=', 't.communityId'),
    )
    .leftJoin('council as c', (j) =>
      j.onRef('c.districtId', '=', 't.districtId').onRef('c.id', '=', 't.councilId'),
    )
    .leftJoin('council as sc', (j) =>
      j.onRef('sc.districtId', '=', 't.districtId').onRef('sc.id', '=', 't.sourceCouncilId'),
    )
    .selectAll('t')
    .select([
      'n.name as nodeName',
      sql<string>`t.node_path::text`.as('nodePathText'),
      sql<string>`cn.path::text`.as('communityPath'),
      'c.name as councilName',
      'sc.name as sourceCouncilName',
      sql<string | null>`t.scheduled_on::text`.as('scheduledOnText'),
      sql<string | null>`t.regular_day::text`.as('regularDayText'),
      sql<string | null>`t.deliberated_on::text`.as('deliberatedOnText'),
    ])
    .where('t.districtId', '=', districtId);
}
export type TopicRow = NonNullable<Awaited<ReturnType<typeof findTopic>>>;

export function findTopic(db: Executor, districtId: string, id: string) {
  return topicBase(db, districtId).where('t.id', '=', id).executeTakeFirst();
}

/** Locks the topic row: concurrent actions on one topic queue behind each other. */
export async function lockTopic(db: Executor, districtId: string, id: string) {
  await db
    .selectFrom('topic')
    .select('id')
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .forUpdate()
    .execute();
  return findTopic(db, districtId, id);
}

/**
 * Online topics of every district whose vote window closed by `now` and whose votes are not tallied yet, oldest
 * close first; the one query that spans districts, for the system's tally (each row carries its district).
 */
export function onlineVotesDue(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('topic')
    .select(['districtId', 'id'])
    .where('state', '=', 'SCHEDULED')
    .where('mode', '=', 'online')
    .where('voteClosesAt', '<=', now)
    .where('decidedAt', 'is', null)
    .orderBy('voteClosesAt')
    .orderBy('districtId')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function listTopics(
  db: Executor,
  districtId: string,
  f: { communityIds: readonly string[] | 'all'; states?: readonly string[] | undefined; userId: string },
) {
  let q = topicBase(db, districtId);
  if (f.communityIds !== 'all') {
    const ids = f.communityIds;
    q = q.where((eb) =>
      ids.length > 0
        ? eb.or([eb('t.communityId', 'in', [...ids]), eb('t.proposerUserId', '=', f.userId)])
        : eb('t.proposerUserId', '=', f.userId),
    );
  }
  if (f.states && f.states.length > 0) q = q.where('t.state', 'in', [...f.states]);
  return q.orderBy('t.updatedAt', 'desc').orderBy('t.id').limit(500).execute();
}

export function listAttendance(db: Executor, districtId: string, topicId: string) {
  return db
    .selectFrom('topicAttendance as a')
    .innerJoin('councilMember as m', (j) =>
      j.onRef('m.districtId', '=', 'a.districtId').onRef('m.id', '=', 'a.memberId'),
    )
    .select(['a.memberId', 'm.name', 'm.party', 'a.present', 'a.positionText'])
    .where('a.districtId', '=', districtId)
    .where('a.topicId', '=', topicId)
    .orderBy('m.createdAt')
    .orderBy('m.id')
    .execute();
}

export function listVotes(db: Executor, districtId: string, topicId: string) {
  return db
    .selectFrom('topicVote')
    .select(['memberId', 'choice', 'castByMemberId'])
    .where('districtId', '=', districtId)
    .where('topicId', '=', topicId)
    .execute();
}

export function listItems(db: Executor, districtId: string, topicId: string) {
  return db
    .selectFrom('topicItem')
    .select([
      'id',
      'description',
      'implementer',
      sql<string>`deadline::text`.as('deadline'),
      'doneAt',
      'doneNote',
    ])
    .where('districtId', '=', districtId)
    .where('topicId', '=', topicId)
    .orderBy('deadline')
    .orderBy('id')
    .execute();
}

export async function clearRecord(tx: Executor, districtId: string, topicId: string) {
  await tx
    .deleteFrom('topicAttendance')
    .where('districtId', '=', districtId)
    .where('topicId', '=', topicId)
    .execute();
  await tx
    .deleteFrom('topicVote')
    .where('districtId', '=', districtId)
    .where('topicId', '=', topicId)
    .execute();
  await tx
    .deleteFrom('topicProxy')
    .where('districtId', '=', districtId)
    .where('topicId', '=', topicId)
    .execute();
}

/** One ballot per member: false when the member has voted already (nothing is overwritten). */
export async function insertVote(
  tx: Executor,
  v: { districtId: string; topicId: string; memberId: string; castByMemberId: string; choice: string },
): Promise<boolean> {
  const row = await tx
    .insertInto('topicVote')
    .values(v)
    .onConflict((oc) => oc.columns(['districtId', 'topicId', 'memberId']).doNothing())
    .returning('memberId')
    .executeTakeFirst();
  return row !== undefined;
}

export function listProxies(db: Executor, districtId: string, topicId: string) {
  return db
    .selectFrom('topicProxy as p')
    .innerJoin('councilMember as g', (j) =>
      j.onRef('g.districtId', '=', 'p.districtId').onRef('g.id', '=', 'p.grantorMemberId'),
    )
    .innerJoin('councilMember as x', (j) =>
      j.onRef('x.districtId', '=', 'p.districtId').onRef('x.id', '=', 'p.proxyMemberId'),
    )
    .select([
      'p.grantorMemberId',
      'g.name as grantorName',
      'p.proxyMemberId',
      'x.name as proxyName',
      'x.userId as proxyUserId',
    ])
    .where('p.districtId', '=', districtId)
    .where('p.topicId', '=', topicId)
    .orderBy('p.createdAt')
    .execute();
}

/** False when the grantor has already authorised someone for this topic. */
export async function insertProxy(
  tx: Executor,
  p: {
    districtId: string;
    topicId: string;
    grantorMemberId: string;
    proxyMemberId: string;
    recordedBy: string;
  },
): Promise<boolean> {
  const row = await tx
    .insertInto('topicProxy')
    .values(p)
    .onConflict((oc) => oc.columns(['districtId', 'topicId', 'grantorMemberId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------- report

export function topicsOfYear(db: Executor, districtId: string, communityId: string, year: number) {
  const start = `${year}-01-01`;
  const end = `${year + 1}-01-01`;
  return db
    .selectFrom('topic')
    .select([
      'id',
      'title',
      'state',
      'mode',
      'category',
      sql<string | null>`(decided_at at time zone 'Asia/Shanghai')::date::text`.as('decidedOn'),
      sql<boolean>`created_at >= ${start}::date and created_at < ${end}::date`.as('raisedInYear'),
      sql<boolean>`decided_at >= ${start}::date and decided_at < ${end}::date`.as('decidedInYear'),
      sql<number | null>`case when published_at >= ${start}::date and published_at < ${end}::date
        then extract(epoch from published_at - created_at) / 86400 end`.as('daysToFeedback'),
    ])
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('createdAt', '>=', new Date(`${start}T00:00:00+08:00`)),
          eb('createdAt', '<', new Date(`${end}T00:00:00+08:00`)),
        ]),
        eb.and([
          eb('decidedAt', '>=', new Date(`${start}T00:00:00+08:00`)),
          eb('decidedAt', '<', new Date(`${end}T00:00:00+08:00`)),
        ]),
        eb.and([
          eb('publishedAt', '>=', new Date(`${start}T00:00:00+08:00`)),
          eb('publishedAt', '<', new Date(`${end}T00:00:00+08:00`)),
        ]),
      ]),
    )
    .orderBy('decidedAt')
    .execute();
}

export async function topicsOfSuggestions(
  db: Executor,
  districtId: string,
  suggestionIds: readonly string[],
) {
  if (suggestionIds.length === 0) return [];
  return db
    .selectFrom('topic')
    .select(['id', 'sourceSuggestionId'])
    .where('districtId', '=', districtId)
    .where('sourceSuggestionId', 'in', [...suggestionIds])
    .execute();
}
