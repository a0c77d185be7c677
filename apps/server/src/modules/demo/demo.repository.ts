import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';

/** Multi-row inserts of this many rows keep each statement well under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

export async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Serialises concurrent demo loads (CLI and setup page at once); held until the transaction ends. */
export async function lockDemo(trx: Tx, alsoSetup: boolean): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('gongzhi-demo'))`.execute(trx);
  // The same lock as first-run setup, so that setup and the demo cannot both claim a fresh install.
  if (alsoSetup) await sql`select pg_advisory_xact_lock(hashtext('gongzhi-setup'))`.execute(trx);
}

export async function anyUserExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function districtNodeId(db: Executor, districtId: string) {
  return db
    .selectFrom('territoryNode')
    .select('id')
    .where('districtId', '=', districtId)
    .where('level', '=', 'district')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export function communityNodeId(db: Executor, districtId: string, code: string) {
  return db
    .selectFrom('territoryNode')
    .select('id')
    .where('districtId', '=', districtId)
    .where('code', '=', code)
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export async function nodeIdByName(db: Executor, districtId: string, name: string) {
  const row = await db
    .selectFrom('territoryNode')
    .select('id')
    .where('districtId', '=', districtId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id;
}

export async function userIds(db: Executor, usernames: string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('appUser')
    .select(['id', 'username'])
    .where('username', 'in', usernames)
    .execute();
  return new Map(rows.map((r) => [r.username, r.id]));
}

/**
 * Moves a case filed just now back to `createdAt`, its later steps spread over `spanMs` after it. Each UPDATE
 * of "case" fires the case-stats trigger, so the roll-up follows the case into its month.
 */
export async function backdateCase(
  db: Executor,
  districtId: string,
  caseId: string,
  createdAt: number,
  spanMs: number,
): Promise<void> {
  await sql`
    with c as (
      select created_at as was, ${new Date(createdAt)}::timestamptz as created,
        ${new Date(createdAt + spanMs)}::timestamptz as last
      from "case" where district_id = ${districtId} and id = ${caseId}
    )
    update "case" k set
      created_at = c.created,
      overall_due_at = k.overall_due_at - (c.was - c.created),
      updated_at = c.last,
      node_started_at = c.last - (k.updated_at - k.node_started_at),
      due_at = k.due_at - (k.updated_at - c.last),
      reply_at = case when k.reply_at is null then null else c.last end,
      rated_at = case when k.rated_at is null then null else c.last end,
      closed_at = case when k.closed_at is null then null else c.last end
    from c where k.district_id = ${districtId} and k.id = ${caseId}`.execute(db);
  await sql`
    update case_event e set at = c.created_at + (c.updated_at - c.created_at) * (x.i - 1) / greatest(x.n - 1, 1)
    from "case" c, (
      select id, row_number() over (order by at, id) as i, count(*) over () as n
      from case_event where district_id = ${districtId} and case_id = ${caseId}
    ) x
    where e.district_id = ${districtId} and e.case_id = ${caseId} and x.id = e.id
      and c.district_id = ${districtId} and c.id = ${caseId}`.execute(db);
  await sql`
    update case_rating r set rated_at = c.rated_at
    from "case" c
    where r.district_id = ${districtId} and r.case_id = ${caseId} and c.district_id = ${districtId}
      and c.id = ${caseId} and c.rated_at is not null`.execute(db);
  // The number carries the filing day: take the next one of the day the case now was filed on.
  const { rows } = await sql<{ was: string; now: string }>`
    with c as (
      select district_id, community_id, case_no, (created_at at time zone 'Asia/Shanghai')::date as day
      from "case" where district_id = ${districtId} and id = ${caseId}
    ), n as (
      insert into case_counter (district_id, community_id, day, last_value)
      select district_id, community_id, day, 1 from c
      on conflict (district_id, community_id, day) do update set last_value = case_counter.last_value + 1
      returning last_value, to_char(day, 'YYYYMMDD') as day
    )
    update "case" k set case_no = split_part(c.case_no, '-', 1) || '-' || n.day || '-' || lpad(n.last_value::text, 4, '0')
    from c, n where k.district_id = ${districtId} and k.id = ${caseId}
    returning c.case_no as was, k.case_no as now`.execute(db);
  const renumbered = rows[0]!;
  // Its notifications went out at the time of its last step; those older than a few days have been read.
  await sql`
    update notification n set
      created_at = c.updated_at,
      read_at = case when c.updated_at < now() - interval '3 days' then c.updated_at + interval '2 hours' end,
      title = replace(n.title, ${renumbered.was}, ${renumbered.now}),
      body = replace(n.body, ${renumbered.was}, ${renumbered.now})
    from "case" c
    where n.district_id = ${districtId} and n.entity_type = 'case' and n.entity_id = ${caseId}
      and c.district_id = ${districtId} and c.id = ${caseId}`.execute(db);
}

/** Recomputes the district's case roll-up (migration 2026-11-29T1030) after the backdating. */
export async function rebuildCaseStats(db: Executor, districtId: string): Promise<void> {
  await sql`select case_stats_rebuild(${districtId})`.execute(db);
}

/** Moves a topic deliberated today back by `days` (proposed a week before that): the council's past sittings. */
export async function backdateTopic(db: Executor, districtId: string, topicId: string, days: number) {
  const by = sql`make_interval(days => ${days})`;
  await sql`
    update topic set
      created_at = created_at - ${by} - interval '7 days',
      updated_at = updated_at - ${by},
      regular_day = regular_day - ${days}::int,
      scheduled_on = scheduled_on - ${days}::int,
      deliberated_on = deliberated_on - ${days}::int,
      decided_at = decided_at - ${by},
      published_at = published_at - ${by}
    where district_id = ${districtId} and id = ${topicId}`.execute(db);
  await sql`
    update topic_item set done_at = done_at - ${by}
    where district_id = ${districtId} and topic_id = ${topicId}`.execute(db);
}
