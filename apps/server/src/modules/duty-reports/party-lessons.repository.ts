import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

export interface OrgRow {
  id: string;
  name: string;
  nodePath: string | null;
}

export async function findOrg(db: Executor, districtId: string, id: string): Promise<OrgRow | undefined> {
  const { rows } = await sql<OrgRow>`
    select o.id, o.name, n.path::text as node_path from party_org o
    left join territory_node n on n.district_id = o.district_id and n.id = o.node_id
    where o.district_id = ${districtId} and o.id = ${id}`.execute(db);
  return rows[0];
}

export async function topicsOf(db: Executor, districtId: string, orgId: string) {
  return db
    .selectFrom('partyLessonTopic')
    .select(['id', 'orgId', 'title', 'summary'])
    .where('districtId', '=', districtId)
    .where('orgId', '=', orgId)
    .orderBy('createdAt')
    .execute();
}

export async function findTopic(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('partyLessonTopic')
    .select(['id', 'orgId', 'title', 'summary'])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertTopic(
  db: Executor,
  v: { districtId: string; orgId: string; title: string; summary: string | null },
) {
  return db
    .insertInto('partyLessonTopic')
    .values(v)
    .returning(['id', 'orgId', 'title', 'summary'])
    .executeTakeFirstOrThrow();
}

export async function insertLesson(
  db: Executor,
  v: {
    districtId: string;
    orgId: string;
    topicId: string;
    heldOn: string;
    speakerName: string;
    place: string | null;
    scoreWindowDays: number;
    createdBy: string;
  },
): Promise<string> {
  const row = await db.insertInto('partyLesson').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface LessonRow {
  id: string;
  orgId: string;
  orgName: string;
  orgNodePath: string | null;
  topicId: string;
  topicTitle: string;
  heldOn: string;
  speakerName: string;
  place: string | null;
  scoreUntil: string;
  scoreCount: number;
  memberScoreCount: number;
  average: number | null;
  myStars: number | null;
}

/** Lessons with their score counts, average and the viewer's own score. */
function lessonsQuery(districtId: string, userId: string) {
  return sql`
    select l.id, l.org_id, o.name as org_name, n.path::text as org_node_path, l.topic_id, t.title as topic_title,
      l.held_on::text as held_on, l.speaker_name, l.place, (l.held_on + l.score_window_days)::text as score_until,
      coalesce(s.n, 0)::int as score_count, coalesce(s.members, 0)::int as member_score_count,
      s.average::float8 as average, m.stars::int as my_stars
    from party_lesson l
    join party_org o on o.district_id = l.district_id and o.id = l.org_id
    left join territory_node n on n.district_id = o.district_id and n.id = o.node_id
    join party_lesson_topic t on t.district_id = l.district_id and t.id = l.topic_id
    left join lateral (
      select count(*) as n, count(*) filter (where rater_kind = 'member') as members, avg(stars) as average
      from party_lesson_score x where x.district_id = l.district_id and x.lesson_id = l.id
    ) s on true
    left join party_lesson_score m on m.district_id = l.district_id and m.lesson_id = l.id and m.user_id = ${userId}
    where l.district_id = ${districtId}`;
}

export async function lessonsOfYear(
  db: Executor,
  districtId: string,
  userId: string,
  orgId: string,
  year: number,
): Promise<LessonRow[]> {
  const { rows } = await sql<LessonRow>`${lessonsQuery(districtId, userId)}
    and l.org_id = ${orgId} and l.held_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
    order by l.held_on, l.created_at`.execute(db);
  return rows;
}

export async function findLesson(
  db: Executor,
  districtId: string,
  userId: string,
  id: string,
): Promise<LessonRow | undefined> {
  const { rows } = await sql<LessonRow>`${lessonsQuery(districtId, userId)} and l.id = ${id}`.execute(db);
  return rows[0];
}

export async function openLessons(db: Executor, districtId: string, userId: string, today: string) {
  const { rows } = await sql<LessonRow>`${lessonsQuery(districtId, userId)}
    and l.held_on <= ${today}::date and l.held_on + l.score_window_days >= ${today}::date
    order by l.held_on desc`.execute(db);
  return rows;
}

/** A party member is a user whose resident record or position is tied to an active member of the district. */
export async function isPartyMember(db: Executor, districtId: string, userId: string): Promise<boolean> {
  const { rows } = await sql<{ yes: boolean }>`
    select exists (
      select 1 from party_member pm
      where pm.district_id = ${districtId} and pm.status = 'active' and (
        pm.resident_id in (select resident_id from resident_account where district_id = ${districtId} and user_id = ${userId})
        or pm.id in (select party_member_id from position where district_id = ${districtId} and holder_user_id = ${userId}))
    ) as yes`.execute(db);
  return rows[0]?.yes === true;
}

/** False when the user has already scored the lesson. */
export async function insertScore(
  db: Executor,
  v: {
    districtId: string;
    lessonId: string;
    userId: string;
    stars: number;
    raterKind: 'member' | 'resident';
  },
): Promise<boolean> {
  const row = await db
    .insertInto('partyLessonScore')
    .values(v)
    .onConflict((oc) => oc.columns(['districtId', 'lessonId', 'userId']).doNothing())
    .returning('userId')
    .executeTakeFirst();
  return row !== undefined;
}
