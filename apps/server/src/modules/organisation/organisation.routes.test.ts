import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp } from '../../../test/test-app.ts';
import { prepareResident } from '../people/index.ts';
import { insertNode, type TerritoryLevel } from '../territory/index.ts';
import { addDays, businessToday } from './validity.ts';

describe('organisation: positions, 联户, span, coverage, handover, party', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;
  const today = businessToday();
  const yesterday = addDays(today, -1);

  async function node(districtId: string, parentId: string, level: TerritoryLevel, name: string) {
    const parent = await t.db
      .selectFrom('territoryNode')
      .select([sql<string>`path::text`.as('path')])
      .where('districtId', '=', districtId)
      .where('id', '=', parentId)
      .executeTakeFirstOrThrow();
    const code = `${districtId}-T${Math.random().toString(36).slice(2, 10)}`;
    return insertNode(t.db, { districtId, parentId, parentPath: parent.path, level, code, name });
  }

  /** `n` households at a node, each with a head resident whose phone is 13800001234. */
  async function households(
    districtId: string,
    communityId: string,
    nodeId: string,
    prefix: string,
    n: number,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) {
      const no = `${prefix}-${String(i).padStart(3, '0')}`;
      const h = await t.db
        .insertInto('household')
        .values({ districtId, communityId, nodeId, householdNo: no, address: `${prefix}${i}号` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const prepared = prepareResident(
        { name: `户主${prefix}${i}`, phone: '13800001234', relationToHead: '本人' },
        t.deps.crypto,
      );
      if (!prepared.ok) throw new Error('bad resident');
      const r = await t.db
        .insertInto('resident')
        .values({ districtId, householdId: h.id, ...prepared.values })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .updateTable('household')
        .set({ headResidentId: r.id })
        .where('districtId', '=', districtId)
        .where('id', '=', h.id)
        .execute();
      ids.push(h.id);
    }
    return ids;
  }

  // 五里堆: 第二片区 → 一组 (区政府小区一栋 inside it) and 二组; 42 households.
  const area = await node(D, wl.communityId, 'area', '第二片区');
  const group1 = await node(D, area.id, 'resident_group', '一组');
  const group2 = await node(D, area.id, 'resident_group', '二组');
  const building = await node(D, group1.id, 'building', '区政府小区一栋');
  const hb = await households(D, wl.communityId, building.id, 'A', 10);
  const h1 = await households(D, wl.communityId, group1.id, 'B', 14);
  const h2 = await households(D, wl.communityId, group2.id, 'C', 18);
  const xjHouse = await households(xj.districtId, xj.communityId, xj.communityId, 'X', 1);

  const admin = await t.client().login('wang', PASSWORD);
  for (const [username, displayName] of [
    ['lihua', '李华'],
    ['zhouwg', '周网格'],
    ['liupingan', '刘平安'],
    ['yexx', '叶解香'],
    ['g2worker', '二组工作者'],
  ]) {
    expect(
      (await admin.post('/api/v1/users', { username, displayName, password: PASSWORD })).statusCode,
    ).toBe(200);
  }
  const userId = async (username: string) =>
    (await t.db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;

  async function createPosition(client: typeof admin, body: Record<string, unknown>) {
    const res = await client.post('/api/v1/positions', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; householdCount: number; span: { warning: string | null } };
  }

  // 两委委员 李华 over the whole community does the organisation work; 周网格 is a grid worker (view only).
  await createPosition(admin, {
    nodeId: wl.communityId,
    kind: 'committee_member',
    holderName: '李华',
    holderUserId: await userId('lihua'),
  });
  await createPosition(admin, {
    nodeId: area.id,
    kind: 'grid_worker',
    holderName: '周网格',
    holderUserId: await userId('zhouwg'),
  });
  await createPosition(admin, {
    nodeId: group2.id,
    kind: 'committee_member',
    holderName: '二组工作者',
    holderUserId: await userId('g2worker'),
  });
  const lihua = await t.client().login('lihua', PASSWORD);

  it('creates a 片长 with an encrypted, masked phone and audits it; bad input names the field', async () => {
    const res = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'area_chief',
      holderName: '阳瑶',
      identity: '社区工作者',
      phone: '13912345678',
      origin: 'appointed',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      kindLabel: '片长',
      nodeName: '第二片区',
      phoneMasked: '139****5678',
      isActive: true,
      householdCount: 0,
      validFrom: today,
    });
    expect(JSON.stringify(body)).not.toContain('13912345678');
    const row = await t.db
      .selectFrom('position')
      .select(['phoneEnc'])
      .where('districtId', '=', D)
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(t.deps.crypto.decrypt(row.phoneEnc!)).toBe('13912345678');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorName'])
      .where('entityId', '=', body.id)
      .execute();
    expect(audit).toEqual([{ action: 'position.create', actorName: '李华' }]);

    const badPhone = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'area_chief',
      holderName: '阳瑶',
      phone: '12345',
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().fields.phone).toBeTruthy();
    const badKind = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'emperor',
      holderName: '阳瑶',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().fields.kind).toBeTruthy();
    const foreignResident = await t.db
      .selectFrom('resident')
      .select('id')
      .where('districtId', '=', xj.districtId)
      .executeTakeFirstOrThrow();
    const badResident = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'area_chief',
      holderName: '阳瑶',
      holderResidentId: foreignResident.id,
    });
    expect(badResident.statusCode).toBe(400);
    expect(badResident.json().fields.holderResidentId).toBeTruthy();
  });

  it('lets only an admin grant 系统管理员, and nobody grant more than he holds', async () => {
    const asAdmin = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'admin',
      holderName: '某人',
    });
    expect(asAdmin.statusCode).toBe(403);
    const secretary = await lihua.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'secretary',
      holderName: '某人',
      holderUserId: await userId('zhouwg'),
    });
    expect(secretary.statusCode).toBe(403);
    const ok = await admin.post('/api/v1/positions', {
      nodeId: area.id,
      kind: 'admin',
      holderName: '某管理员',
      validFrom: '2025-01-01',
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await admin.post(`/api/v1/positions/${ok.json().id}/end`, { validTo: yesterday })).json().isActive,
    ).toBe(false);
    const denied = await t.db
      .selectFrom('auditLog')
      .select('outcome')
      .where('actorName', '=', '李华')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBe(2);
  });

  // AS-12 in small: 2 组长, 4 邻长 holding 3, 5, 15 and 16 households.
  const chiefs: Record<string, string> = {};
  it('assigns households with span warnings for 3 and 16, never errors', async () => {
    chiefs.group1 = (
      await createPosition(lihua, { nodeId: group1.id, kind: 'group_chief', holderName: '一组组长' })
    ).id;
    chiefs.group2 = (
      await createPosition(lihua, { nodeId: group2.id, kind: 'group_chief', holderName: '二组组长' })
    ).id;
    for (const [key, nodeId, name] of [
      ['n3', group1.id, '余成'],
      ['n5', group1.id, '刘平安'],
      ['n15', group2.id, '蒲承丞'],
      ['n16', area.id, '戴桂连'],
    ] as const) {
      chiefs[key] = (
        await createPosition(lihua, {
          nodeId,
          kind: 'neighbour_chief',
          holderName: name,
          identity: '党员',
          origin: 'self_nominated',
        })
      ).id;
    }
    const plan: [string, string[]][] = [
      ['n3', hb.slice(0, 3)],
      ['n5', hb.slice(3, 8)],
      ['n15', h2.slice(0, 15)],
      ['n16', [...hb.slice(8, 10), ...h1]],
    ];
    const spans: Record<string, unknown> = {};
    for (const [key, ids] of plan) {
      const res = await lihua.post(`/api/v1/positions/${chiefs[key]}/households`, { householdIds: ids });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ linked: ids.length, unchanged: 0, moved: [] });
      spans[key] = res.json().span;
    }
    expect(spans.n3).toMatchObject({
      householdCount: 3,
      status: 'below',
      minHouseholds: 5,
      maxHouseholds: 15,
      warning: '邻长余成现联系 3 户，少于规定的 5–15 户',
    });
    expect(spans.n5).toMatchObject({ householdCount: 5, status: 'within', warning: null });
    expect(spans.n15).toMatchObject({ householdCount: 15, status: 'within', warning: null });
    expect(spans.n16).toMatchObject({
      householdCount: 16,
      status: 'above',
      warning: '邻长戴桂连现联系 16 户，超出规定的 5–15 户',
    });
    const rows = await t.db
      .selectFrom('householdLink')
      .select(['positionId'])
      .where('districtId', '=', D)
      .where('validTo', 'is', null)
      .execute();
    expect(rows.length).toBe(39);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('entityId', '=', chiefs.n3!)
      .where('action', '=', 'position.assign_households')
      .execute();
    expect((audit[0]!.detail as { householdIds: string[] }).householdIds).toEqual(hb.slice(0, 3));

    const detail = await lihua.get(`/api/v1/positions/${chiefs.n16}`);
    expect(detail.json()).toMatchObject({
      householdCount: 16,
      span: { status: 'above' },
      handoversOut: [],
      handoversIn: [],
      deputy: null,
      deputyFor: [],
    });
  });

  it('reports coverage with the unlinked households, then 100 % once all are linked', async () => {
    const res = await lihua.get(`/api/v1/organisation/coverage?nodeId=${area.id}&kind=neighbour_chief`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      activeHouseholds: 42,
      linkedHouseholds: 39,
      percentage: 92.8,
      unlinkedCount: 3,
      linkedTwice: [],
    });
    expect(report.unlinked.map((h: { householdNo: string }) => h.householdNo)).toEqual([
      'C-016',
      'C-017',
      'C-018',
    ]);
    expect(
      report.chiefsOutsideSpan.map((c: { holderName: string; status: string }) => [c.holderName, c.status]),
    ).toEqual([
      ['戴桂连', 'above'],
      ['余成', 'below'],
    ]);
    expect(report.byKind).toEqual([
      {
        kind: 'neighbour_chief',
        kindLabel: '邻长',
        activeHouseholds: 42,
        linkedHouseholds: 39,
        percentage: 92.8,
        chiefCount: 4,
      },
      {
        kind: 'group_chief',
        kindLabel: '组长',
        activeHouseholds: 42,
        linkedHouseholds: 0,
        percentage: 0,
        chiefCount: 2,
      },
    ]);
    // The grid worker may read the report; a 组 report only counts that 组's households.
    const zhou = await t.client().login('zhouwg', PASSWORD);
    const g2 = await zhou.get(`/api/v1/organisation/coverage?nodeId=${group2.id}`);
    expect(g2.json()).toMatchObject({ activeHouseholds: 18, linkedHouseholds: 15, unlinkedCount: 3 });

    await lihua.post(`/api/v1/positions/${chiefs.n15}/households`, { householdIds: h2.slice(15) });
    const full = (await lihua.get(`/api/v1/organisation/coverage?nodeId=${area.id}`)).json();
    expect(full).toMatchObject({ linkedHouseholds: 42, percentage: 100, unlinked: [], unlinkedCount: 0 });
    expect(
      full.chiefsOutsideSpan.map((c: { holderName: string; householdCount: number }) => [
        c.holderName,
        c.householdCount,
      ]),
    ).toEqual([
      ['戴桂连', 16],
      ['蒲承丞', 18],
      ['余成', 3],
    ]);
  });

  it('moves a household between two 邻长, ending the old link the day before', async () => {
    // An older link of 余成's, so that the move ends it rather than deleting a link made today.
    const [old] = hb;
    await t.db
      .updateTable('householdLink')
      .set({ validFrom: '2025-01-01' })
      .where('districtId', '=', D)
      .where('householdId', '=', old!)
      .execute();
    const res = await lihua.post(`/api/v1/positions/${chiefs.n5}/households`, { householdIds: [old] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      linked: 1,
      moved: [{ householdId: old, fromPositionId: chiefs.n3, fromHolderName: '余成' }],
      span: { householdCount: 6 },
    });
    const links = await t.db
      .selectFrom('householdLink')
      .select(['positionId', 'validFrom', 'validTo'])
      .where('districtId', '=', D)
      .where('householdId', '=', old!)
      .orderBy('validFrom')
      .execute();
    expect(links).toEqual([
      { positionId: chiefs.n3, validFrom: '2025-01-01', validTo: yesterday },
      { positionId: chiefs.n5, validFrom: today, validTo: null },
    ]);
    // Linking again to the same chief changes nothing.
    const again = await lihua.post(`/api/v1/positions/${chiefs.n5}/households`, { householdIds: [old] });
    expect(again.json()).toMatchObject({ linked: 0, unchanged: 1, moved: [] });
    // A link made today and moved today never held: it is removed, not left as a zero-day record.
    const second = hb[1]!;
    await lihua.post(`/api/v1/positions/${chiefs.n5}/households`, { householdIds: [second] });
    const secondLinks = await t.db
      .selectFrom('householdLink')
      .select('positionId')
      .where('districtId', '=', D)
      .where('householdId', '=', second)
      .execute();
    expect(secondLinks).toEqual([{ positionId: chiefs.n5 }]);
    // keepExisting links a household twice at one level, which the coverage report lists.
    const kept = await lihua.post(`/api/v1/positions/${chiefs.n3}/households`, {
      householdIds: [second],
      keepExisting: true,
    });
    expect(kept.json()).toMatchObject({ linked: 1, moved: [] });
    const report = (await lihua.get(`/api/v1/organisation/coverage?nodeId=${area.id}`)).json();
    expect(report.linkedTwice).toEqual([
      expect.objectContaining({
        householdId: second,
        householdNo: 'A-002',
        positions: expect.arrayContaining([{ positionId: chiefs.n3, holderName: '余成' }]),
      }),
    ]);
    expect(report.linkedHouseholds).toBe(42);
  });

  it('refuses households outside the chief’s node, naming the household; unassigns and lists', async () => {
    const outside = await lihua.post(`/api/v1/positions/${chiefs.n3}/households`, {
      householdIds: [hb[2], h2[0]],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields['householdIds.1']).toBe('住户 C-001 不在一组范围内');
    const foreign = await lihua.post(`/api/v1/positions/${chiefs.n3}/households`, { householdIds: xjHouse });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().fields['householdIds.0']).toContain(xjHouse[0]);
    const tooMany = await lihua.post(`/api/v1/positions/${chiefs.n3}/households`, {
      householdIds: Array.from({ length: 501 }, () => hb[0]),
    });
    expect(tooMany.statusCode).toBe(400);

    const list = await lihua.get(`/api/v1/positions/${chiefs.n3}/households`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((h: { householdNo: string }) => h.householdNo)).toEqual(['A-002', 'A-003']);
    expect(list.json().items[0]).toMatchObject({
      headName: '户主A2',
      headPhoneMasked: '138****1234',
      memberCount: 1,
      coversPositionId: null,
    });

    const del = await lihua.delete(`/api/v1/positions/${chiefs.n3}/households/${hb[1]}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().span).toMatchObject({ householdCount: 1, status: 'below' });
    expect((await lihua.delete(`/api/v1/positions/${chiefs.n3}/households/${hb[1]}`)).statusCode).toBe(404);
    const actions = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', chiefs.n3!)
      .where('action', '=', 'position.unassign_household')
      .execute();
    expect(actions.length).toBe(1);
  });

  it('offers as candidates the households of the chief’s node not yet linked at that kind', async () => {
    const ended = await lihua.delete(`/api/v1/positions/${chiefs.n16}/households/${h1[13]}`);
    expect(ended.statusCode).toBe(200);
    const res = await lihua.get(`/api/v1/positions/${chiefs.n3}/candidates`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        householdId: h1[13],
        householdNo: 'B-014',
        nodeName: '一组',
        headName: '户主B14',
        memberCount: 1,
      }),
    ]);
    const none = await lihua.get(
      `/api/v1/positions/${chiefs.n3}/candidates?q=${encodeURIComponent('不存在')}`,
    );
    expect(none.json().items).toEqual([]);
    const page = await lihua.get(`/api/v1/positions/${chiefs.group1}/candidates?limit=10`);
    expect(page.json().items.length).toBe(10);
    const next = await lihua.get(
      `/api/v1/positions/${chiefs.group1}/candidates?limit=10&cursor=${page.json().nextCursor}`,
    );
    expect(next.json().items.length).toBe(10);
    expect(next.json().items[0].householdNo > page.json().items[9].householdNo).toBe(true);
    expect(
      (await lihua.get(`/api/v1/positions/${chiefs.group1}/candidates?cursor=nonsense`)).statusCode,
    ).toBe(400);
    await lihua.post(`/api/v1/positions/${chiefs.n16}/households`, { householdIds: [h1[13]] });
  });

  it('AS-09: hands 刘平安’s households to three 邻长 without a gap, then ends the handover', async () => {
    const ye = await createPosition(lihua, {
      nodeId: group1.id,
      kind: 'neighbour_chief',
      holderName: '叶解香',
      holderUserId: await userId('yexx'),
    });
    const liu = chiefs.n5!;
    const mine = (await lihua.get(`/api/v1/positions/${liu}/households`))
      .json()
      .items.map((h: { householdId: string }) => h.householdId) as string[];
    expect(mine.length).toBe(7);
    const to = [
      { positionId: ye.id, householdIds: mine.slice(0, 3) },
      { positionId: chiefs.n3, householdIds: mine.slice(3, 5) },
      { positionId: chiefs.n16, householdIds: mine.slice(5) },
    ];
    const notHis = await lihua.post(`/api/v1/positions/${liu}/handover`, {
      to: [{ positionId: ye.id, householdIds: [h2[0]] }],
      from: yesterday,
    });
    expect(notHis.statusCode).toBe(400);
    expect(notHis.json().fields['to.0.householdIds.0']).toContain('不由邻长刘平安联系');
    const toGroupChief = await lihua.post(`/api/v1/positions/${liu}/handover`, {
      to: [{ positionId: chiefs.group1, householdIds: mine.slice(0, 1) }],
      from: yesterday,
    });
    expect(toGroupChief.json().fields['to.0.positionId']).toBe('只能移交给在任的邻长');
    // His role may go to the 组长 above him (职责代理), not to another 邻长 nor to the 组长 of another group.
    for (const [deputyPositionId, message] of [
      [chiefs.n3, '职责代理人应为在任的片长或组长'],
      [chiefs.group2, '职责代理人应负责邻长刘平安所在的片区或小组'],
    ]) {
      const bad = await lihua.post(`/api/v1/positions/${liu}/handover`, {
        to,
        from: yesterday,
        deputyPositionId,
      });
      expect(bad.json().fields?.deputyPositionId).toBe(message);
    }

    const res = await lihua.post(`/api/v1/positions/${liu}/handover`, {
      to,
      from: yesterday,
      reason: '赴广州治疗',
      deputyPositionId: chiefs.group1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.deputy).toEqual({
      positionId: liu,
      holderName: '刘平安',
      deputyPositionId: chiefs.group1,
      deputyHolderName: '一组组长',
      from: yesterday,
      until: null,
    });
    expect((await lihua.get(`/api/v1/positions/${chiefs.group1}`)).json().deputyFor).toEqual([detail.deputy]);
    expect(detail.householdCount).toBe(7);
    expect(detail.uncoveredDuringHandover).toBe(0);
    expect(
      detail.handoversOut
        .map((h: { toHolderName: string; householdCount: number; from: string; until: string | null }) => [
          h.toHolderName,
          h.householdCount,
          h.from,
          h.until,
        ])
        .sort(),
    ).toEqual([
      ['余成', 2, yesterday, null],
      ['叶解香', 3, yesterday, null],
      ['戴桂连', 2, yesterday, null],
    ]);
    const temp = await t.db
      .selectFrom('householdLink')
      .select(['positionId', 'validTo'])
      .where('districtId', '=', D)
      .where('coversPositionId', '=', liu)
      .execute();
    expect(temp.length).toBe(7);
    const own = await t.db
      .selectFrom('householdLink')
      .select('id')
      .where('districtId', '=', D)
      .where('positionId', '=', liu)
      .where('validTo', 'is', null)
      .execute();
    expect(own.length).toBe(7);

    // Coverage counts each household once and lists no double links for the stand-ins.
    const report = (await lihua.get(`/api/v1/organisation/coverage?nodeId=${area.id}`)).json();
    expect(report).toMatchObject({ linkedHouseholds: 42, percentage: 100 });
    expect(report.linkedTwice).toEqual([]);

    // 叶解香 logs in and sees her position, with the households she stands in for.
    const yeClient = await t.client().login('yexx', PASSWORD);
    const hers = await yeClient.get(`/api/v1/positions/${ye.id}/households`);
    expect(hers.statusCode, hers.body).toBe(200);
    expect(hers.json().items.map((h: { coversHolderName: string }) => h.coversHolderName)).toEqual([
      '刘平安',
      '刘平安',
      '刘平安',
    ]);
    const yeDetail = (await yeClient.get(`/api/v1/positions/${ye.id}`)).json();
    expect(yeDetail.handoversIn).toEqual([
      expect.objectContaining({ fromHolderName: '刘平安', householdCount: 3 }),
    ]);
    expect(yeDetail.householdCount).toBe(0);
    expect((await yeClient.get(`/api/v1/households/${mine[0]}`)).statusCode).toBe(200);
    expect((await yeClient.get(`/api/v1/positions/${liu}`)).statusCode).toBe(404);
    expect(
      (await yeClient.post(`/api/v1/positions/${ye.id}/households`, { householdIds: [hb[0]] })).statusCode,
    ).toBe(403);

    const end = await lihua.post(`/api/v1/positions/${liu}/handover/end`, {});
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().handoversOut).toEqual([]);
    expect(end.json().deputy).toBeNull();
    expect((await lihua.get(`/api/v1/positions/${chiefs.group1}`)).json().deputyFor).toEqual([]);
    const after = await t.db
      .selectFrom('householdLink')
      .select('validTo')
      .where('districtId', '=', D)
      .where('coversPositionId', '=', liu)
      .execute();
    expect(after.map((l) => l.validTo)).toEqual(Array(7).fill(yesterday));
    expect((await lihua.post(`/api/v1/positions/${liu}/handover/end`, {})).statusCode).toBe(404);
    expect((await yeClient.get(`/api/v1/households/${mine[0]}`)).statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'reason'])
      .where('entityId', '=', liu)
      .where('action', 'like', 'position.handover%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'position.handover', reason: '赴广州治疗' },
      { action: 'position.handover_end', reason: null },
    ]);
  });

  it('ends a position with its links on the same day', async () => {
    const p = await createPosition(lihua, {
      nodeId: group2.id,
      kind: 'household_chief',
      holderName: '临时户长',
      validFrom: '2025-06-01',
    });
    await lihua.post(`/api/v1/positions/${p.id}/households`, {
      householdIds: h2.slice(0, 2),
      validFrom: '2025-06-01',
    });
    const early = await lihua.post(`/api/v1/positions/${p.id}/end`, { validTo: '2025-05-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields.validTo).toBeTruthy();
    const res = await lihua.post(`/api/v1/positions/${p.id}/end`, { validTo: today, reason: '换届' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ validTo: today, isActive: true });
    const links = await t.db
      .selectFrom('householdLink')
      .select('validTo')
      .where('districtId', '=', D)
      .where('positionId', '=', p.id)
      .execute();
    expect(links.map((l) => l.validTo)).toEqual([today, today]);
    expect((await lihua.post(`/api/v1/positions/${p.id}/end`, {})).statusCode).toBe(409);
    const patched = await lihua.patch(`/api/v1/positions/${p.id}`, { holderName: '临时户长甲', phone: null });
    expect(patched.json()).toMatchObject({ holderName: '临时户长甲', phoneMasked: null });
  });

  it('lists positions in a subtree, active ones by kind, paginated', async () => {
    const all = await lihua.get(`/api/v1/positions?nodeId=${area.id}&kind=neighbour_chief`);
    expect(all.statusCode, all.body).toBe(200);
    expect(
      all
        .json()
        .items.map((p: { holderName: string }) => p.holderName)
        .sort(),
    ).toEqual(['余成', '刘平安', '叶解香', '戴桂连', '蒲承丞'].sort());
    const atNode = await lihua.get(`/api/v1/positions?nodeId=${area.id}&scope=node`);
    expect(
      atNode
        .json()
        .items.map((p: { kind: string }) => p.kind)
        .sort(),
    ).toEqual(['area_chief', 'grid_worker', 'neighbour_chief']);
    const withEnded = await lihua.get(`/api/v1/positions?nodeId=${area.id}&scope=node&includeEnded=true`);
    expect(withEnded.json().items.map((p: { kind: string }) => p.kind)).toContain('admin');
    const first = await lihua.get(`/api/v1/positions?nodeId=${area.id}&limit=3`);
    const second = await lihua.get(
      `/api/v1/positions?nodeId=${area.id}&limit=3&cursor=${first.json().nextCursor}`,
    );
    const ids = [...first.json().items, ...second.json().items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('builds the party tree, counts members, suggests the 楼栋长 (AS-17) and reports 三联 coverage (AS-19)', async () => {
    const committee = await lihua.post('/api/v1/party-orgs', {
      kind: 'committee',
      name: '五里堆社区大党委',
      nodeId: wl.communityId,
    });
    expect(committee.statusCode, committee.body).toBe(200);
    const branch = await lihua.post('/api/v1/party-orgs', {
      parentId: committee.json().id,
      kind: 'branch',
      name: '区政府小区党支部',
      nodeId: group1.id,
    });
    const group = await lihua.post('/api/v1/party-orgs', {
      parentId: branch.json().id,
      kind: 'group',
      name: '一栋党小组',
      nodeId: building.id,
    });
    expect(group.statusCode, group.body).toBe(200);
    const rootGroup = await lihua.post('/api/v1/party-orgs', {
      kind: 'group',
      name: '孤立党小组',
      nodeId: building.id,
    });
    expect(rootGroup.json().fields.parentId).toBeTruthy();
    const upsideDown = await lihua.post('/api/v1/party-orgs', {
      parentId: group.json().id,
      kind: 'branch',
      name: '倒挂支部',
      nodeId: building.id,
    });
    expect(upsideDown.json().fields.kind).toBe('党支部不能设在党小组之下');
    const outsideParent = await lihua.post('/api/v1/party-orgs', {
      parentId: branch.json().id,
      kind: 'group',
      name: '二组党小组',
      nodeId: group2.id,
    });
    expect(outsideParent.json().fields.nodeId).toBeTruthy();

    const residentsIn = async (ids: string[]) => {
      const rows = await t.db
        .selectFrom('resident')
        .select(['id', 'householdId'])
        .where('districtId', '=', D)
        .where('householdId', 'in', ids)
        .execute();
      return ids.map((hid) => rows.find((r) => r.householdId === hid)!.id);
    };
    const [r1, r2, r3] = await residentsIn(hb.slice(0, 3));
    const [rOther] = await residentsIn(h2.slice(0, 1));
    const member = async (body: Record<string, unknown>) => {
      const res = await lihua.post('/api/v1/party-members', { orgId: group.json().id, ...body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    await member({
      name: '县局科长',
      kind: 'in_service',
      employer: '连城县财政局',
      postRank: 5,
      residentId: r1,
    });
    const top = await member({
      name: '县局局长',
      kind: 'in_service',
      employer: '连城县教育局',
      postRank: 7,
      residentId: r2,
    });
    await member({ name: '科员', kind: 'in_service', employer: '县医院', postRank: 3, residentId: r3 });
    await member({ name: '老党员', kind: 'community', residentId: rOther });
    const foreignOrg = await lihua.post('/api/v1/party-members', {
      orgId: group.json().id,
      name: 'x',
      kind: 'community',
      residentId: (
        await t.db
          .selectFrom('resident')
          .select('id')
          .where('districtId', '=', xj.districtId)
          .executeTakeFirstOrThrow()
      ).id,
    });
    expect(foreignOrg.json().fields.residentId).toBeTruthy();

    const tree = await lihua.get(`/api/v1/party-orgs?nodeId=${wl.communityId}`);
    expect(
      tree
        .json()
        .items.map((o: { name: string; depth: number; memberCount: number; subtreeMemberCount: number }) => [
          o.name,
          o.depth,
          o.memberCount,
          o.subtreeMemberCount,
        ]),
    ).toEqual([
      ['五里堆社区大党委', 0, 0, 4],
      ['区政府小区党支部', 1, 0, 4],
      ['一栋党小组', 2, 4, 4],
    ]);
    const renamed = await lihua.patch(`/api/v1/party-orgs/${branch.json().id}`, {
      name: '区政府小区第一党支部',
    });
    expect(renamed.json()).toMatchObject({
      name: '区政府小区第一党支部',
      kindLabel: '党支部',
      subtreeMemberCount: 4,
    });
    const inService = await lihua.get(`/api/v1/party-members?orgId=${committee.json().id}&kind=in_service`);
    expect(inService.json().items.length).toBe(3);

    const suggestion = await lihua.get(`/api/v1/territory-nodes/${building.id}/building-chief-suggestion`);
    expect(suggestion.statusCode, suggestion.body).toBe(200);
    expect(suggestion.json().suggestion).toMatchObject({
      partyMemberId: top.id,
      name: '县局局长',
      postRank: 7,
      householdNo: 'A-002',
    });
    expect(suggestion.json().others.map((m: { name: string }) => m.name)).toEqual(['县局科长', '科员']);
    expect(suggestion.json().current).toEqual([]);
    const none = await lihua.get(`/api/v1/territory-nodes/${group2.id}/building-chief-suggestion`);
    expect(none.json().suggestion).toBeNull();

    // 三联: 县局局长 links two neighbours in 二组 through a 联户党员 position.
    const linker = await createPosition(lihua, {
      nodeId: group2.id,
      kind: 'party_linker',
      holderName: '县局局长',
      partyMemberId: top.id,
      identity: '党员',
    });
    const assigned = await lihua.post(`/api/v1/positions/${linker.id}/households`, {
      householdIds: h2.slice(0, 2),
    });
    expect(assigned.json().span).toMatchObject({ householdCount: 2, status: 'within' });
    const party = await lihua.get(`/api/v1/organisation/party-coverage?nodeId=${group2.id}`);
    expect(party.statusCode, party.body).toBe(200);
    expect(party.json()).toMatchObject({
      activeHouseholds: 18,
      linkedHouseholds: 2,
      linkingMembers: 1,
      unlinkedCount: 16,
    });
    expect(party.json().unlinked[0].householdNo).toBe('C-003');
    expect((await lihua.delete(`/api/v1/party-members/${top.id}`)).statusCode).toBe(409);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'party_%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'party_member.create',
      'party_member.create',
      'party_member.create',
      'party_member.create',
      'party_org.create',
      'party_org.create',
      'party_org.create',
      'party_org.rename',
    ]);
  });

  it('answers 403 without the permission, 404 outside scope or district', async () => {
    const zhou = await t.client().login('zhouwg', PASSWORD);
    expect(
      (await zhou.post('/api/v1/positions', { nodeId: area.id, kind: 'neighbour_chief', holderName: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await zhou.post(`/api/v1/positions/${chiefs.n3}/households`, { householdIds: [hb[0]] })).statusCode,
    ).toBe(403);
    expect((await zhou.get(`/api/v1/positions/${chiefs.n3}`)).statusCode).toBe(200);
    const g2 = await t.client().login('g2worker', PASSWORD);
    expect((await g2.get(`/api/v1/positions/${chiefs.n3}`)).statusCode).toBe(404);
    expect(
      (await g2.post(`/api/v1/positions/${chiefs.n3}/households`, { householdIds: [hb[0]] })).statusCode,
    ).toBe(404);
    expect((await g2.get(`/api/v1/organisation/coverage?nodeId=${area.id}`)).statusCode).toBe(404);
    expect((await g2.get(`/api/v1/organisation/coverage?nodeId=${group2.id}`)).statusCode).toBe(200);
    expect((await lihua.get('/api/v1/positions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('keeps two districts apart', async () => {
    const zhao = await t.client().login('zhao', PASSWORD);
    expect((await zhao.get(`/api/v1/positions/${chiefs.n3}`)).statusCode).toBe(404);
    expect((await zhao.get(`/api/v1/organisation/coverage?nodeId=${area.id}`)).statusCode).toBe(404);
    expect(
      (await zhao.post(`/api/v1/positions/${chiefs.n3}/households`, { householdIds: [hb[0]] })).statusCode,
    ).toBe(404);
    const own = await zhao.post('/api/v1/positions', {
      nodeId: xj.communityId,
      kind: 'neighbour_chief',
      holderName: '新集邻长',
    });
    expect(own.statusCode).toBe(200);
    const cross = await zhao.post(`/api/v1/positions/${own.json().id}/households`, { householdIds: [hb[0]] });
    expect(cross.statusCode).toBe(400);
    const coverage = (await zhao.get(`/api/v1/organisation/coverage?nodeId=${xj.communityId}`)).json();
    expect(coverage).toMatchObject({ activeHouseholds: 1, linkedHouseholds: 0 });
    const count = await t.db
      .selectFrom('householdLink')
      .select('id')
      .where('districtId', '=', xj.districtId)
      .execute();
    expect(count).toEqual([]);
  });
});
