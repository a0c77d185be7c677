import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/test-app.ts';
import { LIYUAN_CODE, MEIHU_CODE, RAOLV_CODE, WULIDUI_CODE, XINJI_CODE } from './demo-generator.ts';
import { DEMO_PASSWORD, loadDemo } from './index.ts';

describe('demo loader', async () => {
  const t = await buildTestApp();

  const perCommunity = async (code: string) => {
    const districtId = code.slice(0, 6);
    const community = await t.db
      .selectFrom('territoryNode')
      .select(['id', sql<string>`path::text`.as('path')])
      .where('districtId', '=', districtId)
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    const under = sql<boolean>`n.path <@ ${community.path}::ltree`;
    const nodes = await t.db
      .selectFrom('territoryNode as n')
      .select(['n.level', sql<number>`count(*)`.as('n')])
      .where('n.districtId', '=', districtId)
      .where(under)
      .groupBy('n.level')
      .execute();
    const residents = await t.db
      .selectFrom('resident as r')
      .innerJoin('household as h', (j) =>
        j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
      )
      .select(sql<number>`count(*)`.as('n'))
      .where('h.communityId', '=', community.id)
      .executeTakeFirstOrThrow();
    const positions = await t.db
      .selectFrom('position')
      .select(['kind', sql<number>`count(*)`.as('n')])
      .where('districtId', '=', districtId)
      .groupBy('kind')
      .execute();
    return {
      levels: Object.fromEntries(nodes.map((r) => [r.level, r.n])),
      residents: residents.n,
      positions: Object.fromEntries(positions.map((r) => [r.kind, r.n])),
    };
  };

  it('loads the five communities through the setup page on a fresh install, and the demo login works', async () => {
    const res = await t.client().post('/api/v1/setup/demo');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ username: 'demo', password: DEMO_PASSWORD });

    const wulidui = await perCommunity(WULIDUI_CODE);
    expect(wulidui.levels).toMatchObject({ community: 1, area: 10, resident_group: 33 });
    expect(wulidui.positions).toMatchObject({
      admin: 1,
      area_chief: 10,
      group_chief: 33,
      neighbour_chief: 194,
    });
    const xinji = await perCommunity(XINJI_CODE);
    expect(xinji.levels).toMatchObject({ grid: 13, resident_group: 66 });
    expect(xinji.residents).toBe(11_671);
    const meihu = await perCommunity(MEIHU_CODE);
    expect(meihu.levels).toMatchObject({ estate: 2, building_cluster: 6 });
    expect(meihu.residents).toBeGreaterThan(3800);
    expect((await perCommunity(RAOLV_CODE)).levels).toMatchObject({ natural_village: 1, resident_group: 3 });
    const orgs = await t.db
      .selectFrom('partyOrg')
      .select(['kind', sql<number>`count(*)`.as('n'), sql<number>`max(nlevel(path))`.as('depth')])
      .where('districtId', '=', LIYUAN_CODE.slice(0, 6))
      .groupBy('kind')
      .execute();
    expect(Object.fromEntries(orgs.map((o) => [o.kind, o.depth]))).toEqual({
      committee: 1,
      branch: 2,
      group: 3,
    });
    const inService = await t.db
      .selectFrom('partyMember')
      .select(sql<number>`count(*)`.as('n'))
      .where('districtId', '=', LIYUAN_CODE.slice(0, 6))
      .where('kind', '=', 'in_service')
      .where('postRank', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(inService.n).toBeGreaterThan(20);

    // Personal data is stored encrypted and masked, never in clear.
    const li = await t.db
      .selectFrom('resident')
      .selectAll()
      .where('districtId', '=', '430304')
      .where('name', '=', '李德厚')
      .executeTakeFirstOrThrow();
    expect(li.idNoMasked).toMatch(/^430304\*{8}\d{3}[\dX]$/);
    expect(t.deps.crypto.decrypt(li.idNoEnc!)).toMatch(/^430304\d{11}[\dX]$/);
    const tags = await t.db
      .selectFrom('residentTag')
      .select(['tagCode', 'lawfulBasis'])
      .where('districtId', '=', '430304')
      .where('residentId', '=', li.id)
      .execute();
    expect(tags).toContainEqual({ tagCode: 'limited_mobility', lawfulBasis: 'statutory_duty' });

    const demo = await t.client().login('demo', DEMO_PASSWORD);
    const session = (await demo.get('/api/v1/session')).json();
    expect(session.user.isSuperuser).toBe(true);
    expect(session.districts.map((d: { id: string }) => d.id).sort()).toEqual([
      '320116',
      '340111',
      '341282',
      '350825',
      '430304',
    ]);
    const audits = await t.db
      .selectFrom('auditLog')
      .select(['districtId'])
      .where('action', '=', 'demo.load')
      .execute();
    expect(audits).toHaveLength(5);
  }, 120_000);

  it('lets 余成 see only the ten households linked to him, 李德厚 of 23栋 among them', async () => {
    const links = await t.db
      .selectFrom('householdLink as l')
      .innerJoin('position as p', (j) =>
        j.onRef('p.districtId', '=', 'l.districtId').onRef('p.id', '=', 'l.positionId'),
      )
      .innerJoin('appUser as u', 'u.id', 'p.holderUserId')
      .innerJoin('household as h', (j) =>
        j.onRef('h.districtId', '=', 'l.districtId').onRef('h.id', '=', 'l.householdId'),
      )
      .select(['h.id', 'h.address'])
      .where('u.username', '=', 'yucheng')
      .execute();
    expect(links).toHaveLength(10);
    const yucheng = await t.client().login('yucheng', DEMO_PASSWORD);
    const list = await yucheng.get('/api/v1/households?limit=100');
    expect(list.statusCode, list.body).toBe(200);
    const seen = list
      .json()
      .items.map((h: { id: string }) => h.id)
      .sort();
    expect(seen).toEqual(links.map((l) => l.id).sort());
    expect(list.json().items.map((h: { address: string }) => h.address)).toContain('和谐小区23栋201室');
    // Another district's records are not his to see.
    expect((await yucheng.put('/api/v1/session/district', { districtId: '320116' })).statusCode).toBe(403);
  });

  it('gives 阳瑶 her 片区 and the 新集 grid worker his grid', async () => {
    const yangyao = (await (await t.client().login('yangyao', DEMO_PASSWORD)).get('/api/v1/session')).json();
    expect(yangyao.positions).toEqual([
      expect.objectContaining({ kind: 'area_chief', nodeName: '第二片区' }),
    ]);
    const grid = (await (await t.client().login('xinji-grid', DEMO_PASSWORD)).get('/api/v1/session')).json();
    expect(grid.district.id).toBe('320116');
    expect(grid.positions).toEqual([expect.objectContaining({ kind: 'grid_worker', nodeName: '第一网格' })]);
  });

  it('is idempotent: loading again changes nothing, and the setup page refuses once set up', async () => {
    const before = await t.db
      .selectFrom('resident')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const again = await loadDemo(t.deps);
    expect(again.status).toBe('already_loaded');
    const after = await t.db
      .selectFrom('resident')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const res = await t.client().post('/api/v1/setup/demo');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SETUP_ALREADY_DONE');
    expect(
      (await t.db.selectFrom('appUser').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
    ).toBe(6);
    // 李德厚 has his own account (AS-01), linked to his registry entry.
    const account = await t.db
      .selectFrom('residentAccount as ra')
      .innerJoin('appUser as u', 'u.id', 'ra.userId')
      .innerJoin('resident as r', (j) =>
        j.onRef('r.districtId', '=', 'ra.districtId').onRef('r.id', '=', 'ra.residentId'),
      )
      .select(['u.username', 'r.name'])
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ username: 'lidehou', name: '李德厚' });
  });
});
