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

/**
 * AS-09 (research/domain.md §10): only 一栋 of 区政府小区 is in the roof-repair project; 邻长 刘平安 (二栋) raises
 * "将两栋都纳入改造", goes to hospital, his households are handed to 邻长 叶解香/蒲承丞/戴桂连 and his role to
 * 片长 阳瑶 (职责代理, she gets his notices meanwhile); the council decides, the work is done, and both buildings hear the result.
 */
describe('AS-09: roof repair through the council while the proposing 邻长 is handed over', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;
  const today = businessToday();

  // 五里堆 → 第二片区 → 区政府小区 → 一栋 (in the project) and 二栋 (not); 和谐小区 23栋 elsewhere in the 片区.
  const area = await givenNodeUnder(t.db, D, wl.communityId, 'area', '第二片区');
  const estate = await givenNodeUnder(t.db, D, area.id, 'estate', '区政府小区');
  const one = await givenNodeUnder(t.db, D, estate.id, 'building', '区政府小区一栋');
  const two = await givenNodeUnder(t.db, D, estate.id, 'building', '区政府小区二栋');
  const elsewhere = await givenNodeUnder(t.db, D, area.id, 'building', '和谐小区23栋');
  async function households(nodeId: string, prefix: string, n: number) {
    const list: { householdId: string; residentId: string }[] = [];
    for (let i = 1; i <= n; i++) {
      list.push(
        await givenHousehold(t.deps, {
          districtId: D,
          communityId: wl.communityId,
          nodeId,
          householdNo: `${prefix}-${i}`,
          address: `${prefix}${i}室`,
          headName: `${prefix}住户${i}`,
        }),
      );
    }
    return list;
  }
  const inOne = await households(one.id, '一栋', 4);
  const inTwo = await households(two.id, '二栋', 8);
  const [outside] = await households(elsewhere.id, '23栋', 1);

  const admin = await t.client().login('wang', PASSWORD);
  async function ok(res: Awaited<ReturnType<TestClient['get']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const staff = staffOf(admin);
  const { userIds: ids, position } = staff;
  for (const [username, displayName, residentId] of [
    ['shuji', '书记', undefined],
    ['yangyao', '阳瑶', undefined],
    ['liupingan', '刘平安', undefined],
    ['yexx', '叶解香', undefined],
    ['pucc', '蒲承丞', undefined],
    ['daigl', '戴桂连', undefined],
    ['r1', '一栋住户1', inOne[0]!.residentId],
    ['r2', '二栋住户1', inTwo[0]!.residentId],
    ['r3', '23栋住户1', outside!.residentId],
  ] as const) {
    await staff.user(username, displayName, residentId);
  }
  const link = (positionId: string, list: { householdId: string }[]) =>
    staff.link(
      positionId,
      list.map((h) => h.householdId),
    );
  const shujiPos = await position(wl.communityId, 'secretary', '书记', 'shuji');
  const yangPos = await position(area.id, 'area_chief', '阳瑶', 'yangyao');
  const liuPos = await position(two.id, 'neighbour_chief', '刘平安', 'liupingan');
  const yePos = await position(one.id, 'neighbour_chief', '叶解香', 'yexx');
  const puPos = await position(two.id, 'neighbour_chief', '蒲承丞', 'pucc');
  const daiPos = await position(one.id, 'neighbour_chief', '戴桂连', 'daigl');
  // Every household of the 小区 has exactly one 邻长: 刘平安 six in 二栋, 蒲承丞 two; 叶解香 and 戴桂连 two each in 一栋.
  const liuHouseholds = inTwo.slice(0, 6);
  await link(liuPos, liuHouseholds);
  await link(puPos, inTwo.slice(6));
  await link(yePos, inOne.slice(0, 2));
  await link(daiPos, inOne.slice(2));

  const shuji = await t.client().login('shuji', PASSWORD);
  const liu = await t.client().login('liupingan', PASSWORD);
  const yang = await t.client().login('yangyao', PASSWORD);
  const ye = await t.client().login('yexx', PASSWORD);
  const r2 = await t.client().login('r2', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  // 协商议事会 (召集人 = 书记): 叶解香 sits for the residents, as S4's 邻长 do.
  const council = await ok(
    await shuji.post('/api/v1/deliberation/councils', {
      communityId: wl.communityId,
      name: '协商议事会',
      leaderPositionId: shujiPos,
      members: [
        { name: '叶解香', party: 'resident_representative', userId: ids.yexx },
        { name: '业委会代表', party: 'owners_committee' },
        { name: '物业代表', party: 'property_management' },
        { name: '党员代表', party: 'party_representative' },
        { name: '居民代表', party: 'resident_representative' },
      ],
    }),
  );
  const act = (id: string, action: string, body: Record<string, unknown> = {}) =>
    shuji.post(`/api/v1/deliberation/topics/${id}/actions/${action}`, body);
  const noticed = async (id: string, event: string) =>
    (
      await t.db
        .selectFrom('notification')
        .select('recipientUserId')
        .where('districtId', '=', D)
        .where('entityId', '=', id)
        .where('event', '=', event)
        .execute()
    )
      .map((n) => n.recipientUserId)
      .sort();

  it('the topic goes from 刘平安’s proposal to published feedback for both buildings, with no coverage gap', async () => {
    // 刘平安 raises the topic about the whole 小区, so both buildings are the affected units.
    const raised = await ok(
      await liu.post('/api/v1/deliberation/topics', {
        nodeId: estate.id,
        category: 'facility',
        title: '将两栋都纳入改造',
        description: '屋面改造项目只含一栋，二栋屋面同样渗水，建议两栋都纳入改造',
      }),
    );
    expect(raised).toMatchObject({
      state: 'PROPOSED',
      source: 'staff',
      proposerName: '刘平安',
      nodeName: '区政府小区',
    });
    const id = raised.id as string;

    // He goes to hospital: 两委 hand his households to the three 邻长 and his role to 片长 阳瑶 (职责代理); a 片长
    // cannot take 邻长 households.
    const toChief = await shuji.post(`/api/v1/positions/${liuPos}/handover`, {
      to: [{ positionId: yangPos, householdIds: [liuHouseholds[0]!.householdId] }],
      from: today,
    });
    expect(toChief.statusCode).toBe(400);
    expect(toChief.json().fields['to.0.positionId']).toBe('只能移交给在任的邻长');
    const split = (from: number, to: number) => liuHouseholds.slice(from, to).map((h) => h.householdId);
    const handed = await ok(
      await shuji.post(`/api/v1/positions/${liuPos}/handover`, {
        to: [
          { positionId: yePos, householdIds: split(0, 2) },
          { positionId: puPos, householdIds: split(2, 4) },
          { positionId: daiPos, householdIds: split(4, 6) },
        ],
        from: today,
        reason: '住院治疗',
        deputyPositionId: yangPos,
      }),
    );
    expect(handed.uncoveredDuringHandover).toBe(0);
    expect(handed.deputy).toMatchObject({ deputyHolderName: '阳瑶', from: today, until: null });
    expect(
      handed.handoversOut
        .map((h: { toHolderName: string; householdCount: number }) => [h.toHolderName, h.householdCount])
        .sort(),
    ).toEqual([
      ['叶解香', 2],
      ['戴桂连', 2],
      ['蒲承丞', 2],
    ]);
    // 叶解香 now serves 刘平安’s households in 二栋 as well as her own in 一栋.
    const hers = await ok(await ye.get(`/api/v1/positions/${yePos}/households`));
    expect(hers.items.map((h: { coversHolderName: string | null }) => h.coversHolderName).sort()).toEqual(
      ['刘平安', '刘平安', null, null].sort(),
    );
    expect((await ye.get(`/api/v1/households/${liuHouseholds[0]!.householdId}`)).statusCode).toBe(200);

    // 片长 阳瑶 oversees the 小区: every household has a 邻长, none counted twice, and he follows the topic.
    const coverage = await ok(await yang.get(`/api/v1/organisation/coverage?nodeId=${estate.id}`));
    expect(coverage).toMatchObject({
      activeHouseholds: 12,
      linkedHouseholds: 12,
      percentage: 100,
      unlinkedCount: 0,
      linkedTwice: [],
    });
    expect(
      (await ok(await yang.get('/api/v1/deliberation/topics'))).items.map((x: { id: string }) => x.id),
    ).toContain(id);
    expect((await yang.post(`/api/v1/deliberation/topics/${id}/actions/accept`, {})).statusCode).toBe(403);

    // 两委 review it and put it to the council.
    expect((await ok(await act(id, 'accept', { councilId: council.id }))).state).toBe('ACCEPTED_FOR_AGENDA');
    // The proposer's notices reach 刘平安 and, while he is away, 阳瑶 acting for him.
    expect(await noticed(id, 'topic.accepted')).toEqual([ids.liupingan, ids.yangyao].sort());
    const yangInbox = await ok(await yang.get('/api/v1/notifications'));
    expect(yangInbox.items).toContainEqual(
      expect.objectContaining({ event: 'topic.accepted', title: expect.stringMatching(/^【代刘平安】/) }),
    );
    expect((await ok(await act(id, 'schedule', { mode: 'plenary' }))).state).toBe('SCHEDULED');
    const memberIds = council.members.map((m: { id: string }) => m.id) as string[];
    const recorded = await ok(
      await act(id, 'record', {
        attendance: memberIds.map((memberId, i) => ({
          memberId,
          present: i < 4,
          position: i === 0 ? '代刘平安所联系的二栋住户发言：同意' : i < 4 ? '同意' : undefined,
        })),
        note: '片长阳瑶介绍二栋渗水情况',
      }),
    );
    expect(recorded).toMatchObject({ state: 'DELIBERATED', deliberationNote: '片长阳瑶介绍二栋渗水情况' });
    const decided = await ok(
      await act(id, 'decide', { outcomeKind: 'consensus', passed: true, decision: '二栋一并纳入屋面改造' }),
    );
    expect(decided.decision).toMatchObject({
      memberCount: 5,
      presentCount: 4,
      quorumMet: true,
      passed: true,
    });
    const implementing = await ok(
      await act(id, 'implement', {
        items: [
          { description: '一栋屋面防水改造', implementer: '物业', deadline: addDays(today, 30) },
          {
            description: '二栋屋面防水改造',
            implementer: '物业（片长阳瑶协调）',
            deadline: addDays(today, 60),
          },
        ],
      }),
    );
    expect(implementing.state).toBe('IMPLEMENTING');
    for (const item of implementing.items as { id: string }[]) {
      await ok(
        await shuji.post(`/api/v1/deliberation/topics/${id}/items/${item.id}/done`, { note: '已完工' }),
      );
    }
    const published = await ok(await act(id, 'publish', { feedback: '两栋屋面改造均已完成，感谢各方' }));
    expect(published).toMatchObject({
      state: 'FEEDBACK_PUBLISHED',
      feedback: '两栋屋面改造均已完成，感谢各方',
    });

    // Residents of both buildings and every 邻长 serving them today (the stand-ins included) hear the result;
    // the 和谐小区 resident does not; 阳瑶 gets 刘平安's copy as his deputy.
    expect(await noticed(id, 'topic.published')).toEqual(
      [ids.r1, ids.r2, ids.liupingan, ids.yexx, ids.pucc, ids.daigl, ids.yangyao].sort(),
    );
    const inbox = await ok(await r2.get('/api/v1/notifications'));
    expect(inbox.items).toContainEqual(
      expect.objectContaining({
        event: 'topic.published',
        title: '议事结果公示：将两栋都纳入改造',
        body: '两栋屋面改造均已完成，感谢各方',
        link: `/deliberation/topics/${id}`,
      }),
    );
    expect((await ok(await yang.get(`/api/v1/deliberation/topics/${id}`))).feedback).toBe(
      '两栋屋面改造均已完成，感谢各方',
    );

    // The handover is still running, and the topic's record still belongs to 刘平安.
    expect((await ok(await shuji.get(`/api/v1/positions/${liuPos}`))).handoversOut).toHaveLength(3);
    expect((await ok(await liu.get(`/api/v1/deliberation/topics/${id}`))).proposerName).toBe('刘平安');
    const stored = await t.db
      .selectFrom('topic')
      .select(['proposerUserId', 'proposerName', 'nodeId'])
      .where('districtId', '=', D)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ proposerUserId: ids.liupingan, proposerName: '刘平安', nodeId: estate.id });
    const trail = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUserId'])
      .where('districtId', '=', D)
      .where((eb) => eb.or([eb('entityId', '=', id), eb('entityId', '=', liuPos)]))
      .where('action', 'in', ['topic.propose', 'position.handover', 'topic.decide', 'topic.publish'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(trail).toEqual([
      { action: 'topic.propose', actorUserId: ids.liupingan },
      { action: 'position.handover', actorUserId: ids.shuji },
      { action: 'topic.decide', actorUserId: ids.shuji },
      { action: 'topic.publish', actorUserId: ids.shuji },
    ]);

    // Another district sees neither the topic nor the handover.
    expect((await zhao.get(`/api/v1/deliberation/topics/${id}`)).statusCode).toBe(404);
    expect((await zhao.get(`/api/v1/positions/${liuPos}`)).statusCode).toBe(404);
  });
});
