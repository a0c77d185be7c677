import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { PositionKind } from '../../platform/access/positions.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import type { Database } from '../../platform/db/database.ts';
import { insertPartyOrg } from '../organisation/index.ts';
import { findNodeByCode } from '../territory/index.ts';

const D = '430304';

let hash: Promise<string> | undefined;
async function givenUser(
  db: Database,
  districtId: string,
  username: string,
  position?: { nodeId: string; kind: PositionKind; partyMemberId?: string },
) {
  hash ??= hashPassword(PASSWORD);
  const user = await db
    .insertInto('appUser')
    .values({ username, displayName: username, passwordHash: await hash, homeDistrictId: districtId })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (position)
    await db
      .insertInto('position')
      .values({
        districtId,
        nodeId: position.nodeId,
        kind: position.kind,
        holderName: username,
        holderUserId: user.id,
        partyMemberId: position.partyMemberId ?? null,
      })
      .execute();
  return user.id;
}

async function auditCount(db: Database, action: string) {
  const row = await db
    .selectFrom('auditLog')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('党课 through HTTP (AS-25)', async () => {
  const t = await buildTestApp();
  let cadre: TestClient;
  let worker: TestClient;
  let member: TestClient;
  let xAdmin: TestClient;
  const residents: TestClient[] = [];
  let orgId: string;
  const today = businessToday();

  beforeAll(async () => {
    await givenCommunity(t.db, WULIDUI);
    await givenCommunity(t.db, XINJI);
    const community = (await findNodeByCode(t.db, D, WULIDUI))!;
    orgId = (
      await insertPartyOrg(t.db, D, {
        parentId: null,
        parentPath: null,
        kind: 'branch',
        name: '五里堆社区党支部',
        nodeId: community.id,
      })
    ).id;
    const pm = await t.db
      .insertInto('partyMember')
      .values({ districtId: D, orgId, name: '党员甲', kind: 'community' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await givenUser(t.db, D, 'pl-cadre', { nodeId: community.id, kind: 'committee_member' });
    await givenUser(t.db, D, 'pl-worker', { nodeId: community.id, kind: 'grid_worker' });
    await givenUser(t.db, D, 'pl-member', {
      nodeId: community.id,
      kind: 'household_chief',
      partyMemberId: pm.id,
    });
    for (let i = 1; i <= 4; i++) await givenUser(t.db, D, `pl-r${i}`);
    cadre = await t.client().login('pl-cadre', PASSWORD);
    worker = await t.client().login('pl-worker', PASSWORD);
    member = await t.client().login('pl-member', PASSWORD);
    xAdmin = await t.client().login('admin320116', PASSWORD);
    for (let i = 1; i <= 4; i++) residents.push(await t.client().login(`pl-r${i}`, PASSWORD));
  });

  let topicId: string;
  it('keeps a lesson menu per party organisation', async () => {
    expect(
      (await cadre.post('/api/v1/party-lessons/topics', { orgId, title: '' })).json().fields,
    ).toHaveProperty('title');
    expect((await worker.post('/api/v1/party-lessons/topics', { orgId, title: '党章学习' })).statusCode).toBe(
      403,
    );
    expect((await xAdmin.post('/api/v1/party-lessons/topics', { orgId, title: '党章学习' })).statusCode).toBe(
      404,
    );
    const res = await cadre.post('/api/v1/party-lessons/topics', {
      orgId,
      title: '党章学习',
      summary: '逐章学习',
    });
    expect(res.statusCode).toBe(200);
    topicId = res.json().id;
    expect(await auditCount(t.db, 'party_lesson.topic_create')).toBe(1);
    const list = await residents[0]!.get(`/api/v1/party-lessons/topics?orgId=${orgId}`);
    expect(list.json().items.map((x: { title: string }) => x.title)).toEqual(['党章学习']);
    expect((await xAdmin.get(`/api/v1/party-lessons/topics?orgId=${orgId}`)).statusCode).toBe(404);
  });

  const lessons: Record<string, string> = {};
  it('records lessons held, from the menu, never in the future', async () => {
    const hold = (heldOn: string, speakerName: string) =>
      cadre.post('/api/v1/party-lessons', { topicId, heldOn, speakerName, scoreWindowDays: 7 });
    expect((await hold(addDays(today, 1), '李书记')).json().fields).toHaveProperty('heldOn');
    expect(
      (await worker.post('/api/v1/party-lessons', { topicId, heldOn: today, speakerName: '李书记' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await xAdmin.post('/api/v1/party-lessons', { topicId, heldOn: today, speakerName: '李书记' }))
        .statusCode,
    ).toBe(404);
    for (const [key, day] of [
      ['a', today],
      ['b', today],
      ['c', today],
      ['old', addDays(today, -20)],
    ] as const) {
      const res = await hold(day, `主讲${key}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ topicTitle: '党章学习', heldOn: day, scoreCount: 0, average: null });
      lessons[key] = res.json().id;
    }
    expect(await auditCount(t.db, 'party_lesson.hold')).toBe(4);
  });

  it('takes one score per user, 1–5 stars, only within the window, marking members', async () => {
    const score = (c: TestClient, key: string, stars: number) =>
      c.post(`/api/v1/party-lessons/${lessons[key]}/score`, { stars });
    expect((await score(member, 'a', 6)).json().fields).toHaveProperty('stars');
    expect((await score(member, 'old', 5)).statusCode).toBe(409);
    expect((await score(xAdmin, 'a', 5)).statusCode).toBe(404);
    const first = await score(member, 'a', 5);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ scoreCount: 1, memberScoreCount: 1, average: 5, myStars: 5 });
    expect((await score(member, 'a', 1)).statusCode).toBe(409);
    const stored = await t.db
      .selectFrom('partyLessonScore')
      .select(['stars', 'raterKind'])
      .where('lessonId', '=', lessons.a!)
      .execute();
    expect(stored).toEqual([{ stars: 5, raterKind: 'member' }]);

    // a: 5, 4 (avg 4.5, 2 scores); b: 5, 4, 5, 4 (avg 4.5, 4 scores); c: 5 (1 score).
    expect((await score(residents[0]!, 'a', 4)).json()).toMatchObject({ memberScoreCount: 1, scoreCount: 2 });
    for (const [i, stars] of [5, 4, 5, 4].entries()) await score(residents[i]!, 'b', stars);
    await score(residents[0]!, 'c', 5);
    expect(await auditCount(t.db, 'party_lesson.score')).toBe(7);
  });

  it('computes the year’s best lesson: highest average with enough scores, ties to more scores', async () => {
    const year = today.slice(0, 4);
    const best = async (minScores: number) =>
      (await worker.get(`/api/v1/party-lessons?orgId=${orgId}&year=${year}&minScores=${minScores}`)).json();
    const two = await best(2);
    expect(two.best.id).toBe(lessons.b);
    expect(two.best).toMatchObject({ average: 4.5, scoreCount: 4 });
    expect(two.items.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([lessons.a, lessons.b, lessons.c]),
    );
    expect((await best(1)).best.id).toBe(lessons.c);
    expect((await best(5)).best).toBeNull();
    expect((await xAdmin.get(`/api/v1/party-lessons?orgId=${orgId}&year=${year}`)).statusCode).toBe(404);
  });

  it('lists the lessons open for scoring in the district', async () => {
    const open = (await residents[3]!.get('/api/v1/party-lessons/open')).json().items;
    expect(open.map((l: { id: string }) => l.id).sort()).toEqual([lessons.a, lessons.b, lessons.c].sort());
    expect(open.find((l: { id: string }) => l.id === lessons.b).myStars).toBe(4);
    expect((await xAdmin.get('/api/v1/party-lessons/open')).json().items).toEqual([]);
  });
});
