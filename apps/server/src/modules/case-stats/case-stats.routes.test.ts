import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, givenNode, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { PositionKind } from '../../platform/access/positions.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Database } from '../../platform/db/database.ts';
import { findNodeByCode } from '../territory/index.ts';

const D = '430304';
const X = '320116';
const H = 3600_000;

interface Place {
  id: string;
  path: string;
}

let caseSeq = 0;
/** Each district's administrator, who "submits" the test cases. */
const submitters: Record<string, string> = {};
/** A case inserted straight into the table (as the cases module would leave it), in October 2026 by default. */
async function givenCase(
  db: Database,
  districtId: string,
  community: Place,
  node: Place,
  fields: Record<string, unknown> = {},
) {
  caseSeq++;
  const row = await db
    .insertInto('case')
    .values({
      districtId,
      submittedBy: submitters[districtId],
      caseNo: `T-${caseSeq}`,
      communityId: community.id,
      nodeId: node.id,
      nodePath: node.path,
      categoryCode: 'repair',
      channel: 'phone',
      urgency: 'normal',
      title: `测试诉求${caseSeq}`,
      description: '楼道灯不亮',
      state: 'IN_PROGRESS',
      handleLimit: 7,
      handleUnit: 'working_days',
      createdAt: new Date('2026-10-05T02:00:00Z'),
      contactName: '张三丰',
      contactPhoneMasked: '138****1234',
      contactPhoneEnc: Buffer.from('not-a-real-ciphertext'),
      ...fields,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id as string;
}

async function givenCategory(db: Database, districtId: string) {
  await sql`insert into case_category (district_id, code, name, handle_limit) values
    (${districtId}, 'repair', '报修', 7), (${districtId}, 'dispute', '邻里纠纷', 15)`.execute(db);
}

async function givenUser(
  db: Database,
  districtId: string,
  username: string,
  kind: PositionKind,
  nodeId: string,
) {
  const user = await db
    .insertInto('appUser')
    .values({
      username,
      displayName: username,
      passwordHash: await hashPassword(PASSWORD),
      homeDistrictId: districtId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('position')
    .values({ districtId, nodeId, kind, holderName: username, holderUserId: user.id })
    .execute();
}

const at = (iso: string, plusHours = 0) => new Date(new Date(iso).getTime() + plusHours * H);
const OCT = 'from=2026-10&to=2026-10';

describe('case statistics through HTTP', async () => {
  const t = await buildTestApp();
  let admin: TestClient;
  let community: Place;
  let street: Place;
  let root: Place;
  let g1: Place;
  let g2: Place;
  let lateSigned: string;
  let onTimeSigned: string;

  beforeAll(async () => {
    submitters[D] = (await givenCommunity(t.db, WULIDUI)).userId;
    submitters[X] = (await givenCommunity(t.db, XINJI)).userId;
    community = (await findNodeByCode(t.db, D, WULIDUI))!;
    const chain = await t.db
      .selectFrom('territoryNode')
      .select(['id', 'path', 'level'])
      .where('districtId', '=', D)
      .where('level', 'in', ['district', 'subdistrict'])
      .execute();
    root = chain.find((n) => n.level === 'district')!;
    street = chain.find((n) => n.level === 'subdistrict')!;
    g1 = await givenNode(t.db, WULIDUI, community, 'grid', '第一网格');
    g2 = await givenNode(t.db, WULIDUI, community, 'grid', '第二网格');
    await givenCategory(t.db, D);
    await givenCategory(t.db, X);

    const oct5 = '2026-10-05T02:00:00Z';
    // g1: closed locally within 10 h, rated resolved and 非常满意, replied.
    await givenCase(t.db, D, community, g1, {
      state: 'CLOSED',
      createdAt: at(oct5),
      closedAt: at(oct5, 10),
      overallDueAt: at(oct5, 7 * 24),
      handledLocally: true,
      reply: '已修好',
      replyAt: at(oct5, 10),
      resolved: true,
      satisfaction: 5,
      ratedAt: at(oct5, 12),
    });
    // g1: closed after 100 h, past its 72 h limit, reworked once, rated unresolved and 基本满意.
    await givenCase(t.db, D, community, g1, {
      state: 'CLOSED',
      channel: 'resident_app',
      urgency: 'urgent',
      categoryCode: 'dispute',
      createdAt: at('2026-10-06T02:00:00Z'),
      closedAt: at('2026-10-06T02:00:00Z', 100),
      overallDueAt: at('2026-10-06T02:00:00Z', 72),
      reworkCount: 1,
      reply: '已调解',
      replyAt: at('2026-10-06T02:00:00Z', 100),
      resolved: false,
      satisfaction: 3,
      ratedAt: at('2026-10-06T02:00:00Z', 101),
    });
    // g1: never signed and past its signing limit (the SLA sweep has set sla_level 100).
    lateSigned = await givenCase(t.db, D, community, g1, {
      state: 'SUBMITTED',
      dueAt: at(oct5, 24),
      slaLevel: 100,
    });
    // g1: in progress (entered already signed), withdrawn, and a merged duplicate that counts nowhere.
    await givenCase(t.db, D, community, g1, { state: 'IN_PROGRESS', channel: 'proxy' });
    await givenCase(t.db, D, community, g1, { state: 'WITHDRAWN' });
    await givenCase(t.db, D, community, g1, { state: 'MERGED' });
    // g2: closed on time in 30 h, 满意 and resolved.
    await givenCase(t.db, D, community, g2, {
      state: 'CLOSED',
      channel: 'wechat',
      createdAt: at('2026-10-07T02:00:00Z'),
      closedAt: at('2026-10-07T02:00:00Z', 30),
      overallDueAt: at('2026-10-07T02:00:00Z', 7 * 24),
      reply: '已处理',
      replyAt: at('2026-10-07T02:00:00Z', 30),
      resolved: true,
      satisfaction: 4,
      ratedAt: at('2026-10-07T02:00:00Z', 31),
    });
    // g2: September, outside an October period.
    await givenCase(t.db, D, community, g2, { state: 'SUBMITTED', createdAt: at('2026-09-10T02:00:00Z') });

    // Xinji: one case in the other district that must never show up.
    const xc = (await findNodeByCode(t.db, X, XINJI))!;
    await givenCase(t.db, X, xc, xc, {
      state: 'CLOSED',
      closedAt: at(oct5, 5),
      resolved: true,
      satisfaction: 5,
    });

    admin = await t.client().login('admin430304', PASSWORD);
  });

  it('gives a grid the volumes and every rate of its cases', async () => {
    const res = await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g1.id}&${OCT}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.node).toEqual({ id: g1.id, name: '第一网格', level: 'grid' });
    expect(body.totals).toEqual({
      received: 5,
      withdrawn: 1,
      open: 2,
      openOverdue: 1,
      closed: 2,
      responseRate: 0.75,
      resolutionRate: 0.5,
      satisfactionRate: 1,
      compositeScore: 75,
      onTimeRate: 0.3333,
      localRate: 0.5,
      replyRate: 0.5,
      reworkRate: 0.5,
      avgHandlingHours: 55,
      p90HandlingHours: 115.2,
    });
    const count = (list: { count: number }[], key: string, k: string) =>
      (list as Record<string, unknown>[]).find((e) => e[k] === key)?.count;
    expect(count(body.byChannel, 'phone', 'channel')).toBe(3);
    expect(count(body.byChannel, 'resident_app', 'channel')).toBe(1);
    expect(count(body.byChannel, 'proxy', 'channel')).toBe(1);
    expect(count(body.byUrgency, 'urgent', 'urgency')).toBe(1);
    expect(body.byCategory).toEqual([
      { code: 'repair', name: '报修', count: 4 },
      { code: 'dispute', name: '邻里纠纷', count: 1 },
    ]);
    expect(body.trend).toEqual([{ month: '2026-10', received: 5, closed: 2 }]);
    expect(body.breadcrumb.map((n: { id: string }) => n.id)).toEqual([root.id, street.id, community.id]);
  });

  it('rolls the grids up to the community and the district, child by child', async () => {
    const res = await admin.get(`/api/v1/case-stats/dashboard?nodeId=${community.id}&${OCT}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals.received).toBe(6);
    expect(body.totals.closed).toBe(3);
    expect(body.totals.resolutionRate).toBe(0.6667);
    const children = Object.fromEntries(
      body.children.map((c: { name: string; stats: { received: number } }) => [c.name, c.stats.received]),
    );
    expect(children).toEqual({ 第一网格: 5, 第二网格: 1 });

    const district = (await admin.get(`/api/v1/case-stats/dashboard?${OCT}`)).json();
    expect(district.node.id).toBe(root.id);
    expect(district.children).toEqual([
      expect.objectContaining({
        id: street.id,
        hasChildren: true,
        stats: expect.objectContaining({ received: 6 }),
      }),
    ]);
    const quarter = (await admin.get(`/api/v1/case-stats/dashboard?from=2026-09&to=2026-11`)).json();
    expect(quarter.totals.received).toBe(7);
    expect(quarter.trend.map((m: { received: number }) => m.received)).toEqual([1, 6, 0]);
    const disputes = (await admin.get(`/api/v1/case-stats/dashboard?${OCT}&categoryCode=dispute`)).json();
    expect(disputes.totals.received).toBe(1);
    expect(disputes.byCategory).toEqual([{ code: 'dispute', name: '邻里纠纷', count: 1 }]);
  });

  it('follows state changes through the trigger: a late signing stays late, an early one counts', async () => {
    onTimeSigned = await givenCase(t.db, D, community, g2, {
      state: 'SUBMITTED',
      createdAt: at('2026-10-20T02:00:00Z'),
      dueAt: new Date(Date.now() + 24 * H),
    });
    const before = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g2.id}&${OCT}`)).json().totals;
    expect(before.responseRate).toBe(1);
    await t.db
      .updateTable('case')
      .set({ state: 'ACCEPTED', slaLevel: 0 })
      .where('id', '=', onTimeSigned)
      .execute();
    await t.db
      .updateTable('case')
      .set({ state: 'ACCEPTED', slaLevel: 0 })
      .where('id', '=', lateSigned)
      .execute();
    const g2After = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g2.id}&${OCT}`)).json().totals;
    expect(g2After).toMatchObject({ received: 2, open: 1, responseRate: 1 });
    const g1After = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g1.id}&${OCT}`)).json().totals;
    // Signed after its limit: still due and still not on time; no longer overdue as an open case.
    expect(g1After).toMatchObject({ received: 5, openOverdue: 0, responseRate: 0.75 });
  });

  it('keeps the roll-up equal to a full recount (zero drift) after inserts, updates and deletes', async () => {
    const extra = await givenCase(t.db, D, community, g2, {
      state: 'CLOSED',
      closedAt: at('2026-10-05T02:00:00Z', 2),
    });
    await t.db
      .updateTable('case')
      .set({ nodeId: g1.id, nodePath: g1.path })
      .where('id', '=', extra)
      .execute();
    await t.db
      .updateTable('case')
      .set({ satisfaction: 2, resolved: false })
      .where('id', '=', extra)
      .execute();
    const gone = await givenCase(t.db, D, community, g1, {
      state: 'CLOSED',
      closedAt: at('2026-10-05T02:00:00Z', 3),
    });
    await t.db.deleteFrom('case').where('id', '=', gone).execute();
    const snapshot = () =>
      sql<Record<string, unknown>>`select * from case_stat where district_id = ${D}
        and (received <> 0 or h0 <> 0 or handled <> 0) order by node_no, category_code, month`.execute(t.db);
    const incremental = (await snapshot()).rows;
    await sql`select case_stats_rebuild(${D})`.execute(t.db);
    expect((await snapshot()).rows).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(0);
  });

  it('keeps districts apart', async () => {
    const xinji = await t.client().login('admin320116', PASSWORD);
    const own = (await xinji.get(`/api/v1/case-stats/dashboard?${OCT}`)).json();
    expect(own.totals.received).toBe(1);
    const res = await xinji.get(`/api/v1/case-stats/dashboard?nodeId=${community.id}&${OCT}`);
    expect(res.statusCode).toBe(404);
    const ledger = await xinji.get(`/api/v1/case-stats/ledger.xlsx?nodeId=${g1.id}&${OCT}`);
    expect(ledger.statusCode).toBe(404);
  });

  it("answers 403 without cases.stats and 404 outside the caller's subtree", async () => {
    await givenUser(t.db, D, 'wanggeyuan', 'grid_worker', g1.id);
    const worker = await t.client().login('wanggeyuan', PASSWORD);
    const denied = await worker.get(`/api/v1/case-stats/dashboard?nodeId=${g1.id}&${OCT}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    expect((await worker.get(`/api/v1/case-stats/ledger.xlsx?nodeId=${g1.id}&${OCT}`)).statusCode).toBe(403);

    await givenUser(t.db, D, 'wanggezhang', 'grid_chief', g1.id);
    const chief = await t.client().login('wanggezhang', PASSWORD);
    const mine = await chief.get(`/api/v1/case-stats/dashboard?${OCT}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().node.id).toBe(g1.id);
    expect(mine.json().breadcrumb).toEqual([]);
    expect((await chief.get(`/api/v1/case-stats/dashboard?nodeId=${g2.id}&${OCT}`)).statusCode).toBe(404);
    expect((await chief.get(`/api/v1/case-stats/dashboard?nodeId=${community.id}&${OCT}`)).statusCode).toBe(
      404,
    );
    const weights = await chief.put('/api/v1/case-stats/weights', {
      response: 40,
      resolution: 30,
      satisfaction: 30,
      basicSatisfiedFactor: 1,
    });
    expect(weights.statusCode).toBe(403);
  });

  it('rejects a reversed or malformed period naming the field', async () => {
    const reversed = await admin.get('/api/v1/case-stats/dashboard?from=2026-10&to=2026-09');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().fields.to).toBeTruthy();
    const malformed = await admin.get('/api/v1/case-stats/dashboard?from=2026-13&to=2026-10');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().fields.from).toBeTruthy();
    const long = await admin.get('/api/v1/case-stats/dashboard?from=2020-01&to=2026-10');
    expect(long.statusCode).toBe(400);
  });

  it('lets the district administrator set the score weights, audited', async () => {
    expect((await admin.get('/api/v1/case-stats/weights')).json()).toEqual({
      response: 30,
      resolution: 35,
      satisfaction: 35,
      basicSatisfiedFactor: 1,
    });
    const bad = await admin.put('/api/v1/case-stats/weights', {
      response: 50,
      resolution: 35,
      satisfaction: 35,
      basicSatisfiedFactor: 1,
    });
    expect(bad.statusCode).toBe(400);
    const w = { response: 100, resolution: 0, satisfaction: 0, basicSatisfiedFactor: 0.5 };
    const res = await admin.put('/api/v1/case-stats/weights', w);
    expect(res.statusCode).toBe(200);
    const g1Stats = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g1.id}&${OCT}`)).json();
    expect(g1Stats.weights).toEqual(w);
    expect(g1Stats.totals.compositeScore).toBe(Math.round(g1Stats.totals.responseRate * 1000) / 10);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('districtId', '=', D)
      .where('action', '=', 'case_stats.weights')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ after: w, before: { response: 30 } });
  });

  it('exports the 诉求台账 masked, and audits the export', async () => {
    const res = await admin.get(`/api/v1/case-stats/ledger.xlsx?nodeId=${community.id}&${OCT}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('诉求台账-'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.getWorksheet('诉求台账')!;
    const rows = (sheet.getSheetValues() as unknown[][]).slice(2).map((r) => r.slice(1));
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(9);
    const communityName = (await findNodeByCode(t.db, D, WULIDUI))!.name;
    expect(new Set(rows.map((r) => r[col('社区')]))).toEqual(new Set([communityName]));
    expect(new Set(rows.map((r) => r[col('联系电话')]))).toEqual(new Set(['138****1234']));
    expect(new Set(rows.map((r) => r[col('联系人')]))).toEqual(new Set(['张**']));
    expect(JSON.stringify(rows)).not.toContain('张三丰');
    const first = rows[0]!;
    expect(first[col('网格/片区')]).toBe('第一网格');
    expect(first[col('受理时间')]).toBe('2026-10-05 10:00');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['entityId', 'detail'])
      .where('districtId', '=', D)
      .where('action', '=', 'case_stats.ledger_export')
      .execute();
    expect(audit).toEqual([
      {
        entityId: community.id,
        detail: expect.objectContaining({ from: '2026-10', to: '2026-10', masked: true }),
      },
    ]);
  });

  it('drills below the roll-up depth: a grid shows its buildings, computed from the case facts', async () => {
    const building = await givenNode(t.db, WULIDUI, g1, 'building', '3栋');
    await givenCase(t.db, D, community, building, {
      state: 'CLOSED',
      closedAt: at('2026-10-05T02:00:00Z', 1),
    });
    const grid = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${g1.id}&${OCT}`)).json();
    expect(grid.children).toEqual([
      expect.objectContaining({
        id: building.id,
        hasChildren: false,
        stats: expect.objectContaining({ received: 1 }),
      }),
    ]);
    const down = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${building.id}&${OCT}`)).json();
    expect(down.totals).toMatchObject({ received: 1, closed: 1, avgHandlingHours: 1 });
    expect(down.breadcrumb.at(-1).id).toBe(g1.id);
    const up = (await admin.get(`/api/v1/case-stats/dashboard?nodeId=${community.id}&${OCT}`)).json();
    const g1Row = up.children.find((c: { id: string }) => c.id === g1.id);
    expect(g1Row.stats.received).toBe(grid.totals.received);
  });
});
