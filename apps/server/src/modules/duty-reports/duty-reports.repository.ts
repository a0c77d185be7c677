import { DUTY_REPORT_KINDS } from '@gongzhi/contract/duty-reports';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { DutyPeriod } from './duty-periods.ts';

export interface NodeRow {
  id: string;
  name: string;
  level: string;
  path: string;
}

export async function findNode(db: Executor, districtId: string, id: string): Promise<NodeRow | undefined> {
  const { rows } = await sql<NodeRow>`
    select id, name, level, path::text as path from territory_node
    where district_id = ${districtId} and id = ${id}`.execute(db);
  return rows[0];
}

/** The nodes at the given paths (the caller's scope roots), shallowest first. */
export async function nodesAtPaths(db: Executor, districtId: string, paths: string[]): Promise<NodeRow[]> {
  const { rows } = await sql<NodeRow>`
    select id, name, level, path::text as path from territory_node
    where district_id = ${districtId}
      and (${paths.length === 0}::boolean and parent_id is null or path = any(${paths}::ltree[]))
    order by nlevel(path), sort_key, name`.execute(db);
  return rows;
}

export async function childrenOf(db: Executor, districtId: string, parentId: string): Promise<NodeRow[]> {
  const { rows } = await sql<NodeRow>`
    select id, name, level, path::text as path from territory_node
    where district_id = ${districtId} and parent_id = ${parentId} and valid_to is null
    order by sort_key, name`.execute(db);
  return rows;
}

/** A chief position (户长/邻长) with its node and the community above it. */
export interface ChiefRow {
  id: string;
  kind: (typeof DUTY_REPORT_KINDS)[number];
  holderName: string;
  holderUserId: string | null;
  nodeName: string;
  nodePath: string;
  communityId: string;
  communityPath: string;
}

const chiefSelect = sql`
  select p.id, p.kind, p.holder_name, p.holder_user_id, n.name as node_name, n.path::text as node_path,
    c.id as community_id, c.path::text as community_path
  from position p
  join territory_node n on n.district_id = p.district_id and n.id = p.node_id
  join territory_node c on c.district_id = p.district_id and c.level = 'community' and c.path @> n.path`;

export async function findChief(
  db: Executor,
  districtId: string,
  positionId: string,
): Promise<ChiefRow | undefined> {
  const { rows } = await sql<ChiefRow>`${chiefSelect}
    where p.district_id = ${districtId} and p.id = ${positionId} and p.kind in (${sql.join(DUTY_REPORT_KINDS)})`.execute(
    db,
  );
  return rows[0];
}

