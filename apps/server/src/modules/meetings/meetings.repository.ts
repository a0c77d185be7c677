import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { activeToday } from '../../platform/db/validity.ts';

const ACTIVE_POSITION = activeToday('p');

export async function findNode(db: Executor, districtId: string, nodeId: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', nodeId)
    .where('validTo', 'is', null)
    .executeTakeFirst();
}

/** Accounts of the district: living there or holding a current position there. */
export async function usersInDistrict(db: Executor, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('appUser as u')
    .select(['u.id', 'u.displayName'])
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
            .whereRef('p.holderUserId', '=', 'u.id')
            .where(ACTIVE_POSITION),
        ),
      ]),
    )
    .execute();
}

/** Current positions by id, with the path of the node each is held at. */
export async function positionsByIds(db: Executor, districtId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.id', 'p.kind', 'p.holderName', 'p.holderUserId', sql<string>`n.path::text`.as('nodePath')])
    .where('p.districtId', '=', districtId)
    .where('p.id', 'in', [...ids])
    .where(ACTIVE_POSITION)
    .execute();
}

/** Current positions of these kinds at or below `path`, oldest first (the rota's stable order). */
export async function positionsUnder(
  db: Executor,
  districtId: string,
  path: string,
  kinds: readonly string[],
) {
  if (kinds.length === 0) return [];
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.id', 'p.kind', 'p.holderName', 'p.holderUserId'])
    .where('p.districtId', '=', districtId)
    .where('p.kind', 'in', [...kinds])
    .where(sql<SqlBool>`n.path <@ ${path}::ltree`)
    .where(ACTIVE_POSITION)
    .orderBy('p.createdAt')
    .orderBy('p.id')
    .execute();
}

export interface NewMeeting {
  districtId: string;
  seriesId: string | null;
  nodeId: string;
  nodePath: string;
  kind: string;
  title: string;
  place: string;
  organiserUserId: string;
  startsAt: Date;
  endsAt: Date;
  agenda: string[];
  recurrence: unknown;
  urgentReason: string | null;
  checkInToken: string;
  checkInCode: string;
  /** Set when the notice itself is the D-1 reminder (a meeting announced for today or tomorrow). */
  remindedAt: Date | null;
  createdBy: string;
}

