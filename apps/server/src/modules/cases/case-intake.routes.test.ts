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
import type { TerritoryLevel } from '../territory/index.ts';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-fake-image-body-for-tests'),
]);

// Intake answers with the detail it built from what it wrote; it must be exactly what a re-read shows.
describe('case intake: the reply equals the case read back, routing and seeding', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;

  const node = (parentId: string, level: TerritoryLevel, name: string) =>
    givenNodeUnder(t.db, D, parentId, level, name);
  const household = (nodeId: string, no: string, address: string, headName: string) =>
    givenHousehold(t.deps, {
      districtId: D,
      communityId: wl.communityId,
      nodeId,
      householdNo: no,
      address,
      headName,
      phone: '13900005678',
    });

  const area = await node(wl.communityId, 'area', '第三片区');
  const group = await node(area.id, 'resident_group', '二组');
  const building = await node(group.id, 'building', '幸福里5栋');
  const linked = await household(building.id, 'X5-101', '幸福里5栋101', '陈阿姨');
  const unlinked = await household(group.id, 'G2-003', '二组3号', '孙大爷');

  const admin = await t.client().login('wang', PASSWORD);
  const staff = staffOf(admin);
  const { userIds } = staff;
  for (const [username, displayName] of [
    ['huzhang', '户长小吴'],
    ['linzhang', '邻长老郑'],
    ['wangge', '网格员小何'],
    ['areawangge', '片区网格员'],
    ['liangwei', '两委周敏'],
  ] as [string, string][]) {
    await staff.user(username, displayName);
  }
  const position = (nodeId: string, kind: string, holderName: string, username: string, phone?: string) =>
    staff.position(nodeId, kind, holderName, username, phone ? { phone } : {});
  const link = (positionId: string, householdId: string) => staff.link(positionId, [householdId]);
  // The 户长 is linked first, the 邻长 second: routing still prefers the 邻长.
  await link(await position(building.id, 'household_chief', '户长小吴', 'huzhang'), linked.householdId);
  await link(
    await position(building.id, 'neighbour_chief', '邻长老郑', 'linzhang', '13600001234'),
    linked.householdId,
  );
  // Two 网格员 above the unlinked household: the nearer one (at the group) takes it.
  await position(area.id, 'grid_worker', '片区网格员', 'areawangge');
  await position(group.id, 'grid_worker', '网格员小何', 'wangge');
  await position(wl.communityId, 'committee_member', '两委周敏', 'liangwei');
  const account = await admin.post('/api/v1/users', {
    username: 'chen',
    displayName: '陈阿姨',
    password: PASSWORD,
    residentId: linked.residentId,
  });
  expect(account.statusCode, account.body).toBe(200);
  userIds.chen = account.json().id;

  const chen = await t.client().login('chen', PASSWORD);
  const linzhang = await t.client().login('linzhang', PASSWORD);
  const liangwei = await t.client().login('liangwei', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function submitAndReread(client: TestClient, body: Record<string, unknown>) {
    const res = await client.post('/api/v1/cases', {
      title: '路灯坏了',
      description: '晚上看不清路',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    const reread = await client.get(`/api/v1/cases/${created.id}`);
    expect(reread.statusCode, reread.body).toBe(200);
    expect(created).toEqual(reread.json());
    return created;
  }
  const submitCount = async () =>
    (
      await t.db
        .selectFrom('caseEvent')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('districtId', '=', D)
        .where('action', '=', 'submit')
        .executeTakeFirstOrThrow()
    ).n;

  it('self-service: routed to the 邻长 before the 户长, both told, one event and one audit row', async () => {
    const events = await submitCount();
    const created = await submitAndReread(chen, { categoryCode: 'environment' });
    expect(created).toMatchObject({
      channel: 'resident_app',
      reporterName: '陈阿姨',
      proxyName: null,
      assigneeName: '邻长老郑',
      contactPhone: '139****5678',
      address: '幸福里5栋101',
      myRoles: ['reporter'],
    });
    expect(await submitCount()).toBe(Number(events) + 1);
    expect(created.caseNo).toMatch(/^.+-\d{8}-\d{4}$/);
    const notes = await t.db
      .selectFrom('notification')
      .select(['id', 'recipientUserId', 'title', 'body'])
      .where('districtId', '=', D)
      .where('entityId', '=', created.id)
      .orderBy('title')
      .execute();
    expect(notes.map(({ id: _, ...n }) => n)).toEqual([
      {
        recipientUserId: userIds.linzhang,
        title: '新诉求待签收：路灯坏了',
        body: `幸福里5栋101，编号 ${created.caseNo}，请在时限内签收。`,
      },
      {
        recipientUserId: userIds.chen,
        title: `诉求已登记，编号 ${created.caseNo}`,
        body: '“路灯坏了”已登记，可凭编号查看办理进度。',
      },
    ]);
    // Only the 邻长's position has a phone: one SMS, naming the case number the statement drew.
    const sms = await t.db
      .selectFrom('outboxMessage')
      .select(['notificationId', 'recipientUserId', 'recipientMasked', 'body'])
      .where('districtId', '=', D)
      .where(
        'notificationId',
        'in',
        notes.map((n) => n.id),
      )
      .execute();
    expect(sms).toEqual([
      {
        notificationId: notes[0]!.id,
        recipientUserId: userIds.linzhang,
        recipientMasked: '136****1234',
        body: `【共治】新诉求待签收：路灯坏了：幸福里5栋101，编号 ${created.caseNo}，请在时限内签收。`,
      },
    ]);
    const audits = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUserId', 'detail'])
      .where('districtId', '=', D)
      .where('entityId', '=', created.id)
      .execute();
    expect(audits).toEqual([
      {
        action: 'case.submit',
        actorUserId: userIds.chen,
        detail: {
          caseNo: created.caseNo,
          channel: 'resident_app',
          categoryCode: 'environment',
          proxy: false,
        },
      },
    ]);
  });

  it('a photo that is not the caller’s files nothing and uses no case number', async () => {
    const first = await submitAndReread(chen, { categoryCode: 'environment' });
    const cases = async () =>
      (
        await t.db
          .selectFrom('case')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('districtId', '=', D)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await cases();
    const refused = await chen.post('/api/v1/cases', {
      title: '路灯坏了',
      description: '晚上看不清路',
      categoryCode: 'environment',
      attachmentIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().fields.attachmentIds).toBe('照片不存在或已用于其他诉求，请重新上传');
    expect(await cases()).toBe(before);
    const next = await submitAndReread(chen, { categoryCode: 'environment' });
    const seq = (caseNo: string) => Number(caseNo.split('-').at(-1));
    expect(seq(next.caseNo)).toBe(seq(first.caseNo) + 1);
  });

  it('proxy by the 邻长 with a photo, a contact phone and a named reporter', async () => {
    const { body, headers } = {
      body: Buffer.concat([
        Buffer.from(
          '--b\r\nContent-Disposition: form-data; name="file"; filename="lamp.png"\r\nContent-Type: image/png\r\n\r\n',
        ),
        PNG,
        Buffer.from('\r\n--b--\r\n'),
      ]),
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    };
    const up = await linzhang.request('POST', '/api/v1/case-attachments', body, headers);
    expect(up.statusCode, up.body).toBe(200);
    const created = await submitAndReread(linzhang, {
      categoryCode: 'facility',
      reporterResidentId: linked.residentId,
      contactName: '陈阿姨女儿',
      contactPhone: '137 0000 1111',
      attachmentIds: [up.json().id],
    });
    expect(created).toMatchObject({
      channel: 'proxy',
      reporterName: '陈阿姨',
      proxyName: '邻长老郑',
      contactName: '陈阿姨女儿',
      contactPhone: '137****1111',
    });
    expect(created.timeline[0].attachments).toHaveLength(1);
    expect(created.attachments).toHaveLength(1);
  });

  it('staff intake for an unlinked household goes to the nearest 网格员; a public place has no household', async () => {
    const home = await submitAndReread(liangwei, {
      categoryCode: 'consultation',
      householdId: unlinked.householdId,
      channel: 'phone',
    });
    expect(home).toMatchObject({ channel: 'phone', reporterName: '孙大爷', assigneeName: '网格员小何' });
    const place = await submitAndReread(liangwei, { categoryCode: 'facility', nodeId: group.id });
    expect(place).toMatchObject({
      householdId: null,
      reporterName: null,
      address: '二组',
      assigneeName: '网格员小何',
    });
  });

  it('seeds the default categories on a district’s first intake, and still refuses an unknown code', async () => {
    const before = await t.db
      .selectFrom('caseCategory')
      .select('code')
      .where('districtId', '=', xj.districtId)
      .execute();
    expect(before).toEqual([]);
    const created = await submitAndReread(zhao, { categoryCode: 'repair', nodeId: xj.communityId });
    expect(created).toMatchObject({ categoryCode: 'repair', categoryName: '房屋维修' });
    const unknown = await zhao.post('/api/v1/cases', {
      title: '测试',
      description: '测试',
      categoryCode: 'no_such',
      nodeId: xj.communityId,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields.categoryCode).toBe('问题类别不存在，请重新选择');
  });
});