export async function isActiveIn(db: Executor, districtId: string, positionId: string, p: DutyPeriod) {
  const row = await db
    .selectFrom('position')
    .select('id')
    .where('districtId', '=', districtId)
    .where('id', '=', positionId)
    .where('validFrom', '<=', p.to)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', p.from)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Chiefs under `path` who held office in the period or have a report for it. */
export async function chiefsUnder(
  db: Executor,
  districtId: string,
  path: string,
  p: DutyPeriod,
): Promise<ChiefRow[]> {
  const { rows } = await sql<ChiefRow>`${chiefSelect}
    where p.district_id = ${districtId} and p.kind in (${sql.join(DUTY_REPORT_KINDS)}) and n.path <@ ${path}::ltree
      and ((p.valid_from <= ${p.to}::date and (p.valid_to is null or p.valid_to >= ${p.from}::date))
        or exists (select 1 from duty_report r where r.district_id = p.district_id and r.position_id = p.id
          and r.period_kind = ${p.kind} and r.period = ${p.period}))
    order by n.path, p.holder_name`.execute(db);
  return rows;
}

export interface ReportRow {
  id: string;
  communityId: string;
  positionId: string;
  periodKind: string;
  period: string;
  dueOn: string;
  state: string;
  form: string | null;
  content: string | null;
  recordedByName: string | null;
  submittedAt: Date | null;
  figures: unknown;
  grade: string | null;
  gradeRank: number | null;
  evaluatorName: string | null;
  evaluationComment: string | null;
  evaluatedAt: Date | null;
  acknowledgedAt: Date | null;
}

const reportColumns = [
  'id',
  'communityId',
  'positionId',
  'periodKind',
  'period',
  sql<string>`due_on::text`.as('dueOn'),
  'state',
  'form',
  'content',
  'recordedByName',
  'submittedAt',
  'figures',
  'grade',
  'gradeRank',
  'evaluatorName',
  'evaluationComment',
  'evaluatedAt',
  'acknowledgedAt',
] as const;

export async function reportsFor(
  db: Executor,
  districtId: string,
  positionIds: string[],
  kind: string,
  periods: string[],
): Promise<ReportRow[]> {
  if (positionIds.length === 0 || periods.length === 0) return [];
  return db
    .selectFrom('dutyReport')
    .select(reportColumns)
    .where('districtId', '=', districtId)
    .where('positionId', 'in', positionIds)
    .where('periodKind', '=', kind)
    .where('period', 'in', periods)
    .execute() as Promise<ReportRow[]>;
}

export async function findReport(
  db: Executor,
  districtId: string,
  id: string,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('dutyReport')
    .select(reportColumns)
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<ReportRow | undefined>;
}

/** Records a submission on the period's row, creating it if the reminder job has not; undefined if already submitted. */
export async function submit(
  db: Executor,
  v: {
    districtId: string;
    communityId: string;
    positionId: string;
    period: DutyPeriod;
    dueOn: string;
    form: 'written' | 'oral';
    content: string;
    recordedByUserId: string | null;
    recordedByName: string | null;
    figures: unknown;
  },
): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    insert into duty_report (district_id, community_id, position_id, period_kind, period, due_on, state, form,
      content, recorded_by_user_id, recorded_by_name, submitted_at, figures)
    values (${v.districtId}, ${v.communityId}, ${v.positionId}, ${v.period.kind}, ${v.period.period}, ${v.dueOn},
      'SUBMITTED', ${v.form}, ${v.content}, ${v.recordedByUserId}, ${v.recordedByName}, now(), ${JSON.stringify(v.figures)})
    on conflict (district_id, position_id, period_kind, period) do update set
      state = 'SUBMITTED', form = excluded.form, content = excluded.content,
      recorded_by_user_id = excluded.recorded_by_user_id, recorded_by_name = excluded.recorded_by_name,
      submitted_at = excluded.submitted_at, figures = excluded.figures, updated_at = now()
    where duty_report.state = 'DUE'
    returning id`.execute(db);
  return rows[0]?.id;
}

/** Grades a submitted (or re-grades an evaluated, not yet acknowledged) report; false when its state forbids it. */
export async function evaluate(
  db: Executor,
  districtId: string,
  id: string,
  v: { grade: string; gradeRank: number; comment: string | null; userId: string; name: string },
): Promise<boolean> {
  const res = await db
    .updateTable('dutyReport')
    .set({
      state: 'EVALUATED',
      grade: v.grade,
      gradeRank: v.gradeRank,
      evaluationComment: v.comment,
      evaluatorUserId: v.userId,
      evaluatorName: v.name,
      evaluatedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('state', 'in', ['SUBMITTED', 'EVALUATED'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function acknowledge(db: Executor, districtId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable('dutyReport')
    .set({ state: 'ACKNOWLEDGED', acknowledgedAt: sql`now()`, updatedAt: sql`now()` })
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('state', '=', 'EVALUATED')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface RawFigures {
  id: string;
  linkedHouseholds: number;
  casesReported: number;
  casesHandled: number;
  /** 早点名 turns and meetings attended, of those he was due at with attendance recorded. */
  attended: number;
  expected: number;
}

/**
 * A chief's own figures over the period: households linked at any time in it, cases he submitted or
 * proxied, cases he acted on other than by submitting them, and his meeting and 早点名 attendance.
 */
export async function figuresOf(
  db: Executor,
  districtId: string,
  positionIds: string[],
  p: { from: string; to: string },
): Promise<Map<string, RawFigures>> {
  if (positionIds.length === 0) return new Map();
  const { rows } = await sql<RawFigures>`
    select p.id,
      (select count(distinct hl.household_id)::int from household_link hl
        where hl.district_id = p.district_id and hl.position_id = p.id
          and hl.valid_from <= ${p.to}::date and (hl.valid_to is null or hl.valid_to >= ${p.from}::date))
        as linked_households,
      (select count(*)::int from "case" c
        where c.district_id = p.district_id and p.holder_user_id is not null and c.state <> 'MERGED'
          and (c.submitted_by = p.holder_user_id or c.proxy_user_id = p.holder_user_id)
          and c.created_at >= ${p.from}::date and c.created_at < ${p.to}::date + 1) as cases_reported,
      (select count(distinct e.case_id)::int from case_event e
        where e.district_id = p.district_id and e.actor_user_id = p.holder_user_id and e.action <> 'submit'
          and e.at >= ${p.from}::date and e.at < ${p.to}::date + 1) as cases_handled,
      m.attended + r.attended as attended, m.expected + r.expected as expected
    from position p
    -- Meetings he was invited to whose attendance was taken (cancelled ones do not count).
    cross join lateral (
      select count(*) filter (where i.attendance = 'attended')::int as attended, count(*)::int as expected
      from meeting_invitee i
      join meeting mt on mt.district_id = i.district_id and mt.id = i.meeting_id
      where i.district_id = p.district_id and i.attendance is not null and mt.cancelled_at is null
        and (i.position_id = p.id or i.user_id = p.holder_user_id)
        and mt.starts_at >= ${p.from}::date and mt.starts_at < ${p.to}::date + 1
    ) m
    -- 早点名 turns taken or missed, and turns he covered for someone else; a turn handed over is not his.
    cross join lateral (
      select count(*) filter (where d.status = 'attended' or d.substitute_position_id = p.id)::int as attended,
        count(*)::int as expected
      from rollcall_duty d
      where d.district_id = p.district_id and d.day between ${p.from}::date and ${p.to}::date
        and ((d.position_id = p.id and d.status in ('attended', 'absent'))
          or (d.substitute_position_id = p.id and d.status = 'substituted'))
    ) r
    where p.district_id = ${districtId} and p.id = any(${positionIds}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findSetting(db: Executor, districtId: string, communityId: string) {
  return db
    .selectFrom('dutySetting')
    .select(['grades', 'dueDay'])
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .executeTakeFirst();
}

export async function upsertSetting(
  db: Executor,
  districtId: string,
  communityId: string,
  s: { grades: string[]; dueDay: number },
): Promise<void> {
  await db
    .insertInto('dutySetting')
    .values({ districtId, communityId, grades: JSON.stringify(s.grades), dueDay: s.dueDay })
    .onConflict((oc) =>
      oc
        .columns(['districtId', 'communityId'])
        .doUpdateSet({ grades: JSON.stringify(s.grades), dueDay: s.dueDay, updatedAt: sql`now()` }),
    )
    .execute();
}

/** Monthly reports submitted in the year, per position. */
export async function monthlySubmittedIn(
  db: Executor,
  districtId: string,
  positionIds: string[],
  year: string,
): Promise<Map<string, number>> {
  if (positionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dutyReport')
    .select(['positionId', sql<number>`count(*)::int`.as('n')])
    .where('districtId', '=', districtId)
    .where('positionId', 'in', positionIds)
    .where('periodKind', '=', 'month')
    .where('period', 'like', `${year}-%`)
    .where('state', '<>', 'DUE')
    .groupBy('positionId')
    .execute();
  return new Map(rows.map((r) => [r.positionId, r.n]));
}

export interface DueReminder {
  districtId: string;
  id: string;
  period: string;
  periodKind: string;
  dueOn: string;
  holderUserId: string | null;
}

/**
 * Opens the period's row for every chief in office whose report falls due within a week of `today`; rows that
 * exist are left alone, so concurrent runs open each once.
 */
export async function openDueReports(db: Executor, today: string, p: DutyPeriod): Promise<void> {
  const due =
    p.kind === 'month'
      ? sql`make_date(${Number(p.period.slice(0, 4))}, ${Number(p.period.slice(5, 7))}, coalesce(s.due_day, 25))`
      : sql`make_date(${Number(p.period)}, 12, coalesce(s.due_day, 25))`;
  await sql`
    insert into duty_report (district_id, community_id, position_id, period_kind, period, due_on)
    select x.district_id, x.community_id, x.position_id, ${p.kind}, ${p.period}, x.due_on from (
      select p.district_id, c.id as community_id, p.id as position_id, ${due} as due_on
      from position p
      join territory_node n on n.district_id = p.district_id and n.id = p.node_id
      join territory_node c on c.district_id = p.district_id and c.level = 'community' and c.path @> n.path
      left join duty_setting s on s.district_id = c.district_id and s.community_id = c.id
      where p.kind in (${sql.join(DUTY_REPORT_KINDS)})
        and p.valid_from <= ${today}::date and (p.valid_to is null or p.valid_to >= ${today}::date)
    ) x
    where x.due_on between ${today}::date and ${today}::date + 7
    on conflict (district_id, position_id, period_kind, period) do nothing`.execute(db);
}

const STAGE_COLUMN = { d7: 'reminded_d7_at', d1: 'reminded_d1_at', d0: 'reminded_d0_at' } as const;
const STAGE_DAYS = { d7: [2, 7], d1: [1, 1], d0: [0, 0] } as const;

/**
 * Marks the reports still due whose `stage` reminder is owed today and not yet sent, and returns them; a
 * conditional UPDATE, so of two concurrent runs only one gets each row.
 */
export async function claimReminders(db: Executor, today: string, stage: keyof typeof STAGE_COLUMN) {
  const col = sql.ref(STAGE_COLUMN[stage]);
  const [lo, hi] = STAGE_DAYS[stage];
  const { rows } = await sql<DueReminder>`
    update duty_report r set ${col} = now(), updated_at = now()
    from position p
    where p.district_id = r.district_id and p.id = r.position_id
      and r.state = 'DUE' and ${col} is null
      and r.due_on - ${today}::date between ${lo} and ${hi}
      and (p.valid_to is null or p.valid_to >= ${today}::date)
    returning r.district_id, r.id, r.period, r.period_kind, r.due_on::text as due_on, p.holder_user_id`.execute(
    db,
  );
  return rows;
}
