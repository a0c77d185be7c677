import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { staffOf } from '../../../test/staff.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { businessToday } from '../../platform/business-time.ts';
import { createScheduler } from '../../platform/scheduler/index.ts';
import { scheduleVoteTally, tallyClosedVotes, VOTE_TALLY_JOB } from './vote-tally.ts';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deliberation: the system tallies online votes when the window closes', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const admin = await t.client().login('wang', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function ok(res: Awaited<ReturnType<TestClient['get']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  // One map of account ids for both districts' staff.
  const ids: Record<string, string> = {};
  const staff = new Map([admin, zhao].map((by) => [by, staffOf(by, ids)]));
  const user = (by: TestClient, username: string, displayName: string) =>
    staff.get(by)!.user(username, displayName);
  const position = (by: TestClient, nodeId: string, kind: string, holderName: string, username: string) =>
    staff.get(by)!.position(nodeId, kind, holderName, username);

  // 五里堆: 书记 and a 两委委员 (told of the tally), a 网格员 (not told), a council of 3 members with accounts + 2.
  for (const [u, n] of [
    ['shuji', '书记'],
    ['liangwei', '两委李华'],
    ['wangge', '网格员小刘'],
    ['m1', '成员一'],
    ['m2', '成员二'],
    ['m3', '成员三'],
  ] as const) {
    await user(admin, u, n);
  }
  await position(admin, wl.communityId, 'secretary', '书记', 'shuji');
  await position(admin, wl.communityId, 'committee_member', '两委李华', 'liangwei');
  await position(admin, wl.communityId, 'grid_worker', '网格员小刘', 'wangge');
  const shuji = await t.client().login('shuji', PASSWORD);
  const m1 = await t.client().login('m1', PASSWORD);
  const m2 = await t.client().login('m2', PASSWORD);
  const m3 = await t.client().login('m3', PASSWORD);
  const council = await ok(
    await shuji.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: '协商议事会',
      leaderName: '书记',
      members: [
        { name: '成员一', party: 'residents_committee', userId: ids.m1 },
        { name: '成员二', party: 'owners_committee', userId: ids.m2 },
        { name: '成员三', party: 'property_management', userId: ids.m3 },
        { name: '代表四', party: 'resident_representative' },
        { name: '代表五', party: 'police' },
      ],
    }),
  );

  // 新集: its own 书记 and a council with one member who votes.
  await user(zhao, 'xjshuji', '新集书记');
  await user(zhao, 'xjm1', '新集成员');
  await position(zhao, xj.communityId, 'secretary', '新集书记', 'xjshuji');
  const xjm1 = await t.client().login('xjm1', PASSWORD);
  const xjCouncil = await ok(
    await zhao.post('/api/v1/deliberation/councils', {
      communityId: xj.communityId,
      name: '新集议事会',
      leaderName: '新集书记',
      members: [
        { name: '新集成员', party: 'resident_representative', userId: ids.xjm1 },
        { name: '新集代表', party: 'police' },
      ],
    }),
  );

  const act = (c: TestClient, id: string, action: string, body: Record<string, unknown> = {}) =>
    c.post(`/api/v1/deliberation/topics/${id}/actions/${action}`, body);
  /** A topic put to an online vote whose window runs from `opens` to `closes` ms from now. */
  async function onlineTopic(title: string, opens: number, closes: number, where: 'wl' | 'xj' = 'wl') {
    const [by, communityId, councilId] =
      where === 'wl' ? [shuji, wl.communityId, council.id] : [zhao, xj.communityId, xjCouncil.id];
    const topic = await ok(
      await by.post('/api/v1/deliberation/topics', { nodeId: communityId, title, description: `${title}？` }),
    );
    await ok(await act(by, topic.id, 'accept', { councilId }));
    await ok(
      await act(by, topic.id, 'schedule', {
        mode: 'online',
        voteOpensAt: new Date(Date.now() + opens).toISOString(),
        voteClosesAt: new Date(Date.now() + closes).toISOString(),
      }),
    );
    return topic.id as string;
  }
  const vote = async (c: TestClient, id: string, choice: string) =>
    ok(await c.post(`/api/v1/deliberation/topics/${id}/vote`, { choice }));
  const topicRow = (id: string) =>
    t.db.selectFrom('topic').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditRows = (id: string) =>
    t.db
      .selectFrom('auditLog')
      .select(['districtId', 'action', 'actorUserId', 'actorName', 'detail'])
      .where('entityId', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
  const notices = (id: string) =>
    t.db
      .selectFrom('notification')
      .select(['districtId', 'recipientUserId', 'title', 'body', 'link'])
      .where('entityId', '=', id)
      .where('event', '=', 'topic.vote_tallied')
      .execute();

  it('tallies the ballots cast over HTTP once the window has passed, as 系统, and tells 两委 to decide', async () => {
    const id = await onlineTopic('是否增设充电桩', -60_000, HOUR);
    const stillOpen = await onlineTopic('是否更换门禁', -60_000, 10 * HOUR);
    await vote(m1, id, 'for');
    await vote(m2, id, 'for');
    await vote(m3, id, 'against');
    await vote(m1, stillOpen, 'for');

    // Before the close nothing is due.
    expect(await tallyClosedVotes(t.deps, new Date(Date.now() + 30 * 60_000))).toEqual({ tallied: 0 });
    expect((await topicRow(id)).state).toBe('SCHEDULED');

    const later = new Date(Date.now() + 2 * HOUR);
    expect(await tallyClosedVotes(t.deps, later)).toEqual({ tallied: 1 });
    const row = await topicRow(id);
    expect(row).toMatchObject({
      state: 'DELIBERATED',
      outcomeKind: 'vote',
      memberCount: 5,
      presentCount: 3,
      votesFor: 2,
      votesAgainst: 1,
      votesAbstain: 0,
      decidedAt: null,
    });
    const detail = await ok(await shuji.get(`/api/v1/deliberation/topics/${id}`));
    expect(detail.deliberatedOn).toBe(businessToday(later));
    expect(detail.allowedActions).toEqual(['decide', 'defer']);
    expect(detail.attendance.map((a: { name: string; present: boolean }) => [a.name, a.present])).toEqual([
      ['成员一', true],
      ['成员二', true],
      ['成员三', true],
      ['代表四', false],
      ['代表五', false],
    ]);
    const audit = await auditRows(id);
    expect(audit.map((a) => a.action)).toEqual([
      'topic.propose',
      'topic.accept',
      'topic.schedule',
      'topic.vote',
      'topic.vote',
      'topic.vote',
      'topic.close_vote',
    ]);
    expect(audit.at(-1)).toMatchObject({
      districtId: wl.districtId,
      actorUserId: null,
      actorName: '系统',
      detail: { from: 'SCHEDULED', to: 'DELIBERATED', presentCount: 3, for: 2, against: 1, abstain: 0 },
    });
    const told = await notices(id);
    expect(told.map((n) => n.recipientUserId).sort()).toEqual([ids.shuji, ids.liangwei].sort());
    expect(told[0]).toMatchObject({
      districtId: wl.districtId,
      title: '线上表决已截止：是否增设充电桩',
      link: `/deliberation/topics/${id}`,
    });
    expect(told[0]!.body).toContain('赞成 2、反对 1、弃权 0');

    // The window still open is untouched.
    expect((await topicRow(stillOpen)).state).toBe('SCHEDULED');
    expect((await auditRows(stillOpen)).map((a) => a.action)).not.toContain('topic.close_vote');
    expect(await notices(stillOpen)).toEqual([]);
    expect((await ok(await m2.get(`/api/v1/deliberation/topics/${stillOpen}`))).canVote).toBe(true);

    // Running again changes nothing; 两委 record the decision from the system's tally.
    expect(await tallyClosedVotes(t.deps, later)).toEqual({ tallied: 0 });
    expect((await auditRows(id)).filter((a) => a.action === 'topic.close_vote')).toHaveLength(1);
    expect(await notices(id)).toHaveLength(2);
    const decided = await ok(await act(shuji, id, 'decide', { passed: true, decision: '增设 4 个充电桩' }));
    expect(decided.decision).toMatchObject({
      outcomeKind: 'vote',
      votesFor: 2,
      votesAgainst: 1,
      quorumMet: true,
    });
  });

  it('leaves a topic 两委 already tallied by hand untouched', async () => {
    const id = await onlineTopic('是否调整停车收费', -2 * HOUR, -HOUR);
    await ok(await act(shuji, id, 'close_vote'));
    const before = await topicRow(id);
    expect(await tallyClosedVotes(t.deps, new Date(Date.now() + 2 * HOUR))).toEqual({ tallied: 0 });
    expect(await topicRow(id)).toEqual(before);
    const closes = (await auditRows(id)).filter((a) => a.action === 'topic.close_vote');
    expect(closes).toEqual([expect.objectContaining({ actorUserId: ids.shuji, actorName: '书记' })]);
    expect(await notices(id)).toEqual([]);
  });

  it('two runs at once tally once: one close_vote row, one notice per 两委 member', async () => {
    const id = await onlineTopic('是否开放楼顶晾晒', -60_000, HOUR);
    await vote(m1, id, 'abstain');
    // Hold the topic's row so both runs have listed it as due before either may lock it.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const blocker = t.db.transaction().execute(async (tx) => {
      await tx.selectFrom('topic').select('id').where('id', '=', id).forUpdate().execute();
      await held;
    });
    const later = new Date(Date.now() + 2 * HOUR);
    const runs = Promise.all([tallyClosedVotes(t.deps, later), tallyClosedVotes(t.deps, later)]);
    await sleep(300);
    release();
    await blocker;
    const results = await runs;
    expect(results.map((r) => r.tallied).sort()).toEqual([0, 1]);
    expect((await auditRows(id)).filter((a) => a.action === 'topic.close_vote')).toHaveLength(1);
    expect((await notices(id)).map((n) => n.recipientUserId).sort()).toEqual(
      [ids.shuji, ids.liangwei].sort(),
    );
    expect(await topicRow(id)).toMatchObject({ state: 'DELIBERATED', presentCount: 1, votesAbstain: 1 });
  });

  it('tallies another district’s topic in that district only', async () => {
    const id = await onlineTopic('是否修缮村道', -60_000, HOUR, 'xj');
    await vote(xjm1, id, 'for');
    expect(await tallyClosedVotes(t.deps, new Date(Date.now() + 2 * HOUR))).toEqual({ tallied: 1 });
    expect(await topicRow(id)).toMatchObject({
      districtId: xj.districtId,
      state: 'DELIBERATED',
      memberCount: 2,
      presentCount: 1,
      votesFor: 1,
    });
    const audit = await auditRows(id);
    expect(new Set(audit.map((a) => a.districtId))).toEqual(new Set([xj.districtId]));
    expect(audit.at(-1)).toMatchObject({ action: 'topic.close_vote', actorName: '系统' });
    expect(await notices(id)).toEqual([
      expect.objectContaining({ districtId: xj.districtId, recipientUserId: ids.xjshuji }),
    ]);
    expect((await ok(await zhao.get(`/api/v1/deliberation/topics/${id}`))).state).toBe('DELIBERATED');
    expect((await shuji.get(`/api/v1/deliberation/topics/${id}`)).statusCode).toBe(404);
  });

  it('runs on the scheduler as one job across two instances', async () => {
    const id = await onlineTopic('是否设立快递柜', -60_000, HOUR);
    const logs: string[] = [];
    const a = createScheduler(t.db, (m) => logs.push(m), { instanceId: 'a' });
    const b = createScheduler(t.db, (m) => logs.push(m), { instanceId: 'b' });
    scheduleVoteTally(a, t.deps);
    scheduleVoteTally(b, t.deps);
    const later = new Date(Date.now() + 2 * HOUR);
    const ran = await Promise.all([a.runNow(VOTE_TALLY_JOB, later), b.runNow(VOTE_TALLY_JOB, later)]);
    expect(ran).toContain(true);
    expect(logs).toEqual([]);
    expect(await topicRow(id)).toMatchObject({ state: 'DELIBERATED', presentCount: 0, memberCount: 5 });
    expect((await auditRows(id)).filter((a) => a.action === 'topic.close_vote')).toHaveLength(1);
  });
});
