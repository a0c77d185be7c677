import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  givenCommunity,
  givenHousehold,
  givenNodeUnder,
  PASSWORD,
  WULIDUI,
  XINJI,
} from '../../../test/factories.ts';
import { staffOf } from '../../../test/staff.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import { workingCalendar } from '../../platform/calendar/index.ts';
import type { TerritoryLevel } from '../territory/index.ts';

describe('deliberation: councils, topics, decisions, cases, report', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;

  const node = (parentId: string, level: TerritoryLevel, name: string) =>
    givenNodeUnder(t.db, D, parentId, level, name);
  const household = (nodeId: string, no: string, headName: string) =>
    givenHousehold(t.deps, {
      districtId: D,
      communityId: wl.communityId,
      nodeId,
      householdNo: no,
      address: no,
      headName,
      phone: '13800001234',
    });

  const building = await node(wl.communityId, 'building', '区政府小区1栋');
  const other = await node(wl.communityId, 'building', '区政府小区9栋');
  const flat = await household(building.id, 'B1-101', '叶解香');
  const farFlat = await household(other.id, 'B9-101', '远处住户');

  const admin = await t.client().login('wang', PASSWORD);
  const { userIds, user, position } = staffOf(admin);
  for (const [u, n] of [
    ['shuji', '书记'],
    ['liangwei', '两委李华'],
    ['wangge', '网格员小刘'],
    ['linzhang', '邻长刘平安'],
    ['m1', '成员一'],
    ['m2', '成员二'],
    ['m3', '成员三'],
    ['nobody', '路人'],
  ]) {
    await user(u!, n!);
  }
  await user('resident', '叶解香', flat.residentId);
  await user('faraway', '远处住户', farFlat.residentId);
  const shujiPos = await position(wl.communityId, 'secretary', '书记', 'shuji');
  await position(wl.communityId, 'committee_member', '两委李华', 'liangwei');
  await position(wl.communityId, 'grid_worker', '网格员小刘', 'wangge');
  const chief = await position(building.id, 'neighbour_chief', '刘平安', 'linzhang');
  expect(
    (await admin.post(`/api/v1/positions/${chief}/households`, { householdIds: [flat.householdId] }))
      .statusCode,
  ).toBe(200);

  const shuji = await t.client().login('shuji', PASSWORD);
  const wangge = await t.client().login('wangge', PASSWORD);
  const resident = await t.client().login('resident', PASSWORD);
  const m1 = await t.client().login('m1', PASSWORD);
  const m2 = await t.client().login('m2', PASSWORD);
  const nobody = await t.client().login('nobody', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);
  // Logins are limited to 10 a minute per address: these ten are all this file uses.
  const linzhang = await t.client().login('linzhang', PASSWORD);
  const faraway = await t.client().login('faraway', PASSWORD);

  async function ok(res: Awaited<ReturnType<TestClient['get']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const act = (c: TestClient, id: string, action: string, body: Record<string, unknown> = {}) =>
    c.post(`/api/v1/deliberation/topics/${id}/actions/${action}`, body);
  async function audits(entityId: string) {
    const rows = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('districtId', '=', D)
      .where('entityId', '=', entityId)
      .orderBy('at')
      .execute();
    return rows.map((r) => r.action);
  }

  // 美湖-style council: leader = 书记 + 10 elected members from the parties; three have accounts.
  const parties = [
    'residents_committee',
    'volunteer_alliance',
    'property_management',
    'owners_committee',
    'social_organisation',
    'police',
    'party_representative',
    'resident_representative',
    'resident_representative',
    'resident_representative',
  ];
  const council = await ok(
    await shuji.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: '协商议事会',
      leaderPositionId: shujiPos,
      members: [
        { name: '成员一', party: parties[0], userId: userIds.m1 },
        { name: '成员二', party: parties[1], userId: userIds.m2 },
        { name: '成员三', party: parties[2], userId: userIds.m3 },
        ...parties.slice(3).map((p, i) => ({ name: `代表${i + 4}`, party: p })),
        { name: '书记', party: 'party_representative' },
      ],
    }),
  );
  const memberIds: string[] = council.members.map((m: { id: string }) => m.id);

  it('creates councils with leader, 多方 members and default rules; 400, 403, 404 and audit', async () => {
    expect(council).toMatchObject({
      name: '协商议事会',
      leaderName: '书记',
      regularWeek: 1,
      regularWeekday: 5,
      holidayRule: 'next_working_day',
      quorumPercent: 50,
      majorityPercent: 50,
      canManage: true,
    });
    expect(council.members).toHaveLength(11);
    expect(await audits(council.id)).toEqual(['council.create']);

    const noLeader = await shuji.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: '无召集人',
    });
    expect(noLeader.statusCode).toBe(400);
    expect(noLeader.json().fields).toHaveProperty('leaderName');
    const badParty = await shuji.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: 'x',
      leaderName: 'x',
      members: [{ name: '甲', party: 'mafia' }],
    });
    expect(badParty.statusCode).toBe(400);
    const byGrid = await wangge.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: '网格议事会',
      leaderName: '小刘',
    });
    expect(byGrid.statusCode).toBe(403);
    expect(
      (await zhao.put(`/api/v1/deliberation/councils/${council.id}`, { name: '改', leaderName: '改' }))
        .statusCode,
    ).toBe(404);
    expect((await nobody.get(`/api/v1/deliberation/councils/${council.id}/regular-days`)).statusCode).toBe(
      404,
    );
    const zhaoList = await ok(await zhao.get('/api/v1/deliberation/councils'));
    expect(zhaoList.items).toEqual([]);
    // A 邻长 (linked scope) sees his community's council.
    expect(
      (await ok(await linzhang.get('/api/v1/deliberation/councils'))).items.map((c: { id: string }) => c.id),
    ).toContain(council.id);
  });

  it('AS-07: 2026-05-01 first Friday is 劳动节: conflict shown, moved under next_working_day, kept under keep', async () => {
    const moved = await ok(
      await shuji.get(`/api/v1/deliberation/councils/${council.id}/regular-days?from=2026-04-20&count=2`),
    );
    expect(moved.items[0]).toEqual({
      regularDay: '2026-05-01',
      conflict: '2026-05-01 是法定节假日（劳动节）',
      proposedOn: '2026-05-06',
      holidayRule: 'next_working_day',
    });
    expect(moved.items[1]).toMatchObject({
      regularDay: '2026-06-05',
      conflict: null,
      proposedOn: '2026-06-05',
    });
    const feb = await ok(
      await shuji.get(`/api/v1/deliberation/councils/${council.id}/regular-days?from=2021-02-20&count=1`),
    );
    expect(feb.items[0].proposedOn).toBe('2021-03-05');

    const sub = await ok(
      await shuji.post('/api/v1/deliberation/councils', {
        communityId: wl.communityId,
        name: '保留日议事会',
        leaderName: '书记',
        holidayRule: 'keep',
      }),
    );
    const kept = await ok(
      await shuji.get(`/api/v1/deliberation/councils/${sub.id}/regular-days?from=2026-04-20&count=1`),
    );
    expect(kept.items[0]).toMatchObject({
      conflict: '2026-05-01 是法定节假日（劳动节）',
      proposedOn: '2026-05-01',
    });
    const updated = await ok(
      await shuji.put(`/api/v1/deliberation/councils/${sub.id}`, {
        name: '保留日议事会',
        leaderName: '书记',
        holidayRule: 'next_working_day',
        quorumPercent: 66,
        members: [{ name: '甲', party: 'police' }],
      }),
    );
    expect(updated).toMatchObject({ holidayRule: 'next_working_day', quorumPercent: 66 });
    expect(updated.members).toHaveLength(1);
    expect(await audits(sub.id)).toEqual(['council.create', 'council.update']);
  });

  async function propose(c: TestClient, title: string, extra: Record<string, unknown> = {}) {
    return ok(
      await c.post('/api/v1/deliberation/topics', {
        nodeId: building.id,
        title,
        description: `${title}，请议事会协商`,
        ...extra,
      }),
    );
  }

  it('AS-07: a raised topic cannot be deliberated before review; accepted, it is proposed for the next regular day', async () => {
    const topic = await propose(resident, '将两栋都纳入屋面改造');
    expect(topic).toMatchObject({
      state: 'PROPOSED',
      source: 'resident',
      proposerName: '叶解香',
      allowedActions: [],
    });
    // 两委 are told something waits for review.
    const told = await t.db
      .selectFrom('notification')
      .select('recipientUserId')
      .where('entityId', '=', topic.id)
      .where('event', '=', 'topic.proposed')
      .execute();
    expect(told.map((n) => n.recipientUserId).sort()).toEqual([userIds.liangwei, userIds.shuji].sort());

    const early = await act(shuji, topic.id, 'record', {
      attendance: [{ memberId: memberIds[0], present: true }],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('议题当前为「待审事」，不能记录议事');
    // A resident has no say in the flow.
    expect((await act(resident, topic.id, 'accept')).statusCode).toBe(403);
    expect((await act(zhao, topic.id, 'accept')).statusCode).toBe(404);

    const accepted = await ok(await act(shuji, topic.id, 'accept', { councilId: council.id }));
    expect(accepted.state).toBe('ACCEPTED_FOR_AGENDA');
    const expected = nextFirstFriday(businessToday());
    expect(accepted.scheduleProposal).toMatchObject({
      regularDay: expected.regularDay,
      proposedOn: expected.proposedOn,
    });

    const noMode = await act(shuji, topic.id, 'schedule');
    expect(noMode.statusCode).toBe(400);
    expect(noMode.json().fields).toHaveProperty('mode');
    const scheduled = await ok(await act(shuji, topic.id, 'schedule', { mode: 'plenary' }));
    expect(scheduled).toMatchObject({
      state: 'SCHEDULED',
      mode: 'plenary',
      scheduledOn: expected.proposedOn,
      regularDay: expected.regularDay,
      holidayConflict: expected.conflict,
      councilName: '协商议事会',
    });
    const notified = await t.db
      .selectFrom('notification')
      .select('recipientUserId')
      .where('entityId', '=', topic.id)
      .where('event', '=', 'topic.scheduled')
      .execute();
    expect(notified.map((n) => n.recipientUserId).sort()).toEqual(
      [userIds.m1, userIds.m2, userIds.m3, userIds.resident].sort(),
    );
    expect(await audits(topic.id)).toEqual(['topic.propose', 'topic.accept', 'topic.schedule']);
  });

  function nextFirstFriday(today: string) {
    let [y, m] = today.split('-').map(Number) as [number, number];
    for (;;) {
      const first = new Date(Date.UTC(y, m - 1, 1));
      const day = 1 + ((5 - (first.getUTCDay() || 7) + 7) % 7);
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      if (iso > today) {
        const working = workingCalendar.isWorkingDay(iso);
        let next = iso;
        if (!working) {
          const d = new Date(`${iso}T00:00:00Z`);
          d.setUTCDate(d.getUTCDate() + 1);
          next = workingCalendar.nextWorkingDay(d.toISOString().slice(0, 10));
        }
        return { regularDay: iso, proposedOn: next, conflict: working ? null : expect.stringContaining(iso) };
      }
      if (m === 12) {
        y += 1;
        m = 1;
      } else m += 1;
    }
  }

  async function toDeliberated(title: string, present: number, c: TestClient = wangge) {
    const topic = await propose(c, title);
    await ok(await act(shuji, topic.id, 'accept', { councilId: council.id }));
    await ok(await act(shuji, topic.id, 'schedule', { mode: 'visiting' }));
    return ok(
      await act(shuji, topic.id, 'record', {
        attendance: memberIds.map((id, i) => ({
          memberId: id,
          present: i < present,
          position: i < present ? `第${i + 1}方意见` : undefined,
        })),
        note: '走访各方意见',
      }),
    );
  }

  it('AS-08: decision record with attendance, positions and vote; quorum refusal; publish notifies residents', async () => {
    const short = await toDeliberated('楼道堆物清理', 5);
    expect(short).toMatchObject({ state: 'DELIBERATED' });
    const refused = await act(shuji, short.id, 'decide', {
      outcomeKind: 'consensus',
      passed: true,
      decision: '清理',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields.passed).toContain('不足法定人数');
    const lost = await act(shuji, short.id, 'decide', {
      outcomeKind: 'vote',
      votesFor: 3,
      votesAgainst: 2,
      votesAbstain: 0,
      passed: true,
      decision: '清理',
    });
    expect(lost.statusCode).toBe(400);
    expect((await act(shuji, short.id, 'defer', {})).statusCode).toBe(400);
    expect((await ok(await act(shuji, short.id, 'defer', { note: '人数不足，下月再议' }))).state).toBe(
      'DEFERRED',
    );

    const topic = await toDeliberated('两栋都纳入屋面改造', 8, resident);
    expect(topic.attendance).toHaveLength(11);
    expect(topic.attendance.filter((a: { present: boolean }) => a.present)).toHaveLength(8);
    expect(topic.attendance[0]).toMatchObject({
      name: '成员一',
      party: 'residents_committee',
      position: '第1方意见',
    });
    const overCount = await act(shuji, topic.id, 'decide', {
      outcomeKind: 'vote',
      votesFor: 7,
      votesAgainst: 2,
      votesAbstain: 0,
      passed: true,
      decision: 'x',
    });
    expect(overCount.statusCode).toBe(400);
    expect(overCount.json().fields).toHaveProperty('votesFor');
    const decided = await ok(
      await act(shuji, topic.id, 'decide', {
        outcomeKind: 'vote',
        votesFor: 6,
        votesAgainst: 1,
        votesAbstain: 1,
        passed: true,
        decision: '两栋一并纳入屋面改造，物业牵头施工',
      }),
    );
    expect(decided.decision).toMatchObject({
      outcomeKind: 'vote',
      memberCount: 11,
      presentCount: 8,
      votesFor: 6,
      quorumMet: true,
      passed: true,
    });
    expect((await act(shuji, topic.id, 'implement', { items: [] })).statusCode).toBe(400);
    const impl = await ok(
      await act(shuji, topic.id, 'implement', {
        items: [
          { description: '1栋屋面防水', implementer: '和谐物业', deadline: '2026-12-31' },
          { description: '9栋屋面防水', implementer: '和谐物业', deadline: '2027-01-31' },
        ],
      }),
    );
    expect(impl.state).toBe('IMPLEMENTING');
    const early = await act(shuji, topic.id, 'publish', { feedback: '已完成' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('2 项落实事项未完成');
    for (const item of impl.items) {
      await ok(
        await shuji.post(`/api/v1/deliberation/topics/${topic.id}/items/${item.id}/done`, { note: '已完工' }),
      );
    }
    expect(
      (await shuji.post(`/api/v1/deliberation/topics/${topic.id}/items/${impl.items[0].id}/done`, {}))
        .statusCode,
    ).toBe(409);
    expect((await act(shuji, topic.id, 'publish', {})).statusCode).toBe(400);
    const published = await ok(
      await act(shuji, topic.id, 'publish', { feedback: '两栋屋面改造已完成，感谢各方' }),
    );
    expect(published.state).toBe('FEEDBACK_PUBLISHED');
    const recipients = await t.db
      .selectFrom('notification')
      .select('recipientUserId')
      .where('entityId', '=', topic.id)
      .where('event', '=', 'topic.published')
      .execute();
    // Proposer (the resident of 1栋), council members with accounts, and the 邻长 linked to her household;
    // not the resident of 9栋, which the topic does not affect.
    expect(recipients.map((r) => r.recipientUserId).sort()).toEqual(
      [userIds.resident, userIds.m1, userIds.m2, userIds.m3, userIds.linzhang].sort(),
    );
    expect((await ok(await act(shuji, topic.id, 'archive'))).state).toBe('ARCHIVED');
    expect(await audits(topic.id)).toEqual([
      'topic.propose',
      'topic.accept',
      'topic.schedule',
      'topic.record',
      'topic.decide',
      'topic.implement',
      'topic.item_done',
      'topic.item_done',
      'topic.publish',
      'topic.archive',
    ]);
  });

  it('nothing raised goes unanswered: rejecting needs a reply; converting files a case and links it', async () => {
    const topic = await propose(wangge, '路灯不亮');
    const noReply = await act(shuji, topic.id, 'reject', {});
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().fields).toHaveProperty('reply');
    const converted = await ok(
      await act(shuji, topic.id, 'convert', { reply: '小事，转诉求由物业修理', categoryCode: 'facility' }),
    );
    expect(converted).toMatchObject({ state: 'CONVERTED_TO_CASE', reply: '小事，转诉求由物业修理' });
    const c = await ok(await shuji.get(`/api/v1/cases/${converted.convertedCaseId}`));
    expect(c).toMatchObject({ title: '路灯不亮', channel: 'meeting' });
    const rejected = await ok(
      await act(shuji, (await propose(wangge, '不合规的请求')).id, 'reject', { reply: '不属议事范围' }),
    );
    expect(rejected).toMatchObject({ state: 'REJECTED_WITH_REPLY', reply: '不属议事范围' });
    expect((await act(shuji, rejected.id, 'accept')).statusCode).toBe(409);
  });

  it('online mode: members vote in the window, tallied at close', async () => {
    const topic = await propose(wangge, '是否增设充电桩');
    await ok(await act(shuji, topic.id, 'accept', { councilId: council.id }));
    const missing = await act(shuji, topic.id, 'schedule', { mode: 'online' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().fields).toHaveProperty('voteOpensAt');
    const opens = new Date(Date.now() - 60_000).toISOString();
    const closes = new Date(Date.now() + 2_500).toISOString();
    const sched = await ok(
      await act(shuji, topic.id, 'schedule', { mode: 'online', voteOpensAt: opens, voteClosesAt: closes }),
    );
    expect(sched.canVote).toBe(false);
    expect((await m1.get(`/api/v1/deliberation/topics/${topic.id}`)).json().canVote).toBe(true);
    await ok(await m1.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'for' }));
    // One ballot per member: a second one is refused, not overwritten.
    const again = await m1.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'against' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('不能改票或重复投票');
    expect((await m1.get(`/api/v1/deliberation/topics/${topic.id}`)).json()).toMatchObject({
      myBallot: 'for',
      canVote: false,
    });
    const mine = await ok(
      await m2.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'abstain' }),
    );
    expect(mine).toMatchObject({ myBallot: 'abstain', ballotsCast: 2 });
    expect(
      (await shuji.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'for' })).statusCode,
    ).toBe(409);
    expect(
      (await m1.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'maybe' })).statusCode,
    ).toBe(400);
    const tooEarly = await act(shuji, topic.id, 'close_vote');
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().message).toContain('表决尚未截止');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(closes) - Date.now() + 50)));
    expect(
      (await m2.post(`/api/v1/deliberation/topics/${topic.id}/vote`, { choice: 'against' })).statusCode,
    ).toBe(409);
    const closed = await ok(await act(shuji, topic.id, 'close_vote'));
    expect(closed.state).toBe('DELIBERATED');
    expect(closed.attendance.filter((a: { present: boolean }) => a.present)).toHaveLength(2);
    // 2 of 11 voted: below quorum, so the result cannot be "passed".
    const refused = await act(shuji, topic.id, 'decide', { passed: true, decision: '增设' });
    expect(refused.statusCode).toBe(400);
    const decided = await ok(
      await act(shuji, topic.id, 'decide', { passed: false, decision: '参与不足，未形成决定' }),
    );
    expect(decided.decision).toMatchObject({
      outcomeKind: 'vote',
      votesFor: 1,
      votesAgainst: 0,
      votesAbstain: 1,
      quorumMet: false,
    });
    expect(await audits(topic.id)).toEqual([
      'topic.propose',
      'topic.accept',
      'topic.schedule',
      'topic.vote',
      'topic.vote',
      'topic.close_vote',
      'topic.decide',
    ]);
  });

  it('issue 4: one ballot each, proxy votes only when recorded, window and quorum, record append-only after the decision', async () => {
    const topic = await propose(wangge, '是否在小区内划定临时停车位');
    const url = `/api/v1/deliberation/topics/${topic.id}`;
    await ok(await act(shuji, topic.id, 'accept', { councilId: council.id }));
    const inPast = await act(shuji, topic.id, 'schedule', {
      mode: 'plenary',
      scheduledOn: addDays(businessToday(), -1),
    });
    expect(inPast.statusCode).toBe(400);
    expect(inPast.json().fields.scheduledOn).toContain('不能早于今天');
    await ok(
      await act(shuji, topic.id, 'schedule', {
        mode: 'online',
        voteOpensAt: new Date(Date.now() - 60_000).toISOString(),
        voteClosesAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    const [mem1, mem2, mem3, mem4] = memberIds as [string, string, string, string];
    // Without a recorded proxy nobody votes for another member.
    const noProxy = await m1.post(`${url}/vote`, { choice: 'for', forMemberId: mem2 });
    expect(noProxy.statusCode).toBe(409);
    expect(noProxy.json().message).toContain('没有登记该成员委托您表决');
    // A proxy is recorded by 两委 or by the absent member himself, nobody else.
    const notMine = await m1.post(`${url}/proxies`, { grantorMemberId: mem2, proxyMemberId: mem1 });
    expect(notMine.statusCode).toBe(403);
    const self = await shuji.post(`${url}/proxies`, { grantorMemberId: mem1, proxyMemberId: mem1 });
    expect(self.statusCode).toBe(400);
    expect(self.json().fields).toHaveProperty('proxyMemberId');
    const stranger = await shuji.post(`${url}/proxies`, {
      grantorMemberId: '00000000-0000-4000-8000-000000000000',
      proxyMemberId: mem1,
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().fields).toHaveProperty('grantorMemberId');
    // A proxy must be able to vote online.
    const noAccount = await shuji.post(`${url}/proxies`, { grantorMemberId: mem1, proxyMemberId: mem4 });
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().fields.proxyMemberId).toContain('没有账号');
    expect(
      (await zhao.post(`${url}/proxies`, { grantorMemberId: mem2, proxyMemberId: mem1 })).statusCode,
    ).toBe(404);
    await ok(await m2.post(`${url}/proxies`, { grantorMemberId: mem2, proxyMemberId: mem1 }));
    const twice = await shuji.post(`${url}/proxies`, { grantorMemberId: mem2, proxyMemberId: mem3 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('已登记过委托');
    const byHeads = await ok(
      await shuji.post(`${url}/proxies`, { grantorMemberId: mem4, proxyMemberId: mem1 }),
    );
    expect(byHeads.proxies).toHaveLength(2);
    const seen = await ok(await m1.get(url));
    expect(seen.canVoteFor.map((c: { memberId: string }) => c.memberId).sort()).toEqual([mem2, mem4].sort());

    await ok(await m1.post(`${url}/vote`, { choice: 'for' }));
    const proxied = await ok(await m1.post(`${url}/vote`, { choice: 'against', forMemberId: mem2 }));
    expect(proxied).toMatchObject({ ballotsCast: 2, myBallot: 'for' });
    const secondProxy = await m1.post(`${url}/vote`, { choice: 'for', forMemberId: mem2 });
    expect(secondProxy.statusCode).toBe(409);
    expect(secondProxy.json().message).toContain('成员二已投票');
    const ownAfterProxy = await m2.post(`${url}/vote`, { choice: 'for' });
    expect(ownAfterProxy.statusCode).toBe(409);
    expect(ownAfterProxy.json().message).toContain('受托人代投');
    const rows = await t.db
      .selectFrom('topicVote')
      .select(['memberId', 'castByMemberId', 'choice'])
      .where('districtId', '=', D)
      .where('topicId', '=', topic.id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.memberId === mem2)).toMatchObject({ castByMemberId: mem1, choice: 'against' });
    expect(rows.find((r) => r.memberId === mem1)).toMatchObject({ castByMemberId: mem1, choice: 'for' });

    // Outside the window: refused before it opens and after it closes.
    const setWindow = (opens: number, closes: number) =>
      t.db
        .updateTable('topic')
        .set({ voteOpensAt: new Date(Date.now() + opens), voteClosesAt: new Date(Date.now() + closes) })
        .where('districtId', '=', D)
        .where('id', '=', topic.id)
        .execute();
    await setWindow(3_600_000, 7_200_000);
    const early = await m1.post(`${url}/vote`, { choice: 'for', forMemberId: mem4 });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('表决尚未开始');
    await setWindow(-7_200_000, -1_000);
    const late = await m1.post(`${url}/vote`, { choice: 'for', forMemberId: mem4 });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('表决已截止');

    await ok(await act(shuji, topic.id, 'close_vote'));
    const notYet = await shuji.post(`${url}/amendments`, { corrects: '决定内容', text: '补充' });
    expect(notYet.statusCode).toBe(409);
    // 2 of 11 voted: no quorum, so no decision to pass.
    const noQuorum = await act(shuji, topic.id, 'decide', { passed: true, decision: '划定车位' });
    expect(noQuorum.statusCode).toBe(400);
    expect(noQuorum.json().fields.passed).toContain('不足法定人数');
    const decided = await ok(
      await act(shuji, topic.id, 'decide', { passed: false, decision: '参与不足，下次再议' }),
    );
    expect(decided).toMatchObject({ recordClosed: true, amendments: [] });

    // Closed: the record and votes stay as they are; corrections are appended.
    for (const res of [
      await act(shuji, topic.id, 'decide', { passed: false, decision: '改写' }),
      await act(shuji, topic.id, 'record', { attendance: [{ memberId: mem1, present: true }] }),
      await m1.post(`${url}/vote`, { choice: 'for', forMemberId: mem4 }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('会议已结束，记录不能修改，请提交更正说明');
    }
    expect((await m1.post(`${url}/amendments`, { corrects: '决定内容', text: '补充' })).statusCode).toBe(403);
    expect((await zhao.post(`${url}/amendments`, { corrects: '决定内容', text: '补充' })).statusCode).toBe(
      404,
    );
    const blank = await shuji.post(`${url}/amendments`, { corrects: '决定内容', text: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().fields).toHaveProperty('text');
    const amended = await ok(
      await shuji.post(`${url}/amendments`, { corrects: '决定内容', text: '应为“参与不足，下月例会再议”' }),
    );
    expect(amended.amendments).toEqual([
      expect.objectContaining({
        corrects: '决定内容',
        text: '应为“参与不足，下月例会再议”',
        authorName: '书记',
      }),
    ]);
    expect(amended.decision.text).toBe('参与不足，下次再议');
    expect(await audits(topic.id)).toEqual([
      'topic.propose',
      'topic.accept',
      'topic.schedule',
      'topic.proxy',
      'topic.proxy',
      'topic.vote',
      'topic.vote',
      'topic.close_vote',
      'topic.decide',
      'topic.amend',
    ]);
  });

  it('AS-10: the women’s council saves 3 important suggestions → 3 topics for 两委 with source = 妇女议事会', async () => {
    const women = await ok(
      await shuji.post('/api/v1/deliberation/councils', {
        communityId: wl.communityId,
        parentId: council.id,
        name: '妇女议事会',
        leaderName: '叶解香',
        members: [{ name: '叶解香', party: 'resident_representative', userId: userIds.resident }],
      }),
    );
    expect(women).toMatchObject({ parentId: council.id, parentName: '协商议事会' });
    const saved = await ok(
      await resident.post(`/api/v1/deliberation/councils/${women.id}/meetings`, {
        heldOn: businessToday(),
        suggestions: [
          { title: '增设母婴室', description: '社区服务中心增设母婴室', important: true },
          { title: '夜间照明', description: '小区小路夜间照明不足', important: true },
          { title: '广场舞时间', description: '广场舞晚九点后停止', important: true, category: 'dispute' },
          { title: '读书会', description: '每月一次读书会', important: false },
        ],
      }),
    );
    expect(saved.topicIds).toHaveLength(3);
    const board = await ok(await shuji.get('/api/v1/deliberation/topics?state=PROPOSED'));
    const forwarded = board.items.filter((i: { id: string }) => saved.topicIds.includes(i.id));
    expect(forwarded).toHaveLength(3);
    for (const f of forwarded)
      expect(f).toMatchObject({ source: 'sub_council', sourceCouncilName: '妇女议事会', state: 'PROPOSED' });
    expect(await audits(women.id)).toEqual(['council.create', 'council.meeting']);
    expect(
      (
        await wangge.post(`/api/v1/deliberation/councils/${women.id}/meetings`, {
          heldOn: businessToday(),
          suggestions: [{ title: 'x', description: 'x' }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await resident.post(`/api/v1/deliberation/councils/${women.id}/meetings`, {
          heldOn: businessToday(),
          suggestions: [],
        })
      ).statusCode,
    ).toBe(400);
  });

  async function caseToDeliberation(title: string) {
    const c = await ok(
      await wangge.post('/api/v1/cases', {
        title,
        description: `${title}，住户意见不一`,
        categoryCode: 'dispute',
        householdId: flat.householdId,
      }),
    );
    await ok(await linzhang.post(`/api/v1/cases/${c.id}/actions/sign`, {}));
    await ok(await linzhang.post(`/api/v1/cases/${c.id}/actions/pass_up`, {}));
    expect((await ok(await shuji.post(`/api/v1/cases/${c.id}/actions/deliberate`, {}))).state).toBe(
      'TO_DELIBERATION',
    );
    const topic = await t.db
      .selectFrom('topic')
      .select(['id', 'state', 'source'])
      .where('caseId', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(topic).toMatchObject({ state: 'PROPOSED', source: 'case' });
    return { caseId: c.id as string, topicId: topic.id };
  }

  it('a case sent to deliberation gets a topic; the decision dispatches or closes the case', async () => {
    for (const outcome of ['dispatch', 'close'] as const) {
      const { caseId, topicId } = await caseToDeliberation(`楼上漏水纠纷-${outcome}`);
      await ok(await act(shuji, topicId, 'accept', { councilId: council.id }));
      await ok(await act(shuji, topicId, 'schedule', { mode: 'door_to_door' }));
      await ok(
        await act(shuji, topicId, 'record', {
          attendance: memberIds.map((id) => ({ memberId: id, present: true })),
        }),
      );
      const noOutcome = await act(shuji, topicId, 'decide', {
        outcomeKind: 'consensus',
        passed: true,
        decision: '物业维修',
      });
      expect(noOutcome.statusCode).toBe(400);
      expect(noOutcome.json().fields).toHaveProperty('caseOutcome');
      const decided = await ok(
        await act(shuji, topicId, 'decide', {
          outcomeKind: 'consensus',
          passed: true,
          decision: '议定由物业维修，费用楼上承担',
          caseOutcome: outcome,
          handlerName: outcome === 'dispatch' ? '和谐物业' : undefined,
        }),
      );
      expect(decided.state).toBe('DECIDED');
      const c = await ok(await shuji.get(`/api/v1/cases/${caseId}`));
      expect(c.state).toBe(outcome === 'dispatch' ? 'DISPATCHED' : 'CLOSED');
      const caseAudit = await audits(caseId);
      expect(caseAudit).toContain(
        outcome === 'dispatch' ? 'case.deliberation_dispatch' : 'case.deliberation_close',
      );
    }
  });

  it('AS-11: the annual report counts 邻里纠纷 resolved through the council, by mode', async () => {
    const modes = ['plenary', 'visiting', 'door_to_door', 'online'];
    const rows = Array.from({ length: 64 }, (_, i) => ({
      districtId: D,
      communityId: wl.communityId,
      councilId: council.id,
      source: 'resident',
      category: i < 62 ? 'dispute' : 'parking',
      title: `纠纷${i}`,
      description: '邻里纠纷',
      nodeId: building.id,
      nodePath: sql`${building.path}::ltree`,
      proposerName: '居民',
      // 60 decided in 2020; one decided in 2021; one still deliberated; two parking topics.
      state:
        i === 61 ? 'DELIBERATED' : i % 3 === 0 ? 'ARCHIVED' : i % 3 === 1 ? 'FEEDBACK_PUBLISHED' : 'DECIDED',
      mode: modes[i % 4],
      createdAt: new Date(`2020-03-01T10:00:00+08:00`),
      decidedAt:
        i === 61
          ? null
          : i === 60
            ? new Date('2021-01-05T10:00:00+08:00')
            : new Date('2020-06-01T10:00:00+08:00'),
      publishedAt: i % 3 === 1 && i < 60 ? new Date('2020-03-11T10:00:00+08:00') : null,
    }));
    await t.db
      .insertInto('topic')
      .values(rows as never)
      .execute();
    const report = await ok(
      await shuji.get(`/api/v1/deliberation/report?communityId=${wl.communityId}&year=2020`),
    );
    expect(report.disputesResolved).toBe(60);
    expect(report.headline).toBe('2020 年协商议事会成功化解邻里矛盾 60 件');
    expect(report.disputesByMode).toEqual({ plenary: 15, visiting: 15, door_to_door: 15, online: 15 });
    expect(report.disputes).toHaveLength(60);
    expect(report.avgDaysToFeedback).toBe(10);
    expect(report.byState.DELIBERATED).toBe(1);
    expect(report.byMode.plenary).toBe(16);
    const y2021 = await ok(
      await shuji.get(`/api/v1/deliberation/report?communityId=${wl.communityId}&year=2021`),
    );
    expect(y2021.disputesResolved).toBe(1);
    expect(
      (await nobody.get(`/api/v1/deliberation/report?communityId=${wl.communityId}&year=2020`)).statusCode,
    ).toBe(403);
    expect(
      (await zhao.get(`/api/v1/deliberation/report?communityId=${wl.communityId}&year=2020`)).statusCode,
    ).toBe(404);
    expect((await shuji.get(`/api/v1/deliberation/report?communityId=${wl.communityId}`)).statusCode).toBe(
      400,
    );
  });

  it('isolation: other districts and outsiders see nothing; a resident sees only her own topics', async () => {
    const topic = await propose(wangge, '内部议题');
    expect((await zhao.get(`/api/v1/deliberation/topics/${topic.id}`)).statusCode).toBe(404);
    expect((await nobody.get(`/api/v1/deliberation/topics/${topic.id}`)).statusCode).toBe(404);
    expect((await faraway.get(`/api/v1/deliberation/topics/${topic.id}`)).statusCode).toBe(404);
    // A member of the women's council sees the community's topics.
    expect((await resident.get(`/api/v1/deliberation/topics/${topic.id}`)).statusCode).toBe(200);
    // Without a unit, a resident's topic concerns her own home.
    const own = await ok(
      await faraway.post('/api/v1/deliberation/topics', { title: '9栋停车位', description: '车位不足' }),
    );
    expect(own).toMatchObject({ source: 'resident', nodeName: '区政府小区9栋' });
    const noUnit = await nobody.post('/api/v1/deliberation/topics', { title: '无区域', description: 'x' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().fields).toHaveProperty('nodeId');
    // A 邻长 raises one about the building he serves without picking it.
    const byChief = await ok(
      await linzhang.post('/api/v1/deliberation/topics', { title: '1栋屋面', description: '漏雨' }),
    );
    expect(byChief).toMatchObject({ source: 'staff', nodeName: '区政府小区1栋' });
    const mine = await ok(await faraway.get('/api/v1/deliberation/topics'));
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([own.id]);
    expect((await ok(await zhao.get('/api/v1/deliberation/topics'))).items).toEqual([]);
    // 五里堆 is outside an outsider's scope, and another district's node does not exist for zhao.
    expect(
      (
        await nobody.post('/api/v1/deliberation/topics', {
          nodeId: building.id,
          title: 'x',
          description: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await zhao.post('/api/v1/deliberation/topics', { nodeId: building.id, title: 'x', description: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await zhao.post('/api/v1/deliberation/topics', {
          nodeId: xj.communityId,
          title: '',
          description: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await shuji.get('/api/v1/deliberation/topics/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });
});
