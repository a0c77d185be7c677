import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { prepareResident } from '../people/resident-record.ts';

const D = '430304';

describe('territory tree through HTTP', async () => {
  const t = await buildTestApp();
  let admin: TestClient;
  let communityId: string;
  const ids = { area1: '', area2: '', group: '', estate: '', building: '' };

  /** A login whose only positions are the given ones, created directly as the organisation module would. */
  async function userWith(username: string, positions: { kind: string; nodeId: string }[]) {
    const user = await t.db
      .insertInto('appUser')
      .values({
        username,
        displayName: username,
        passwordHash: await hashPassword(PASSWORD),
        homeDistrictId: D,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const p of positions) {
      await t.db
        .insertInto('position')
        .values({
          districtId: D,
          nodeId: p.nodeId,
          kind: p.kind,
          holderName: username,
          holderUserId: user.id,
        })
        .execute();
    }
    return t.client().login(username, PASSWORD);
  }

  async function create(parentId: string, level: string, name: string) {
    const res = await admin.post('/api/v1/territory/nodes', { parentId, level, name });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; code: string; name: string; level: string; levelName: string };
  }

  async function addHousehold(
    nodeId: string,
    no: string,
    residents: { name: string; status?: 'active' | 'moved_out' }[],
    status: 'active' | 'moved_out' = 'active',
  ) {
    const h = await t.db
      .insertInto('household')
      .values({ districtId: D, communityId, nodeId, householdNo: no, status })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of residents) {
      const prepared = prepareResident({ name: r.name }, t.deps.crypto);
      if (!prepared.ok) throw new Error('bad resident');
      await t.db
        .insertInto('resident')
        .values({ ...prepared.values, districtId: D, householdId: h.id, status: r.status ?? 'active' })
        .execute();
    }
  }

  beforeAll(async () => {
    await givenCommunity(t.db, WULIDUI);
    await givenCommunity(t.db, XINJI);
    admin = await t.client().login('admin430304', PASSWORD);
    communityId = (
      await t.db
        .selectFrom('territoryNode')
        .select('id')
        .where('code', '=', WULIDUI)
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('builds 片区 → 居民小组 → 小区 → 楼栋 under 五里堆 with generated, never-reused codes', async () => {
    const area = await create(communityId, 'area', '第一片区');
    expect(area).toMatchObject({ code: `${WULIDUI}-PQ0001`, level: 'area', levelName: '片区' });
    ids.area1 = area.id;
    ids.area2 = (await create(communityId, 'area', '第二片区')).id;
    ids.group = (await create(ids.area1, 'resident_group', '第一组')).id;
    ids.estate = (await create(ids.group, 'estate', '和谐小区')).id;
    const building = await create(ids.estate, 'building', '23栋');
    expect(building.code).toBe(`${WULIDUI}-LD0001`);
    ids.building = building.id;
    const rows = await t.db
      .selectFrom('territoryNode')
      .select(['id', 'parentId', 'level', (eb) => eb.cast<string>('path', 'text').as('path')])
      .where('districtId', '=', D)
      .where('id', 'in', [ids.area1, ids.group, ids.estate, ids.building])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.building)!.parentId).toBe(ids.estate);
    expect(byId.get(ids.building)!.path.startsWith(`${byId.get(ids.estate)!.path}.`)).toBe(true);
    expect(byId.get(ids.estate)!.path.startsWith(`${byId.get(ids.area1)!.path}.`)).toBe(true);
  });

  it('refuses a duplicate name among active siblings with 409 naming `name`', async () => {
    const res = await admin.post('/api/v1/territory/nodes', {
      parentId: communityId,
      level: 'area',
      name: '第一片区',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', fields: { name: expect.any(String) } });
  });

  it('answers 400 naming the field for a bad level, a misplaced level and a too-long name', async () => {
    const official = await admin.post('/api/v1/territory/nodes', {
      parentId: communityId,
      level: 'subdistrict',
      name: '新街道',
    });
    expect(official.statusCode).toBe(400);
    expect(official.json().fields.level).toBeTruthy();
    const misplaced = await admin.post('/api/v1/territory/nodes', {
      parentId: ids.building,
      level: 'area',
      name: '楼里的片区',
    });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json().fields.level).toContain('楼栋下不能建片区');
    const long = await admin.post('/api/v1/territory/nodes', {
      parentId: communityId,
      level: 'area',
      name: '片'.repeat(101),
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().fields.name).toBeTruthy();
    const count = await t.db
      .selectFrom('territoryNode')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('districtId', '=', D)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(8);
  });

  it('counts active households, residents and chiefs in each subtree', async () => {
    await addHousehold(ids.building, '23-101', [
      { name: '张三' },
      { name: '李四' },
      { name: '王五', status: 'moved_out' },
    ]);
    await addHousehold(ids.building, '23-102', [{ name: '赵六' }]);
    await addHousehold(ids.group, '1-散-1', [{ name: '钱七' }]);
    await addHousehold(ids.group, '1-散-2', [{ name: '孙八' }], 'moved_out');
    await t.db
      .insertInto('position')
      .values([
        { districtId: D, nodeId: ids.building, kind: 'neighbour_chief', holderName: '周邻长' },
        { districtId: D, nodeId: ids.group, kind: 'group_chief', holderName: '吴组长' },
        {
          districtId: D,
          nodeId: ids.group,
          kind: 'household_chief',
          holderName: '郑旧户长',
          validFrom: '2020-01-01',
          validTo: '2021-01-01',
        },
        { districtId: D, nodeId: communityId, kind: 'committee_member', holderName: '冯委员' },
      ])
      .execute();

    const children = await admin.get(`/api/v1/territory/nodes/${communityId}/children`);
    expect(children.statusCode).toBe(200);
    const items = children.json().items as { name: string; childCount: number; counts: unknown }[];
    expect(items.map((i) => i.name).sort()).toEqual(['第一片区', '第二片区'].sort());
    expect(items.find((i) => i.name === '第一片区')).toMatchObject({
      childCount: 1,
      counts: { households: 3, residents: 4, chiefs: 2 },
    });
    expect(items.find((i) => i.name === '第二片区')).toMatchObject({
      childCount: 0,
      counts: { households: 0, residents: 0, chiefs: 0 },
    });

    const roots = await admin.get('/api/v1/territory/roots');
    expect(roots.json().items).toHaveLength(1);
    expect(roots.json().items[0]).toMatchObject({
      level: 'district',
      name: '岳塘区',
      counts: { households: 3, residents: 4, chiefs: 2 },
    });

    const detail = await admin.get(`/api/v1/territory/nodes/${ids.building}`);
    expect(detail.json().node).toMatchObject({
      name: '23栋',
      counts: { households: 2, residents: 3, chiefs: 1 },
    });
    expect(detail.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
      '岳塘区',
      '五里堆街道',
      '五里堆社区居委会',
      '第一片区',
      '第一组',
      '和谐小区',
    ]);
  });

  it('searches node names in scope, optionally by level', async () => {
    const all = await admin.get(`/api/v1/territory/nodes?q=${encodeURIComponent('片区')}`);
    expect(
      all
        .json()
        .items.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['第一片区', '第二片区'].sort());
    const buildings = await admin.get(`/api/v1/territory/nodes?q=${encodeURIComponent('栋')}&level=building`);
    expect(buildings.json().items).toEqual([
      expect.objectContaining({
        name: '23栋',
        fullName: '五里堆社区居委会 / 第一片区 / 第一组 / 和谐小区 / 23栋',
      }),
    ]);
    const none = await admin.get(`/api/v1/territory/nodes?q=${encodeURIComponent('栋')}&level=estate`);
    expect(none.json().items).toEqual([]);
  });

  it('renames, refusing a sibling name, and audits before/after', async () => {
    const clash = await admin.patch(`/api/v1/territory/nodes/${ids.area2}`, { name: '第一片区' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().fields.name).toBeTruthy();
    const res = await admin.patch(`/api/v1/territory/nodes/${ids.estate}`, { name: '和谐新村' });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('和谐新村');
    const row = await t.db
      .selectFrom('territoryNode')
      .select(['name', 'sortKey'])
      .where('id', '=', ids.estate)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '和谐新村', sortKey: 'he xie xin cun' });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail'])
      .where('action', '=', 'territory.rename')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toEqual({ before: { name: '和谐小区' }, after: { name: '和谐新村' } });
  });

  it('moves a subtree in one statement, refusing cycles, misfit levels and other communities', async () => {
    const cycle = await admin.post(`/api/v1/territory/nodes/${ids.area1}/move`, { parentId: ids.estate });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().code).toBe('TERRITORY_CYCLE');
    const level = await admin.post(`/api/v1/territory/nodes/${ids.area2}/move`, { parentId: ids.group });
    expect(level.statusCode).toBe(400);
    expect(level.json().fields.parentId).toBeTruthy();

    const res = await admin.post(`/api/v1/territory/nodes/${ids.estate}/move`, { parentId: ids.area2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      parentId: ids.area2,
      counts: { households: 2, residents: 3, chiefs: 1 },
    });
    const paths = await t.db
      .selectFrom('territoryNode')
      .select(['id', 'parentId', (eb) => eb.cast<string>('path', 'text').as('path')])
      .where('id', 'in', [ids.area2, ids.estate, ids.building])
      .execute();
    const p = new Map(paths.map((r) => [r.id, r]));
    expect(p.get(ids.estate)!.parentId).toBe(ids.area2);
    expect(p.get(ids.estate)!.path.startsWith(`${p.get(ids.area2)!.path}.`)).toBe(true);
    expect(p.get(ids.building)!.path.startsWith(`${p.get(ids.estate)!.path}.`)).toBe(true);
    const children = await admin.get(`/api/v1/territory/nodes/${communityId}/children`);
    const byName = new Map(
      (children.json().items as { name: string; counts: { households: number } }[]).map((i) => [
        i.name,
        i.counts.households,
      ]),
    );
    expect(Object.fromEntries(byName)).toEqual({ 第一片区: 1, 第二片区: 2 });
    // Households keep a copy of their node's path (ADR 004); the move rewrote it for the moved subtree.
    const stale = await t.db
      .selectFrom('household as h')
      .innerJoin('territoryNode as n', (j) =>
        j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
      )
      .select('h.id')
      .whereRef('h.nodePath', '!=', 'n.path')
      .execute();
    expect(stale).toEqual([]);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail', 'entityId'])
      .where('action', '=', 'territory.move')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      entityId: ids.estate,
      detail: {
        before: { parentId: ids.group, parentName: '第一组' },
        after: { parentId: ids.area2, parentName: '第二片区' },
      },
    });
  });

  it('retires only empty nodes; retired nodes leave lists unless asked for; codes are never reused', async () => {
    const busy = await admin.post(`/api/v1/territory/nodes/${ids.area2}/retire`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('TERRITORY_HAS_CHILDREN');
    const withHouseholds = await admin.post(`/api/v1/territory/nodes/${ids.group}/retire`);
    expect(withHouseholds.json().code).toBe('TERRITORY_HAS_CHILDREN');

    const empty = await create(ids.area1, 'resident_group', '第九组');
    const res = await admin.post(`/api/v1/territory/nodes/${empty.id}/retire`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      isActive: false,
      validTo: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const again = await admin.post(`/api/v1/territory/nodes/${empty.id}/retire`);
    expect(again.statusCode).toBe(409);

    const active = await admin.get(`/api/v1/territory/nodes/${ids.area1}/children`);
    expect(active.json().items.map((i: { name: string }) => i.name)).toEqual(['第一组']);
    const all = await admin.get(`/api/v1/territory/nodes/${ids.area1}/children?includeRetired=true`);
    expect(
      all
        .json()
        .items.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['第一组', '第九组'].sort());

    const reborn = await create(ids.area1, 'resident_group', '第九组');
    expect(reborn.code).not.toBe(empty.code);
    const actions = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', empty.id)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['territory.create', 'territory.retire']);
  });

  it('reads and replaces the level template, validating span rules', async () => {
    const url = `/api/v1/territory/communities/${communityId}/level-template`;
    const current = await admin.get(url);
    expect(current.statusCode).toBe(200);
    const template = current.json() as {
      levels: { level: string; name: string; isUsed: boolean }[];
      spans: { positionKind: string }[];
    };
    expect(template.spans.map((s) => s.positionKind)).toContain('neighbour_chief');

    const levels = template.levels.map((l) => (l.level === 'area' ? { ...l, name: '片' } : l));
    const badSpan = await admin.put(url, {
      levels,
      spans: [{ positionKind: 'group_chief', minHouseholds: 100, maxHouseholds: 60, targetHouseholds: 80 }],
    });
    expect(badSpan.statusCode).toBe(400);
    expect(Object.keys(badSpan.json().fields)).toContain('spans.0.maxHouseholds');
    const badLevel = await admin.put(url, {
      levels: [{ level: 'community', name: '社区', isUsed: true }],
      spans: [],
    });
    expect(badLevel.statusCode).toBe(400);
    expect(Object.keys(badLevel.json().fields)).toContain('levels.0.level');
    const badKind = await admin.put(url, {
      levels,
      spans: [{ positionKind: 'mayor', minHouseholds: 1, maxHouseholds: 2, targetHouseholds: 2 }],
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().fields['spans.0.positionKind']).toBeTruthy();

    const spans = [
      { positionKind: 'neighbour_chief', minHouseholds: 8, maxHouseholds: 12, targetHouseholds: 10 },
    ];
    const ok = await admin.put(url, { levels, spans });
    expect(ok.statusCode).toBe(200);
    const stored = await t.db
      .selectFrom('levelTemplate')
      .select('levels')
      .where('communityId', '=', communityId)
      .executeTakeFirstOrThrow();
    expect(stored.levels).toMatchObject({ spans });
    const area = await admin.get(`/api/v1/territory/nodes/${ids.area1}`);
    expect(area.json().node.levelName).toBe('片');
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'territory.template.update')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('gives a 片长 her 片区 only: other nodes are 404, creating is 403', async () => {
    const chief = await userWith('pianzhang', [{ kind: 'area_chief', nodeId: ids.area1 }]);
    const roots = await chief.get('/api/v1/territory/roots');
    expect(roots.json().items.map((i: { name: string }) => i.name)).toEqual(['第一片区']);
    expect((await chief.get(`/api/v1/territory/nodes/${ids.group}`)).statusCode).toBe(200);
    expect((await chief.get(`/api/v1/territory/nodes/${ids.area2}`)).statusCode).toBe(404);
    expect((await chief.get(`/api/v1/territory/nodes/${ids.estate}/children`)).statusCode).toBe(404);
    const detail = await chief.get(`/api/v1/territory/nodes/${ids.group}`);
    expect(detail.json().ancestors.map((a: { isInScope: boolean }) => a.isInScope)).toEqual([
      false,
      false,
      false,
      true,
    ]);
    const search = await chief.get(`/api/v1/territory/nodes?q=${encodeURIComponent('片区')}`);
    expect(search.json().items.map((i: { name: string }) => i.name)).toEqual(['第一片区']);
    const created = await chief.post('/api/v1/territory/nodes', {
      parentId: ids.area1,
      level: 'resident_group',
      name: '第二组',
    });
    expect(created.statusCode).toBe(403);
    const templateUrl = `/api/v1/territory/communities/${communityId}/level-template`;
    const template = (await chief.get(templateUrl)).json();
    expect((await chief.put(templateUrl, { levels: template.levels, spans: [] })).statusCode).toBe(403);
  });

  it('answers 403 to a 邻长 creating a node, and writes the refusal to the audit log', async () => {
    const neighbour = await userWith('linzhang', [{ kind: 'neighbour_chief', nodeId: ids.building }]);
    const res = await neighbour.post('/api/v1/territory/nodes', {
      parentId: ids.building,
      level: 'unit',
      name: '1单元',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await neighbour.get('/api/v1/territory/roots')).statusCode).toBe(403);
    const units = await t.db.selectFrom('territoryNode').select('id').where('level', '=', 'unit').execute();
    expect(units).toEqual([]);
    const denied = await t.db
      .selectFrom('auditLog')
      .select(['outcome', 'action'])
      .where('actorName', '=', 'linzhang')
      .where('action', 'like', 'POST%')
      .execute();
    expect(denied).toEqual([{ outcome: 'denied', action: 'POST /api/v1/territory/nodes' }]);
  });

  it('hides the other district: XINJI nodes are 404 for 五里堆 callers', async () => {
    const xinji = await t.db
      .selectFrom('territoryNode')
      .select('id')
      .where('code', '=', XINJI)
      .executeTakeFirstOrThrow();
    expect((await admin.get(`/api/v1/territory/nodes/${xinji.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/territory/nodes/${xinji.id}/children`)).statusCode).toBe(404);
    const create = await admin.post('/api/v1/territory/nodes', {
      parentId: xinji.id,
      level: 'grid',
      name: '第一网格',
    });
    expect(create.statusCode).toBe(404);
    expect((await admin.get(`/api/v1/territory/communities/${xinji.id}/level-template`)).statusCode).toBe(
      404,
    );
    const move = await admin.post(`/api/v1/territory/nodes/${ids.area2}/move`, { parentId: xinji.id });
    expect(move.statusCode).toBe(404);
    const search = await admin.get(`/api/v1/territory/nodes?q=${encodeURIComponent('新集')}`);
    expect(search.json().items).toEqual([]);
    const xinjiNodes = await t.db
      .selectFrom('territoryNode')
      .select('id')
      .where('districtId', '=', '320116')
      .execute();
    expect(xinjiNodes).toHaveLength(3);
  });
});
