import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/test-app.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
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

  it('fills the case boards, dashboards, deliberation, meetings and 述职 with three months of activity', async () => {
    const today = businessToday();
    const month = (days: number) => addDays(today, days).slice(0, 7);
    const demo = await t.client().login('demo', DEMO_PASSWORD);
    const board = await demo.get('/api/v1/cases?limit=200');
    expect(board.statusCode, board.body).toBe(200);
    const cases: { state: string; title: string }[] = board.json().items;
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(new Set(cases.map((c) => c.state))).toEqual(
      new Set([
        'SUBMITTED',
        'CLOSED',
        'REOPENED',
        'IN_PROGRESS',
        'VERIFYING',
        'AWAITING_CONFIRMATION',
        'ESCALATED',
        'TO_DELIBERATION',
        'NOT_ACCEPTED',
      ]),
    );
    // The AS-01 journey finds its own case by this word: no demo case may carry it.
    const texts = await t.db.selectFrom('case').select(['title', 'description']).execute();
    expect(texts.filter((c) => `${c.title}${c.description}`.includes('漏水'))).toEqual([]);

    // Backdated cases carry the number of the day they were filed on.
    const numbers = await sql<{ n: number }>`select count(*)::int as n from "case"
      where split_part(case_no, '-', 2) <> to_char(created_at at time zone 'Asia/Shanghai', 'YYYYMMDD')`.execute(
      t.db,
    );
    expect(numbers.rows[0]!.n).toBe(0);

    const range = `from=${month(-95)}&to=${month(0)}`;
    const dashboard = (await demo.get(`/api/v1/case-stats/dashboard?${range}`)).json();
    expect(dashboard.totals.received).toBe(cases.length);
    expect(dashboard.totals.closed).toBeGreaterThan(15);
    expect(dashboard.totals.openOverdue).toBeGreaterThan(0);
    expect(dashboard.totals.satisfactionRate).toBeGreaterThan(0);
    expect(dashboard.trend.filter((m: { received: number }) => m.received > 0).length).toBeGreaterThanOrEqual(
      3,
    );

    const topics = (await demo.get('/api/v1/deliberation/topics')).json().items as { state: string }[];
    expect(topics.map((x) => x.state)).toEqual(
      expect.arrayContaining(['PROPOSED', 'SCHEDULED', 'DECIDED', 'IMPLEMENTING', 'FEEDBACK_PUBLISHED']),
    );
    const councils = (await demo.get('/api/v1/deliberation/councils')).json().items as { name: string }[];
    expect(councils.map((c) => c.name)).toEqual(
      expect.arrayContaining(['五里堆社区协商议事会', '五里堆社区妇女议事会']),
    );
    const meetings = await demo.get(`/api/v1/meetings?from=${addDays(today, -40)}&to=${addDays(today, 40)}`);
    expect(meetings.statusCode, meetings.body).toBe(200);
    expect(meetings.json().items.length).toBeGreaterThanOrEqual(4);

    const community = await t.db
      .selectFrom('territoryNode')
      .select('id')
      .where('code', '=', WULIDUI_CODE)
      .executeTakeFirstOrThrow();
    const duty = await demo.get(
      `/api/v1/duty-reports?communityId=${community.id}&periodKind=month&period=${month(-(Number(today.slice(8)) + 1))}`,
    );
    expect(duty.statusCode, duty.body).toBe(200);
    const reports = duty.json().items as { state: string; form: string | null }[];
    expect(reports.filter((r) => r.state !== 'DUE').length).toBe(13);
    expect(new Set(reports.filter((r) => r.form).map((r) => r.form))).toEqual(new Set(['written', 'oral']));
    expect(reports.filter((r) => r.state === 'EVALUATED').length).toBe(9);
    const lessons = (await demo.get('/api/v1/party-lessons/open')).json().items;
    expect(lessons.length).toBe(2);

    // 新集 has a little activity of its own, so the district dashboards differ.
    expect((await demo.put('/api/v1/session/district', { districtId: '320116' })).statusCode).toBe(200);
    const xinji = (await demo.get(`/api/v1/case-stats/dashboard?${range}`)).json();
    expect(xinji.totals.received).toBe(7);

    // 饶吕: this month's 早点名 rota for the 户长 of 曹营自然村.
    const village = await t.db
      .selectFrom('territoryNode')
      .select('id')
      .where('districtId', '=', '341282')
      .where('name', '=', '曹营自然村')
      .executeTakeFirstOrThrow();
    expect((await demo.put('/api/v1/session/district', { districtId: '341282' })).statusCode).toBe(200);
    const rota = await demo.get(`/api/v1/rollcall/rota?nodeId=${village.id}&month=${month(0)}`);
    expect(rota.statusCode, rota.body).toBe(200);
    expect(rota.json().duties.length).toBeGreaterThan(0);

    const inbox = async (username: string, path = '/api/v1/cases/inbox') =>
      (
        (await (await t.client().login(username, DEMO_PASSWORD)).get(path)).json().items as {
          state: string;
        }[]
      ).map((c) => c.state);
    expect(await inbox('yucheng')).toEqual(expect.arrayContaining(['SUBMITTED', 'VERIFYING']));
    expect(await inbox('weixiu')).toEqual(['IN_PROGRESS']);
    expect(await inbox('lidehou', '/api/v1/cases/mine')).toEqual(
      expect.arrayContaining(['AWAITING_CONFIRMATION', 'CLOSED']),
    );
  });

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