export async function insertMeeting(db: Executor, m: NewMeeting): Promise<string> {
  const row = await db
    .insertInto('meeting')
    .values({
      ...m,
      nodePath: sql`${m.nodePath}::ltree`,
      agenda: JSON.stringify(m.agenda),
      recurrence: m.recurrence === null ? null : JSON.stringify(m.recurrence),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewInvitee {
  userId: string | null;
  positionId: string | null;
  name: string;
}

export async function insertInvitees(
  db: Executor,
  districtId: string,
  meetingId: string,
  invitees: readonly NewInvitee[],
) {
  if (invitees.length === 0) return;
  await db
    .insertInto('meetingInvitee')
    .values(invitees.map((i) => ({ districtId, meetingId, ...i })))
    .execute();
}

const meetingColumns = [
  'm.id',
  'm.seriesId',
  'm.nodeId',
  'n.name as nodeName',
  'm.kind',
  'm.title',
  'm.place',
  'm.startsAt',
  'm.endsAt',
  'm.urgentReason',
  'm.cancelledAt',
  'm.feedbackCompletedAt',
] as const;

function meetingsWithNode(db: Executor) {
  return db
    .selectFrom('meeting as m')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'm.districtId').onRef('n.id', '=', 'm.nodeId'),
    );
}

export async function findMeeting(db: Executor, districtId: string, id: string) {
  return meetingsWithNode(db)
    .innerJoin('appUser as o', 'o.id', 'm.organiserUserId')
    .select([
      ...meetingColumns,
      sql<string>`m.node_path::text`.as('nodePath'),
      'm.organiserUserId',
      'o.displayName as organiserName',
      'm.agenda',
      'm.recurrence',
      'm.checkInToken',
      'm.checkInCode',
      'm.minutes',
      'm.decisions',
      'm.closedAt',
    ])
    .where('m.districtId', '=', districtId)
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** The latest occurrence of a series (cancelled ones too: the rule continues after them). */
export async function lastOfSeries(db: Executor, districtId: string, seriesId: string) {
  return db
    .selectFrom('meeting')
    .select(['id', 'startsAt', 'endsAt'])
    .where('districtId', '=', districtId)
    .where('seriesId', '=', seriesId)
    .orderBy('startsAt', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** Wrong check-in codes this user entered for this meeting (kept as failed audit rows). */
export async function failedCodeAttempts(
  db: Executor,
  districtId: string,
  meetingId: string,
  userId: string,
) {
  const row = await db
    .selectFrom('auditLog')
    .select(sql<number>`count(*)`.as('n'))
    .where('districtId', '=', districtId)
    .where('entityType', '=', 'meeting')
    .where('entityId', '=', meetingId)
    .where('action', '=', 'meetings.check_in')
    .where('outcome', '=', 'failed')
    .where('actorUserId', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findMeetingByToken(db: Executor, districtId: string, token: string) {
  return db
    .selectFrom('meeting')
    .select(['id', 'title', 'startsAt', 'endsAt', 'cancelledAt', 'closedAt'])
    .where('districtId', '=', districtId)
    .where('checkInToken', '=', token)
    .executeTakeFirst();
}

/** Meetings starting in [from, to) in the scope (subtree paths) or to which the user is invited or organises. */
export async function listMeetings(
  db: Executor,
  districtId: string,
  q: {
    from: Date;
    to: Date;
    everywhere: boolean;
    paths: readonly string[];
    userId: string;
    underPath?: string;
    kind?: string;
    limit: number;
  },
) {
  let query = meetingsWithNode(db)
    .select(meetingColumns)
    .where('m.districtId', '=', districtId)
    .where('m.startsAt', '>=', q.from)
    .where('m.startsAt', '<', q.to);
  if (!q.everywhere) {
    query = query.where((eb) =>
      eb.or([
        ...q.paths.map((p) => sql<SqlBool>`m.node_path <@ ${p}::ltree`),
        eb('m.organiserUserId', '=', q.userId),
        eb.exists(
          eb
            .selectFrom('meetingInvitee as i')
            .select('i.id')
            .whereRef('i.districtId', '=', 'm.districtId')
            .whereRef('i.meetingId', '=', 'm.id')
            .where('i.userId', '=', q.userId),
        ),
      ]),
    );
  }
  if (q.underPath) query = query.where(sql<SqlBool>`m.node_path <@ ${q.underPath}::ltree`);
  if (q.kind) query = query.where('m.kind', '=', q.kind);
  return query.orderBy('m.startsAt').orderBy('m.id').limit(q.limit).execute();
}

export async function invitees(db: Executor, districtId: string, meetingId: string) {
  return db
    .selectFrom('meetingInvitee')
    .select(['id', 'userId', 'positionId', 'name', 'attendance', 'checkedInVia', 'checkedInAt'])
    .where('districtId', '=', districtId)
    .where('meetingId', '=', meetingId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function suggestions(db: Executor, districtId: string, meetingId: string) {
  return db
    .selectFrom('meetingSuggestion as s')
    .innerJoin('appUser as u', 'u.id', 's.ownerUserId')
    .select([
      's.id',
      's.seq',
      's.content',
      's.raisedBy',
      's.ownerUserId',
      'u.displayName as ownerName',
      sql<string>`s.due_on::text`.as('dueOn'),
      's.reply',
      's.repliedAt',
    ])
    .where('s.districtId', '=', districtId)
    .where('s.meetingId', '=', meetingId)
    .orderBy('s.seq')
    .execute();
}

export async function findSuggestion(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('meetingSuggestion')
    .select(['id', 'meetingId', 'ownerUserId', 'reply', 'content', 'seq'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks the invitee of this user attended unless already checked in; the invitee id if a row changed. */
export async function checkInUser(
  db: Executor,
  districtId: string,
  meetingId: string,
  userId: string,
  via: 'qr' | 'code',
) {
  return db
    .updateTable('meetingInvitee')
    .set({
      attendance: 'attended',
      checkedInVia: sql`coalesce(checked_in_via, ${via})`,
      checkedInAt: sql`coalesce(checked_in_at, now())`,
    })
    .where('districtId', '=', districtId)
    .where('meetingId', '=', meetingId)
    .where('userId', '=', userId)
    .returning(['id', 'checkedInAt'])
    .executeTakeFirst();
}

export async function setAttendance(
  db: Executor,
  districtId: string,
  meetingId: string,
  inviteeId: string,
  attendance: 'attended' | 'absent' | null,
) {
  const res = await db
    .updateTable('meetingInvitee')
    .set({
      attendance,
      checkedInVia: attendance === 'attended' ? 'organiser' : null,
      checkedInAt: attendance === 'attended' ? sql`coalesce(checked_in_at, now())` : null,
    })
    .where('districtId', '=', districtId)
    .where('meetingId', '=', meetingId)
    .where('id', '=', inviteeId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function updateMinutes(
  db: Executor,
  districtId: string,
  meetingId: string,
  minutes: string,
  decisions: string[],
) {
  await db
    .updateTable('meeting')
    .set({ minutes, decisions: JSON.stringify(decisions), minutesSavedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', meetingId)
    .execute();
}

export async function insertSuggestions(
  db: Executor,
  districtId: string,
  meetingId: string,
  items: readonly { content: string; raisedBy: string | null; ownerUserId: string; dueOn: string }[],
) {
  if (items.length === 0) return [];
  // The meeting row is locked by the caller, so max(seq) cannot race with another save.
  const last = await db
    .selectFrom('meetingSuggestion')
    .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
    .where('districtId', '=', districtId)
    .where('meetingId', '=', meetingId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('meetingSuggestion')
    .values(items.map((s, i) => ({ districtId, meetingId, seq: Number(last.seq) + i + 1, ...s })))
    .returning(['id', 'ownerUserId', 'content', 'dueOn'])
    .execute();
}

export async function lockMeeting(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('meeting')
    .select(['id', 'feedbackCompletedAt', 'cancelledAt', 'closedAt'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function replyToSuggestion(
  db: Executor,
  districtId: string,
  id: string,
  reply: string,
  userId: string,
) {
  await db
    .updateTable('meetingSuggestion')
    .set({ reply, repliedAt: sql`now()`, repliedBy: userId })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function unrepliedCount(db: Executor, districtId: string, meetingId: string) {
  const row = await db
    .selectFrom('meetingSuggestion')
    .select([
      sql<number>`count(*) filter (where reply is null)`.as('open'),
      sql<number>`count(*)`.as('total'),
    ])
    .where('districtId', '=', districtId)
    .where('meetingId', '=', meetingId)
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), total: Number(row.total) };
}

export async function markFeedbackComplete(db: Executor, districtId: string, id: string) {
  await db
    .updateTable('meeting')
    .set({ feedbackCompletedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function markCancelled(db: Executor, districtId: string, id: string) {
  await db
    .updateTable('meeting')
    .set({ cancelledAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

// ——— calendar feed ———

export async function upsertFeedToken(db: Executor, districtId: string, userId: string, tokenHash: string) {
  await db
    .insertInto('calendarFeed')
    .values({ districtId, userId, tokenHash })
    .onConflict((oc) =>
      oc.columns(['districtId', 'userId']).doUpdateSet({ tokenHash, createdAt: sql`now()` }),
    )
    .execute();
}

export async function deleteFeedToken(db: Executor, districtId: string, userId: string) {
  const res = await db
    .deleteFrom('calendarFeed')
    .where('districtId', '=', districtId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The feed's owner; the token is looked up by its hash, so the stored value cannot be replayed. */
export async function findFeed(db: Executor, tokenHash: string) {
  return db
    .selectFrom('calendarFeed as f')
    .innerJoin('appUser as u', 'u.id', 'f.userId')
    .select(['f.districtId', 'u.id as userId', 'u.username', 'u.displayName', 'u.isSuperuser'])
    .where('f.tokenHash', '=', tokenHash)
    .where('u.disabledAt', 'is', null)
    .executeTakeFirst();
}

// ——— roll-call rota ———

export async function findRota(db: Executor, districtId: string, nodeId: string, month: string) {
  return db
    .selectFrom('rollcallRota')
    .select(['id', 'perDay'])
    .where('districtId', '=', districtId)
    .where('nodeId', '=', nodeId)
    .where('month', '=', month)
    .executeTakeFirst();
}

export interface RotaInputs {
  /** The month already has a rota. */
  isTaken: boolean;
  /** Current 户长 below the node in rota order, with their last duty on this node before the month. */
  chiefs: {
    id: string;
    name: string;
    userId: string | null;
    lastDay: string | null;
    lastSlot: number | null;
  }[];
  /** Their leave overlapping the month. */
  leaves: { positionId: string; fromDay: string; toDay: string }[];
}

/** Everything generating a month's rota reads, in one statement. */
export async function rotaInputs(
  db: Executor,
  districtId: string,
  node: { id: string; path: string },
  month: { month: string; firstDay: string; lastDay: string },
): Promise<RotaInputs> {
  const res = await sql<RotaInputs>`
    with chiefs as (
      select p.id, p.holder_name, p.holder_user_id, p.created_at
      from position p
      join territory_node n on n.district_id = p.district_id and n.id = p.node_id
      where p.district_id = ${districtId} and p.kind = 'household_chief' and n.path <@ ${node.path}::ltree
        and ${ACTIVE_POSITION}
    )
    select
      exists (
        select from rollcall_rota r
        where r.district_id = ${districtId} and r.node_id = ${node.id}::uuid and r.month = ${month.month}
      ) as "isTaken",
      coalesce((
        select json_agg(json_build_object('id', c.id, 'name', c.holder_name, 'userId', c.holder_user_id,
          'lastDay', last.day, 'lastSlot', last.slot) order by c.created_at, c.id)
        from chiefs c
        left join lateral (
          select d.day::text as day, d.slot from rollcall_duty d
          where d.district_id = ${districtId} and d.position_id = c.id and d.node_id = ${node.id}::uuid
            and d.day < ${month.firstDay}::date
          order by d.day desc, d.slot desc
          limit 1
        ) last on true
      ), '[]') as chiefs,
      coalesce((
        select json_agg(json_build_object('positionId', l.position_id, 'fromDay', l.from_day,
          'toDay', l.to_day))
        from rollcall_leave l
        where l.district_id = ${districtId} and l.position_id in (select id from chiefs)
          and l.from_day <= ${month.lastDay}::date and l.to_day >= ${month.firstDay}::date
      ), '[]') as leaves`.execute(db);
  return res.rows[0]!;
}

/**
 * Creates the month's rota and its duties in one statement; null when the month was taken meanwhile (the
 * unique key decides, so two managers generating at once get one rota).
 */
export async function insertRotaWithDuties(
  db: Executor,
  r: { districtId: string; nodeId: string; month: string; perDay: number; createdBy: string },
  duties: readonly { day: string; slot: number; positionId: string }[],
): Promise<{
  rotaId: string;
  duties: { id: string; day: string; slot: number; positionId: string }[];
} | null> {
  const res = await sql<{
    rotaId: string | null;
    duties: { id: string; day: string; slot: number; positionId: string }[];
  }>`
    with rota as (
      insert into rollcall_rota (district_id, node_id, month, per_day, created_by)
      values (${r.districtId}, ${r.nodeId}::uuid, ${r.month}, ${r.perDay}, ${r.createdBy}::uuid)
      on conflict (district_id, node_id, month) do nothing
      returning id
    ),
    duty as (
      insert into rollcall_duty (district_id, rota_id, node_id, day, slot, position_id)
      select ${r.districtId}, rota.id, ${r.nodeId}::uuid, a.day, a.slot, a.position_id
      from rota
      cross join unnest(${duties.map((d) => d.day)}::date[], ${duties.map((d) => d.slot)}::int2[],
        ${duties.map((d) => d.positionId)}::uuid[]) a(day, slot, position_id)
      returning id, day, slot, position_id
    )
    select (select id from rota) as "rotaId",
      coalesce((
        select json_agg(json_build_object('id', id, 'day', day, 'slot', slot, 'positionId', position_id)
          order by day, slot)
        from duty
      ), '[]') as duties`.execute(db);
  const row = res.rows[0]!;
  return row.rotaId ? { rotaId: row.rotaId, duties: row.duties } : null;
}

export async function leavesBetween(
  db: Executor,
  districtId: string,
  positionIds: readonly string[],
  fromDay: string,
  toDay: string,
) {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('rollcallLeave as l')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'l.districtId').onRef('p.id', '=', 'l.positionId'),
    )
    .select([
      'l.id',
      'l.positionId',
      'p.holderName as chiefName',
      sql<string>`l.from_day::text`.as('fromDay'),
      sql<string>`l.to_day::text`.as('toDay'),
      'l.reason',
    ])
    .where('l.districtId', '=', districtId)
    .where('l.positionId', 'in', [...positionIds])
    .where('l.fromDay', '<=', toDay)
    .where('l.toDay', '>=', fromDay)
    .orderBy('l.fromDay')
    .execute();
}

export async function insertLeave(
  db: Executor,
  l: {
    districtId: string;
    positionId: string;
    fromDay: string;
    toDay: string;
    reason: string | null;
    createdBy: string;
  },
) {
  return (await db.insertInto('rollcallLeave').values(l).returning('id').executeTakeFirstOrThrow()).id;
}

const dutyColumns = [
  'd.id',
  sql<string>`d.day::text`.as('day'),
  'd.slot',
  'd.positionId',
  'p.holderName as chiefName',
  'p.holderUserId as chiefUserId',
  'd.substitutePositionId',
  's.holderName as substituteName',
  's.holderUserId as substituteUserId',
  'd.substituteReason',
  'd.status',
  'd.checkedInAt',
] as const;

function dutiesWithNames(db: Executor) {
  return db
    .selectFrom('rollcallDuty as d')
    .innerJoin('position as p', (j) =>
      j.onRef('p.districtId', '=', 'd.districtId').onRef('p.id', '=', 'd.positionId'),
    )
    .leftJoin('position as s', (j) =>
      j.onRef('s.districtId', '=', 'd.districtId').onRef('s.id', '=', 'd.substitutePositionId'),
    );
}

export async function duties(db: Executor, districtId: string, rotaId: string) {
  return dutiesWithNames(db)
    .select(dutyColumns)
    .where('d.districtId', '=', districtId)
    .where('d.rotaId', '=', rotaId)
    .orderBy('d.day')
    .orderBy('d.slot')
    .execute();
}

export async function findDuty(db: Executor, districtId: string, id: string) {
  return dutiesWithNames(db)
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'd.districtId').onRef('n.id', '=', 'd.nodeId'),
    )
    .select([...dutyColumns, 'd.nodeId', sql<string>`n.path::text`.as('nodePath')])
    .where('d.districtId', '=', districtId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export async function setSubstitute(
  db: Executor,
  districtId: string,
  id: string,
  substitutePositionId: string,
  reason: string,
) {
  const res = await db
    .updateTable('rollcallDuty')
    .set({ substitutePositionId, substituteReason: reason, remindedAt: null })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function setDutyStatus(db: Executor, districtId: string, id: string, status: string) {
  await db
    .updateTable('rollcallDuty')
    .set({ status, checkedInAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export interface AttendanceFigures {
  nodeId: string;
  nodeName: string;
  positionId: string;
  chiefName: string;
  duties: number;
  attended: number;
  absent: number;
  substituted: number;
  covered: number;
}

/**
 * Roll-call attendance in one statement, per rota node and 户长: every node at or below the given one with a
 * rota in the months (when none has, a village/community or lower alone, so its 户长 show as idle; a 街道 or
 * district shows nothing rather than every 户长 in it), each with its current 户长 (idle ones too) and anyone
 * else who held or covered a duty there. A duty credits its 户长 (duties, substituted) and whoever was on duty (attended, absent; covered for a
 * substitute).
 */
export async function attendance(
  db: Executor,
  districtId: string,
  node: { id: string; path: string },
  months: { from: string; to: string; firstDay: string; lastDay: string },
): Promise<AttendanceFigures[]> {
  const res = await sql<AttendanceFigures>`
    with rota_nodes as (
      select n.id, n.name, n.path from territory_node n
      where n.district_id = ${districtId} and n.path <@ ${node.path}::ltree and exists (
        select from rollcall_rota r where r.district_id = n.district_id and r.node_id = n.id
          and r.month between ${months.from} and ${months.to})
    ),
    nodes as (
      select * from rota_nodes
      union all
      select n.id, n.name, n.path from territory_node n
      where n.district_id = ${districtId} and n.id = ${node.id}::uuid and not exists (select from rota_nodes)
        and n.level not in ('district', 'subdistrict')
    ),
    credits as (
      select d.node_id, x.pid,
        count(*) filter (where x.own)::int as duties,
        count(*) filter (where x.own and d.substitute_position_id is not null)::int as substituted,
        count(*) filter (where not x.own)::int as covered,
        count(*) filter (where x.on_duty and d.status in ('attended', 'substituted'))::int as attended,
        count(*) filter (where x.on_duty and d.status = 'absent')::int as absent
      from rollcall_duty d
      cross join lateral (values (d.position_id, true, d.substitute_position_id is null),
        (d.substitute_position_id, false, true)) x(pid, own, on_duty)
      where d.district_id = ${districtId} and d.node_id in (select id from nodes)
        and d.day between ${months.firstDay}::date and ${months.lastDay}::date and x.pid is not null
      group by 1, 2
    ),
    roster as (
      select nd.id as node_id, p.id as pid
      from nodes nd
      join territory_node t on t.district_id = ${districtId} and t.path <@ nd.path
      join position p on p.district_id = t.district_id and p.node_id = t.id and p.kind = 'household_chief'
        and ${activeToday('p')}
    )
    select nd.id as "nodeId", nd.name as "nodeName", p.id as "positionId", p.holder_name as "chiefName",
      coalesce(k.duties, 0) as duties, coalesce(k.attended, 0) as attended, coalesce(k.absent, 0) as absent,
      coalesce(k.substituted, 0) as substituted, coalesce(k.covered, 0) as covered
    from roster r
    full join credits k on k.node_id = r.node_id and k.pid = r.pid
    join nodes nd on nd.id = coalesce(r.node_id, k.node_id)
    join position p on p.district_id = ${districtId} and p.id = coalesce(r.pid, k.pid)
    order by nd.path, p.created_at, p.id`.execute(db);
  return res.rows;
}

/** Roll-call duties the user is on (as the 户长 or the substitute) between two days. */
export async function dutiesOfUser(
  db: Executor,
  districtId: string,
  userId: string,
  fromDay: string,
  toDay: string,
) {
  return db
    .selectFrom('rollcallDuty as d')
    .innerJoin('position as p', (j) =>
      j
        .onRef('p.districtId', '=', 'd.districtId')
        .on(sql<SqlBool>`p.id = coalesce(d.substitute_position_id, d.position_id)`),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'd.districtId').onRef('n.id', '=', 'd.nodeId'),
    )
    .select(['d.id', sql<string>`d.day::text`.as('day'), 'n.name as nodeName', 'd.substitutePositionId'])
    .where('d.districtId', '=', districtId)
    .where('p.holderUserId', '=', userId)
    .where('d.day', '>=', fromDay)
    .where('d.day', '<=', toDay)
    .orderBy('d.day')
    .execute();
}

export async function markClosed(db: Executor, districtId: string, id: string) {
  await db
    .updateTable('meeting')
    .set({ closedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .execute();
}
