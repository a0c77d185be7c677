import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { staffOf } from '../../../test/staff.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { type Duration, workingCalendar } from '../../platform/calendar/index.ts';
import { prepareResident } from '../people/index.ts';
import { insertNode, type TerritoryLevel } from '../territory/index.ts';

type Res = Awaited<ReturnType<TestClient['get']>>;

describe('cases: category catalogue and per-community time limits', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;

  async function pathOf(id: string) {
    const row = await t.db
      .selectFrom('territoryNode')
      .select(['parentId', sql<string>`path::text`.as('path')])
      .where('districtId', '=', D)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row;
  }
  async function node(parentId: string, level: TerritoryLevel, name: string) {
    const parent = await pathOf(parentId);
    const code = `${D}-T${Math.random().toString(36).slice(2, 10)}`;
    return insertNode(t.db, { districtId: D, parentId, parentPath: parent.path, level, code, name });
  }

  // A second community of the same district, under the same 街道: its committee must not see the first's limits.
  const subdistrictId = (await pathOf(wl.communityId)).parentId!;
  const other = await node(subdistrictId, 'community', '新村社区');
  const building = await node(wl.communityId, 'building', '和谐小区23栋');
  const h = await t.db
    .insertInto('household')
    .values({
      districtId: D,
      communityId: wl.communityId,
      nodeId: building.id,
      householdNo: 'H23-201',
      address: '和谐小区23栋201',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const prepared = prepareResident(
    { name: '李爷爷', phone: '13800001234', relationToHead: '本人' },
    t.deps.crypto,
  );
  if (!prepared.ok) throw new Error('bad resident');
  await t.db
    .insertInto('resident')
    .values({ districtId: D, householdId: h.id, ...prepared.values })
    .execute();

  const admin = await t.client().login('wang', PASSWORD);
  const staff = staffOf(admin);
  const { userIds } = staff;
  for (const [username, displayName] of [
    ['yucheng', '余成'],
    ['liangwei', '两委李华'],
    ['xincun', '新村两委'],
    ['nobody', '路人'],
  ] as [string, string][]) {
    await staff.user(username, displayName);
  }
  const { position } = staff;
  const chief = await position(building.id, 'neighbour_chief', '余成', 'yucheng');
  expect(
    (await admin.post(`/api/v1/positions/${chief}/households`, { householdIds: [h.id] })).statusCode,
  ).toBe(200);
  await position(wl.communityId, 'committee_member', '两委李华', 'liangwei');
  await position(other.id, 'committee_member', '新村两委', 'xincun');

  const yucheng = await t.client().login('yucheng', PASSWORD);
  const liangwei = await t.client().login('liangwei', PASSWORD);
  const xincun = await t.client().login('xincun', PASSWORD);
  const nobody = await t.client().login('nobody', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function ok(res: Res) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  function status(res: Res, code: number) {
    expect(res.statusCode, res.body).toBe(code);
    return res.json();
  }
  const settings = (client: TestClient, communityId?: string) =>
    client.get(`/api/v1/case-settings/categories${communityId ? `?communityId=${communityId}` : ''}`);
  const overrideUrl = (communityId: string, code: string) =>
    `/api/v1/case-settings/communities/${communityId}/categories/${code}`;
  const submit = (categoryCode: string, title = '楼道灯坏了') =>
    yucheng.post('/api/v1/cases', {
      title,
      description: `${title}，请尽快处理`,
      categoryCode,
      householdId: h.id,
    });
  const act = (client: TestClient, id: string, action: string, body: Record<string, unknown> = {}) =>
    client.post(`/api/v1/cases/${id}/actions/${action}`, body);
  const audit = (action: string, entityId: string, districtId = D) =>
    t.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'detail'])
      .where('districtId', '=', districtId)
      .where('action', '=', action)
      .where('entityId', '=', entityId)
      .execute();
  /** The server's `now` lies between the two instants; the calendar is monotone, so the due date does too. */
  function expectDueWithin(actual: string, from: Date, to: Date, add: (d: Date) => Date) {
    const at = new Date(actual).getTime();
    expect(at).toBeGreaterThanOrEqual(add(from).getTime());
    expect(at).toBeLessThanOrEqual(add(to).getTime());
  }
  const plus =
    (...steps: Duration[]) =>
    (d: Date) =>
      steps.reduce((acc, s) => workingCalendar.addDuration(acc, s), d);

  it('lists the tree with district limits; a committee member sees only her community and cannot edit', async () => {
    const body = await ok(await settings(liangwei, wl.communityId));
    expect(body).toMatchObject({ communityId: wl.communityId, canEditCatalogue: false });
    expect(body.communities).toEqual([{ id: wl.communityId, name: expect.any(String) }]);
    const leak = body.items.find((c: { code: string }) => c.code === 'repair.leak');
    expect(leak).toMatchObject({
      parentCode: 'repair',
      name: '房屋渗漏',
      defaultUrgency: 'urgent',
      isRetired: false,
      limits: { signLimitHours: 24, triageLimit: 1, triageUnit: 'working_days', handleLimit: 7 },
      override: null,
      effective: { signLimitHours: 24, handleLimit: 7, handleUnit: 'working_days' },
    });
    const adminView = await ok(await settings(admin));
    expect(adminView.canEditCatalogue).toBe(true);
    expect(adminView.communities.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([wl.communityId, other.id]),
    );
  });

  it('refuses callers without triage (403) and communities outside scope or district (404)', async () => {
    status(await settings(nobody), 403);
    status(
      await nobody.put(overrideUrl(wl.communityId, 'repair'), { handleLimit: 3, handleUnit: 'working_days' }),
      403,
    );
    status(await settings(liangwei, other.id), 404);
    status(await liangwei.put(overrideUrl(other.id, 'repair'), { signLimitHours: 2 }), 404);
    status(await xincun.put(overrideUrl(wl.communityId, 'repair'), { signLimitHours: 2 }), 404);
    // Another district's community and category codes do not exist from here.
    status(await zhao.put(overrideUrl(wl.communityId, 'repair'), { signLimitHours: 2 }), 404);
    status(await zhao.get(`/api/v1/case-settings/categories?communityId=${wl.communityId}`), 404);
    status(await admin.put(overrideUrl(wl.communityId, 'no_such'), { signLimitHours: 2 }), 404);
    status(await admin.patch('/api/v1/case-settings/categories/no_such', { name: '无' }), 404);
    // Two committee members of a community must not change the whole district's catalogue.
    const denied = status(
      await liangwei.post('/api/v1/case-settings/categories', {
        code: 'water',
        name: '供水',
        handleLimit: 3,
      }),
      403,
    );
    expect(denied.code).toBe('FORBIDDEN');
    status(await liangwei.patch('/api/v1/case-settings/categories/repair', { handleLimit: 1 }), 403);
    status(await liangwei.post('/api/v1/case-settings/categories/other/retire'), 403);
    expect(await t.db.selectFrom('caseLimitOverride').selectAll().execute()).toEqual([]);
    expect(
      await t.db.selectFrom('caseCategory').select('code').where('code', '=', 'water').execute(),
    ).toEqual([]);
  });

  it('rejects out-of-range limits and unpaired units with 400 naming the field', async () => {
    const sign = status(
      await admin.post('/api/v1/case-settings/categories', {
        code: 'water',
        name: '供水',
        signLimitHours: 0,
        handleLimit: 3,
      }),
      400,
    );
    expect(sign.fields).toHaveProperty('signLimitHours');
    const handle = status(
      await admin.post('/api/v1/case-settings/categories', { code: 'water', name: '供水', handleLimit: 61 }),
      400,
    );
    expect(handle.fields).toHaveProperty('handleLimit');
    const code = status(
      await admin.post('/api/v1/case-settings/categories', { code: 'Water!', name: '供水', handleLimit: 3 }),
      400,
    );
    expect(code.fields).toHaveProperty('code');
    status(await admin.patch('/api/v1/case-settings/categories/repair', { signLimitHours: 721 }), 400);
    status(
      await liangwei.put(overrideUrl(wl.communityId, 'repair'), {
        triageLimit: 0,
        triageUnit: 'working_hours',
      }),
      400,
    );
    const unpaired = status(
      await liangwei.put(overrideUrl(wl.communityId, 'repair'), { handleLimit: 3 }),
      400,
    );
    expect(unpaired.fields).toEqual({ handleUnit: '请选择办理时限的单位' });
    const parent = status(
      await admin.post('/api/v1/case-settings/categories', {
        code: 'water.pipe',
        parentCode: 'water',
        name: '水管',
        handleLimit: 3,
      }),
      400,
    );
    expect(parent.fields).toHaveProperty('parentCode');
  });

  it('a community override sets the due dates of new cases in that community, at intake and dispatch', async () => {
    const set = await ok(
      await liangwei.put(overrideUrl(wl.communityId, 'environment'), {
        signLimitHours: 4,
        triageLimit: 3,
        triageUnit: 'working_hours',
        handleLimit: 2,
        handleUnit: 'working_days',
      }),
    );
    expect(set).toMatchObject({
      code: 'environment',
      limits: { signLimitHours: 24, handleLimit: 7 },
      override: { signLimitHours: 4, triageLimit: 3, handleLimit: 2 },
      effective: {
        signLimitHours: 4,
        triageLimit: 3,
        triageUnit: 'working_hours',
        handleLimit: 2,
        handleUnit: 'working_days',
      },
    });
    const rows = await audit('case_limit_override.set', `${wl.communityId}:environment`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorUserId).toBe(userIds.liangwei);
    expect(rows[0]!.detail).toMatchObject({ communityId: wl.communityId, after: { handleLimit: 2 } });

    const sign: Duration = { amount: 4, unit: 'natural_hours' };
    const triage: Duration = { amount: 3, unit: 'working_hours' };
    const handle: Duration = { amount: 2, unit: 'working_days' };
    const from = new Date();
    const created = await ok(await submit('environment', '垃圾清运不及时'));
    const to = new Date();
    expectDueWithin(created.dueAt, from, to, plus(sign));
    expectDueWithin(created.overallDueAt, from, to, plus(sign, triage, handle));
    const stored = await t.db
      .selectFrom('case')
      .select(['handleLimit', 'handleUnit'])
      .where('districtId', '=', D)
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ handleLimit: 2, handleUnit: 'working_days' });

    await ok(await act(yucheng, created.id, 'sign'));
    const t1 = new Date();
    const triaging = await ok(await act(yucheng, created.id, 'pass_up'));
    expectDueWithin(triaging.dueAt, t1, new Date(), plus(triage));
    const t2 = new Date();
    const dispatched = await ok(await act(liangwei, created.id, 'dispatch', { handlerName: '环卫所' }));
    expectDueWithin(dispatched.dueAt, t2, new Date(), plus(handle));

    // The district default still applies where no override is set (category 'dispute': 7 working days).
    const f2 = new Date();
    const plain = await ok(await submit('dispute', '邻居噪音'));
    expectDueWithin(
      plain.overallDueAt,
      f2,
      new Date(),
      plus(
        { amount: 24, unit: 'natural_hours' },
        { amount: 1, unit: 'working_days' },
        { amount: 7, unit: 'working_days' },
      ),
    );
  });

  it('clearing an override restores the district default and is audited', async () => {
    await ok(await liangwei.put(overrideUrl(wl.communityId, 'parking'), { signLimitHours: 8 }));
    const cleared = await ok(await liangwei.delete(overrideUrl(wl.communityId, 'parking')));
    expect(cleared).toMatchObject({ override: null, effective: { signLimitHours: 24 } });
    expect(await audit('case_limit_override.clear', `${wl.communityId}:parking`)).toHaveLength(1);
    status(await liangwei.delete(overrideUrl(wl.communityId, 'parking')), 404);
    const from = new Date();
    const created = await ok(await submit('parking', '乱停车'));
    expectDueWithin(created.dueAt, from, new Date(), plus({ amount: 24, unit: 'natural_hours' }));
  });

  it('a new category is offered at intake and takes its default urgency and limits; duplicates are refused', async () => {
    const created = await ok(
      await admin.post('/api/v1/case-settings/categories', {
        code: 'water',
        name: '供水',
        defaultUrgency: 'urgent',
        signLimitHours: 12,
        handleLimit: 5,
        handleUnit: 'working_days',
      }),
    );
    expect(created).toMatchObject({
      code: 'water',
      isRetired: false,
      limits: { signLimitHours: 12, handleLimit: 5 },
    });
    expect(await audit('case_category.create', 'water')).toHaveLength(1);
    const child = await ok(
      await admin.post('/api/v1/case-settings/categories', {
        code: 'water.pipe',
        parentCode: 'water',
        name: '水管爆裂',
        handleLimit: 24,
        handleUnit: 'working_hours',
      }),
    );
    expect(child.parentCode).toBe('water');

    const offered = await ok(await yucheng.get('/api/v1/case-categories'));
    expect(offered.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'water', name: '供水', handleLimit: 5 })]),
    );
    const from = new Date();
    const filed = await ok(await submit('water', '停水三天'));
    expect(filed).toMatchObject({ categoryCode: 'water', categoryName: '供水', urgency: 'urgent' });
    expectDueWithin(filed.dueAt, from, new Date(), plus({ amount: 12, unit: 'natural_hours' }));

    const dup = status(
      await admin.post('/api/v1/case-settings/categories', { code: 'water', name: '自来水', handleLimit: 3 }),
      409,
    );
    expect(dup.code).toBe('CONFLICT');
    // The other district's catalogue is untouched.
    expect(
      (await ok(await zhao.get('/api/v1/case-categories'))).items.map((c: { code: string }) => c.code),
    ).not.toContain('water');
  });

  it('renames and re-limits a category for the district; the other district keeps its own', async () => {
    const updated = await ok(
      await admin.patch('/api/v1/case-settings/categories/dispute', { name: '邻里矛盾', handleLimit: 10 }),
    );
    expect(updated).toMatchObject({
      name: '邻里矛盾',
      limits: { handleLimit: 10 },
      effective: { handleLimit: 10 },
    });
    const rows = await audit('case_category.update', 'dispute');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatchObject({
      before: { name: '邻里纠纷', handleLimit: 7 },
      changes: { handleLimit: 10 },
    });

    const zhaoView = await ok(await settings(zhao));
    expect(zhaoView.items.find((c: { code: string }) => c.code === 'dispute')).toMatchObject({
      name: '邻里纠纷',
      limits: { handleLimit: 7 },
    });
    await ok(await zhao.patch('/api/v1/case-settings/categories/dispute', { handleLimit: 4 }));
    expect(await audit('case_category.update', 'dispute', xj.districtId)).toHaveLength(1);
    const mine = await ok(await settings(admin));
    expect(mine.items.find((c: { code: string }) => c.code === 'dispute').limits.handleLimit).toBe(10);
  });

  it('retires a category: not offered, refused at intake with a Chinese message, code never reused', async () => {
    const parent = status(await admin.post('/api/v1/case-settings/categories/water/retire'), 409);
    expect(parent.message).toContain('子类别');
    await ok(await admin.post('/api/v1/case-settings/categories/water.pipe/retire'));
    const retired = await ok(await admin.post('/api/v1/case-settings/categories/water/retire'));
    expect(retired).toMatchObject({ code: 'water', isRetired: true });
    expect(await audit('case_category.retire', 'water')).toHaveLength(1);
    status(await admin.post('/api/v1/case-settings/categories/water/retire'), 409);
    status(await admin.patch('/api/v1/case-settings/categories/water', { name: '供水服务' }), 409);
    status(await liangwei.put(overrideUrl(wl.communityId, 'water'), { signLimitHours: 2 }), 409);

    const offered = await ok(await yucheng.get('/api/v1/case-categories'));
    expect(offered.items.map((c: { code: string }) => c.code)).not.toContain('water');
    // Nor to the 12345 hotline through Open311.
    const hotline = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services.json?jurisdiction_id=${D}`,
    });
    expect(hotline.statusCode, hotline.body).toBe(200);
    const codes = hotline.json().map((s: { service_code: string }) => s.service_code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((c: string) => c.startsWith('water'))).toEqual([]);
    const refused = status(await submit('water', '又停水了'), 400);
    expect(refused.fields.categoryCode).toMatch(/供水.*已停用/);
    // The settings page still lists it, retired, for the cases filed under it.
    const all = await ok(await settings(admin));
    expect(all.items.find((c: { code: string }) => c.code === 'water')).toMatchObject({ isRetired: true });
    status(
      await admin.post('/api/v1/case-settings/categories', { code: 'water', name: '供水', handleLimit: 3 }),
      409,
    );
  });
});
