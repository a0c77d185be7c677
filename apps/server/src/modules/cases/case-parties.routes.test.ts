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

describe('AS-01: the upstairs household as the related party, told the outcome when the case closes', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;
  const building = await givenNodeUnder(t.db, D, wl.communityId, 'building', '和谐小区23栋');
  const household = (no: string, address: string, headName: string, communityId = wl.communityId) =>
    givenHousehold(t.deps, {
      districtId: D,
      communityId,
      nodeId: building.id,
      householdNo: no,
      address,
      headName,
      phone: '13800001234',
    });
  const li = await household('H23-201', '和谐小区23栋201', '李爷爷');
  const upstairs = await household('H23-301', '和谐小区23栋301', '王楼上');

  const admin = await t.client().login('wang', PASSWORD);
  const staff = staffOf(admin);
  await staff.user('yucheng', '余成');
  await staff.user('shuji', '书记');
  await staff.user('wangshang', '王楼上', upstairs.residentId);
  await staff.user('nobody', '路人');
  const yuchengPos = await staff.position(building.id, 'neighbour_chief', '余成', 'yucheng');
  await staff.link(yuchengPos, [li.householdId, upstairs.householdId]);
  await staff.position(wl.communityId, 'secretary', '书记', 'shuji');
  const yucheng = await t.client().login('yucheng', PASSWORD);
  const shuji = await t.client().login('shuji', PASSWORD);
  const nobody = await t.client().login('nobody', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function ok(res: Awaited<ReturnType<TestClient['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const related = (client: TestClient, id: string, householdId: string | null) =>
    client.request('PUT', `/api/v1/cases/${id}/related-party`, { householdId });

  it('余成 names the upstairs flat on his proxy case; the flat hears how it ended', async () => {
    const c = await ok(
      await yucheng.post('/api/v1/cases', {
        title: '楼上卫生间漏水',
        description: '楼上卫生间漏水，李爷爷家天花板受损，邻里有矛盾',
        categoryCode: 'repair',
        householdId: li.householdId,
        urgency: 'urgent',
      }),
    );
    expect(c.relatedHousehold).toBeNull();

    // Not the reporter's own flat, nor one outside the community; not for a stranger or another district.
    const own = await related(yucheng, c.id, li.householdId);
    expect([own.statusCode, own.json().fields?.householdId]).toEqual([400, '相关方不能是反映问题的住户本身']);
    expect((await related(yucheng, c.id, crypto.randomUUID())).statusCode).toBe(400);
    expect((await related(nobody, c.id, upstairs.householdId)).statusCode).toBe(404);
    expect((await related(zhao, c.id, upstairs.householdId)).statusCode).toBe(404);

    const named = await ok(await related(yucheng, c.id, upstairs.householdId));
    expect(named.relatedHousehold).toEqual({ householdId: upstairs.householdId, address: '和谐小区23栋301' });
    expect(named.timeline.at(-1)).toMatchObject({ action: 'related_party', note: '相关方：和谐小区23栋301' });
    // The 两委 see it too.
    expect((await ok(await shuji.get(`/api/v1/cases/${c.id}`))).relatedHousehold.householdId).toBe(
      upstairs.householdId,
    );

    await ok(await yucheng.post(`/api/v1/cases/${c.id}/actions/sign`, {}));
    await ok(
      await yucheng.post(`/api/v1/cases/${c.id}/actions/handle_locally`, { note: '已协调楼上修好防水' }),
    );
    const closed = await ok(
      await yucheng.post(`/api/v1/cases/${c.id}/rating`, { resolved: true, satisfaction: 5 }),
    );
    expect(closed.state).toBe('CLOSED');
    expect(closed.timeline.map((e: { action: string }) => e.action)).toContain('related_party_informed');
    const told = await t.db
      .selectFrom('notification')
      .select(['recipientUserId', 'title', 'body'])
      .where('districtId', '=', D)
      .where('entityId', '=', c.id)
      .where('event', '=', 'case.related_party_informed')
      .execute();
    // The upstairs resident's own account and his 邻长.
    expect(told.map((n) => n.recipientUserId).sort()).toEqual(
      [staff.userIds.wangshang, staff.userIds.yucheng].sort(),
    );
    expect(told[0]!.body).toContain('已协调楼上修好防水');
    // Once closed, the related party is fixed.
    expect((await related(yucheng, c.id, null)).statusCode).toBe(409);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', c.id)
      .where('action', '=', 'case.related_party')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
