import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, givenNode, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { PositionKind } from '../../platform/access/positions.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Database } from '../../platform/db/database.ts';
import { findNodeByCode } from '../territory/index.ts';
import { remindDutyReports } from './duty-reminders.ts';

const D = '430304';
const X = '320116';

interface Place {
  id: string;
  path: string;
}

let hash: Promise<string> | undefined;
async function givenUser(db: Database, districtId: string, username: string): Promise<string> {
  hash ??= hashPassword(PASSWORD);
  const user = await db
    .insertInto('appUser')
    .values({ username, displayName: username, passwordHash: await hash, homeDistrictId: districtId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

/** A position held since the start of 2026, with a login unless `withLogin` is false. */
async function givenPosition(
  db: Database,
  districtId: string,
  node: Place,
  kind: PositionKind,
  holderName: string,
  username: string | null,
) {
  const userId = username ? await givenUser(db, districtId, username) : null;
  const row = await db
    .insertInto('position')
    .values({ districtId, nodeId: node.id, kind, holderName, holderUserId: userId, validFrom: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { positionId: row.id, userId };
}

let householdSeq = 0;
async function givenLinkedHousehold(
  db: Database,
  community: Place,
  node: Place,
  positionId: string,
  validFrom: string,
  validTo: string | null,
) {
  householdSeq++;
  const h = await db
    .insertInto('household')
    .values({ districtId: D, communityId: community.id, nodeId: node.id, householdNo: `H${householdSeq}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('householdLink')
    .values({ districtId: D, positionId, householdId: h.id, validFrom, validTo })
    .execute();
}

let caseSeq = 0;
async function givenCase(
  db: Database,
  community: Place,
  node: Place,
  submittedBy: string,
  createdAt: string,
  extra: Record<string, unknown> = {},
) {
  caseSeq++;
  const row = await db
    .insertInto('case')
    .values({
      districtId: D,
      submittedBy,
      caseNo: `T-${caseSeq}`,
      communityId: community.id,
      nodeId: node.id,
      nodePath: node.path,
      categoryCode: 'repair',
      channel: 'proxy',
      urgency: 'normal',
      title: `测试诉求${caseSeq}`,
      description: '楼道灯不亮',
      state: 'IN_PROGRESS',
      handleLimit: 7,
      handleUnit: 'working_days',
      createdAt: new Date(createdAt),
      ...extra,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id as string;
}

async function givenEvent(db: Database, caseId: string, actorUserId: string, action: string, at: string) {
  await db
    .insertInto('caseEvent')
    .values({ districtId: D, caseId, actorUserId, actorName: 'x', action, at: new Date(at) })
    .execute();
}

async function auditCount(db: Database, action: string, entityId?: string) {
  let q = db.selectFrom('auditLog').select(sql<number>`count(*)::int`.as('n')).where('action', '=', action);
  if (entityId) q = q.where('entityId', '=', entityId);
  return (await q.executeTakeFirstOrThrow()).n;
}

async function remindersOf(db: Database, userId: string, event: string) {
  const row = await db
    .selectFrom('notification')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('recipientUserId', '=', userId)
    .where('event', '=', event)
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('述职 through HTTP (AS-14)', async () => {
  const t = await buildTestApp();
  let admin: TestClient;
  let xAdmin: TestClient;
  let cadre: TestClient;
  let worker: TestClient;
  let hz1: TestClient;
  let lz1: TestClient;
  let community: Place;
  let xCommunity: Place;
  let root: Place;
  let g1: Place;
  let g2: Place;
  const pos: Record<string, { positionId: string; userId: string | null }> = {};

  beforeAll(async () => {
    const adminId = (await givenCommunity(t.db, WULIDUI)).userId;
    await givenCommunity(t.db, XINJI);
    community = (await findNodeByCode(t.db, D, WULIDUI))!;
    xCommunity = (await findNodeByCode(t.db, X, XINJI))!;
    root = (await t.db
      .selectFrom('territoryNode')
      .select(['id', 'path'])
      .where('districtId', '=', D)
      .where('parentId', 'is', null)
      .executeTakeFirstOrThrow())!;
    g1 = await givenNode(t.db, WULIDUI, community, 'grid', '第一网格');
    g2 = await givenNode(t.db, WULIDUI, community, 'grid', '第二网格');
    pos.cadre = await givenPosition(t.db, D, community, 'committee_member', '李委员', 'dr-cadre');
    pos.worker = await givenPosition(t.db, D, g1, 'grid_worker', '王网格', 'dr-worker');
    pos.hz1 = await givenPosition(t.db, D, g1, 'household_chief', '张大山', 'dr-hz1');
    pos.hz2 = await givenPosition(t.db, D, g1, 'household_chief', '欧阳春花', null);
    pos.lz1 = await givenPosition(t.db, D, g2, 'neighbour_chief', '赵小河', 'dr-lz1');
    pos.xhz = await givenPosition(t.db, X, xCommunity, 'household_chief', '钱多多', 'dr-xhz');

    // Linked in October: two households (one link ends 10 Oct); not one that ended in September or starts in November.
    await givenLinkedHousehold(t.db, community, g1, pos.hz1!.positionId, '2026-01-01', null);
    await givenLinkedHousehold(t.db, community, g1, pos.hz1!.positionId, '2026-01-01', '2026-10-10');
    await givenLinkedHousehold(t.db, community, g1, pos.hz1!.positionId, '2026-01-01', '2026-09-30');
    await givenLinkedHousehold(t.db, community, g1, pos.hz1!.positionId, '2026-11-01', null);

    await sql`insert into case_category (district_id, code, name, handle_limit) values (${D}, 'repair', '报修', 7)`.execute(
      t.db,
    );
    const hz1User = pos.hz1!.userId!;
    // Reported in October (Shanghai time): two by himself, one as proxy; one on 30 Sep 23:00 UTC = 1 Oct 07:00.
    const c1 = await givenCase(t.db, community, g1, hz1User, '2026-10-05T02:00:00Z');
    await givenCase(t.db, community, g1, hz1User, '2026-09-30T23:00:00Z');
    await givenCase(t.db, community, g1, adminId, '2026-10-08T02:00:00Z', { proxyUserId: hz1User });
    // Not in October: 30 Sep 15:00 UTC is still 30 Sep 23:00 in Shanghai.
    await givenCase(t.db, community, g1, hz1User, '2026-09-30T15:00:00Z');
    const other = await givenCase(t.db, community, g1, adminId, '2026-10-09T02:00:00Z');
    const third = await givenCase(t.db, community, g1, adminId, '2026-10-09T03:00:00Z');
    // Acted on two distinct cases in October; submitting does not count, nor a November action.
    await givenEvent(t.db, c1, hz1User, 'submit', '2026-10-05T02:00:00Z');
    await givenEvent(t.db, other, hz1User, 'sign', '2026-10-09T03:00:00Z');
    await givenEvent(t.db, other, hz1User, 'reply', '2026-10-10T03:00:00Z');
    await givenEvent(t.db, c1, hz1User, 'sign', '2026-10-06T03:00:00Z');
    await givenEvent(t.db, third, hz1User, 'sign', '2026-11-02T03:00:00Z');

    // Attendance in October: two meetings recorded (one attended), a cancelled one and a November one ignored;
    // 早点名 turns attended and missed, and one handed to 赵小河 (his, not 张大山's).
    const meeting = async (day: string, attendance: string, cancelled = false) => {
      const { rows } = await sql<{ id: string }>`
        insert into meeting (district_id, node_id, node_path, kind, title, place, organiser_user_id, starts_at,
          ends_at, check_in_token, check_in_code, cancelled_at)
        values (${D}, ${g1.id}, ${g1.path}::ltree, 'chiefs_monthly', '户长联系会议', '村委会', ${adminId},
          ${`${day}T19:00:00+08:00`}::timestamptz, ${`${day}T20:00:00+08:00`}::timestamptz, ${crypto.randomUUID()},
          '123456', ${cancelled ? new Date() : null})
        returning id`.execute(t.db);
      await sql`insert into meeting_invitee (district_id, meeting_id, user_id, position_id, name, attendance)
        values (${D}, ${rows[0]!.id}, ${hz1User}, ${pos.hz1!.positionId}, '张大山', ${attendance})`.execute(
        t.db,
      );
    };
    await meeting('2026-10-20', 'attended');
    await meeting('2026-10-22', 'absent');
    await meeting('2026-10-23', 'attended', true);
    await meeting('2026-11-03', 'attended');
    const { rows: rota } = await sql<{ id: string }>`
      insert into rollcall_rota (district_id, node_id, month, per_day) values (${D}, ${community.id}, '2026-10', 1)
      returning id`.execute(t.db);
    const turn = (day: string, status: string, substitute: string | null = null) =>
      sql`insert into rollcall_duty (district_id, rota_id, node_id, day, slot, position_id, substitute_position_id, status)
        values (${D}, ${rota[0]!.id}, ${community.id}, ${day}, 1, ${pos.hz1!.positionId}, ${substitute}, ${status})`.execute(
        t.db,
      );
    await turn('2026-10-03', 'attended');
    await turn('2026-10-04', 'absent');
    await turn('2026-10-05', 'substituted', pos.lz1!.positionId);

    admin = await t.client().login('admin430304', PASSWORD);
    xAdmin = await t.client().login('admin320116', PASSWORD);
    cadre = await t.client().login('dr-cadre', PASSWORD);
    worker = await t.client().login('dr-worker', PASSWORD);
    hz1 = await t.client().login('dr-hz1', PASSWORD);
    lz1 = await t.client().login('dr-lz1', PASSWORD);
  });

  it('prefills a chief’s own report with his figures from the real tables', async () => {
    const res = await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-10');
    expect(res.statusCode).toBe(200);
    const [r] = res.json().items;
    expect(r).toMatchObject({
      id: null,
      positionId: pos.hz1!.positionId,
      state: 'DUE',
      dueOn: '2026-10-25',
      figures: {
        linkedHouseholds: 2,
        casesReported: 3,
        casesHandled: 2,
        visits: 0,
        visitsNote: '走访模块尚未启用',
        attendance: { attended: 2, expected: 4 },
        attendanceNote: null,
      },
    });
    const lz = (await lz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-10')).json().items[0];
    expect(lz.figures.attendance).toEqual({ attended: 1, expected: 1 });
    const sep = (await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-09')).json().items[0];
    expect(sep.figures).toMatchObject({
      attendance: { attended: 0, expected: 0 },
      attendanceNote: expect.any(String),
    });
    const before = await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2025-12');
    expect(before.json().items).toEqual([]);
    const year = await hz1.get('/api/v1/duty-reports/mine?periodKind=year&period=2026');
    expect(year.json().items[0].figures).toMatchObject({
      linkedHouseholds: 4,
      casesReported: 4,
      casesHandled: 3,
    });
  });

  it('refuses the chief’s page to who holds no chief post, and a malformed period', async () => {
    expect((await worker.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-10')).statusCode).toBe(
      403,
    );
    const bad = await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.period).toContain('YYYY-MM');
  });

  it('takes a written report from the chief himself, once, freezing his figures', async () => {
    const body = {
      positionId: pos.hz1!.positionId,
      periodKind: 'month',
      period: '2026-10',
      content: '本月走访十户',
    };
    expect(
      (await hz1.post('/api/v1/duty-reports/submit', { ...body, content: ' ' })).json().fields,
    ).toHaveProperty('content');
    expect((await hz1.post('/api/v1/duty-reports/submit', { ...body, period: '2099-01' })).statusCode).toBe(
      400,
    );
    expect(
      (await hz1.post('/api/v1/duty-reports/submit', { ...body, positionId: pos.lz1!.positionId }))
        .statusCode,
    ).toBe(404);
    expect((await worker.post('/api/v1/duty-reports/submit', body)).statusCode).toBe(403);

    const res = await hz1.post('/api/v1/duty-reports/submit', body);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      state: 'SUBMITTED',
      form: 'written',
      recordedByName: null,
      content: '本月走访十户',
    });
    expect(r.figures.casesReported).toBe(3);
    const row = await t.db
      .selectFrom('dutyReport')
      .selectAll()
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'SUBMITTED', form: 'written', districtId: D });
    expect((row.figures as { linkedHouseholds: number }).linkedHouseholds).toBe(2);
    expect(await auditCount(t.db, 'duty_report.submit', r.id)).toBe(1);

    const again = await hz1.post('/api/v1/duty-reports/submit', body);
    expect(again.statusCode).toBe(409);
  });

  it('lets a cadre record an oral report on a chief’s behalf, flagged as oral', async () => {
    const body = {
      positionId: pos.hz2!.positionId,
      periodKind: 'month',
      period: '2026-10',
      content: '口头汇报：完成清扫',
    };
    expect((await worker.post('/api/v1/duty-reports/oral', body)).statusCode).toBe(403);
    expect((await hz1.post('/api/v1/duty-reports/oral', body)).statusCode).toBe(403);
    expect((await xAdmin.post('/api/v1/duty-reports/oral', body)).statusCode).toBe(404);
    expect(
      (await cadre.post('/api/v1/duty-reports/oral', { ...body, positionId: pos.xhz!.positionId }))
        .statusCode,
    ).toBe(404);
    const res = await cadre.post('/api/v1/duty-reports/oral', body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'SUBMITTED', form: 'oral', recordedByName: 'dr-cadre' });
    expect(await auditCount(t.db, 'duty_report.record_oral', res.json().id)).toBe(1);
  });

  it('lists who is due, submitted and evaluated in the community, with the missing count', async () => {
    const res = await cadre.get(
      `/api/v1/duty-reports?communityId=${community.id}&periodKind=month&period=2026-10`,
    );
    expect(res.statusCode).toBe(200);
    const { items, missing, grades } = res.json();
    expect(grades).toEqual(['优秀', '良好', '合格', '不合格']);
    expect(missing).toBe(1);
    const byName = Object.fromEntries(
      items.map((i: { holderName: string; state: string }) => [i.holderName, i.state]),
    );
    expect(byName).toEqual({ 张大山: 'SUBMITTED', 欧阳春花: 'SUBMITTED', 赵小河: 'DUE' });
    expect(
      (await worker.get(`/api/v1/duty-reports?communityId=${community.id}&periodKind=month&period=2026-10`))
        .statusCode,
    ).toBe(403);
    expect(
      (await xAdmin.get(`/api/v1/duty-reports?communityId=${community.id}&periodKind=month&period=2026-10`))
        .statusCode,
    ).toBe(404);
    expect(
      (await cadre.get(`/api/v1/duty-reports?communityId=${g1.id}&periodKind=month&period=2026-10`))
        .statusCode,
    ).toBe(404);
  });

  it('grades on the community scale and the chief acknowledges', async () => {
    const mine = (await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-10')).json().items[0];
    const url = `/api/v1/duty-reports/${mine.id}`;
    expect((await cadre.post(`${url}/evaluate`, { grade: '很好' })).json().fields.grade).toContain('优秀');
    expect((await worker.post(`${url}/evaluate`, { grade: '优秀' })).statusCode).toBe(403);
    expect((await xAdmin.post(`${url}/evaluate`, { grade: '优秀' })).statusCode).toBe(404);
    expect((await hz1.post(`${url}/acknowledge`)).statusCode).toBe(409);

    const graded = await cadre.post(`${url}/evaluate`, { grade: '良好', comment: '按时述职' });
    expect(graded.statusCode).toBe(200);
    const regraded = await cadre.post(`${url}/evaluate`, { grade: '优秀', comment: '按时述职，数据扎实' });
    expect(regraded.json()).toMatchObject({ state: 'EVALUATED', grade: '优秀', evaluatorName: 'dr-cadre' });
    expect(await auditCount(t.db, 'duty_report.evaluate', mine.id)).toBe(2);

    expect((await lz1.post(`${url}/acknowledge`)).statusCode).toBe(404);
    const ack = await hz1.post(`${url}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().state).toBe('ACKNOWLEDGED');
    expect(await auditCount(t.db, 'duty_report.acknowledge', mine.id)).toBe(1);
    expect((await hz1.post(`${url}/acknowledge`)).statusCode).toBe(409);
    expect((await cadre.post(`${url}/evaluate`, { grade: '合格' })).statusCode).toBe(409);
    expect(
      (await cadre.post(`/api/v1/duty-reports/${crypto.randomUUID()}/evaluate`, { grade: '合格' }))
        .statusCode,
    ).toBe(404);
  });

  it('reminds missing reports at D-7, D-1 and D once each, even with two concurrent runs', async () => {
    const lzUser = pos.lz1!.userId!;
    const hzUser = pos.hz1!.userId!;
    // 赵小河 already reported for December; his annual report is still missing.
    await t.db
      .insertInto('dutyReport')
      .values({
        districtId: D,
        communityId: community.id,
        positionId: pos.lz1!.positionId,
        periodKind: 'month',
        period: '2026-12',
        dueOn: '2026-12-25',
        state: 'SUBMITTED',
        form: 'written',
        content: '已述职',
        submittedAt: new Date(),
      })
      .execute();
    const at = (day: string) => new Date(`${day}T02:00:00Z`);
    await remindDutyReports(t.db, at('2026-12-17'));
    expect(await remindersOf(t.db, hzUser, 'duty_report.remind_d7')).toBe(0);

    await Promise.all([remindDutyReports(t.db, at('2026-12-18')), remindDutyReports(t.db, at('2026-12-18'))]);
    await remindDutyReports(t.db, at('2026-12-20'));
    // Month and year both fall due on 25 December.
    expect(await remindersOf(t.db, hzUser, 'duty_report.remind_d7')).toBe(2);
    expect(await remindersOf(t.db, lzUser, 'duty_report.remind_d7')).toBe(1);

    await Promise.all([remindDutyReports(t.db, at('2026-12-24')), remindDutyReports(t.db, at('2026-12-24'))]);
    await Promise.all([remindDutyReports(t.db, at('2026-12-25')), remindDutyReports(t.db, at('2026-12-25'))]);
    await remindDutyReports(t.db, at('2026-12-26'));
    expect(await remindersOf(t.db, hzUser, 'duty_report.remind_d1')).toBe(2);
    expect(await remindersOf(t.db, hzUser, 'duty_report.remind_d0')).toBe(2);
    expect(await remindersOf(t.db, lzUser, 'duty_report.remind_d0')).toBe(1);
    expect(await remindersOf(t.db, pos.xhz!.userId!, 'duty_report.remind_d0')).toBe(2);

    const missing = await cadre.get(
      `/api/v1/duty-reports?communityId=${community.id}&periodKind=month&period=2026-12`,
    );
    expect(missing.json().missing).toBe(2);
  });

  it('ranks the year by grade then figures, and exports it masked and audited', async () => {
    const oral = async (positionId: string, grade: string) => {
      const r = await cadre.post('/api/v1/duty-reports/oral', {
        positionId,
        periodKind: 'year',
        period: '2026',
        content: '年度口头述职',
      });
      expect((await cadre.post(`/api/v1/duty-reports/${r.json().id}/evaluate`, { grade })).statusCode).toBe(
        200,
      );
    };
    await oral(pos.lz1!.positionId, '合格');
    await oral(pos.hz2!.positionId, '优秀');
    const q = `communityId=${community.id}&year=2026`;
    const res = await cadre.get(`/api/v1/duty-reports/ranking?${q}`);
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((i: { rank: number; holderName: string; annualGrade: string | null }) => [
          i.rank,
          i.holderName,
          i.annualGrade,
        ]),
    ).toEqual([
      [1, '欧阳春花', '优秀'],
      [2, '赵小河', '合格'],
      [3, '张大山', null],
    ]);

    expect((await worker.get(`/api/v1/duty-reports/ranking.xlsx?${q}`)).statusCode).toBe(403);
    expect((await xAdmin.get(`/api/v1/duty-reports/ranking.xlsx?${q}`)).statusCode).toBe(404);
    const before = await auditCount(t.db, 'duty_report.ranking_export', community.id);
    const file = await cadre.get(`/api/v1/duty-reports/ranking.xlsx?${q}`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as never);
    const rows = wb.getWorksheet('年度排名')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[2], r[5], r[11]])).toEqual([
      [1, '欧阳**', '优秀', '本期没有需要出席的会议或早点名'],
      [2, '赵**', '合格', '1/1'],
      [3, '张**', '未评价', '3/5'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('大山');
    expect(await auditCount(t.db, 'duty_report.ranking_export', community.id)).toBe(before + 1);
  });

  it('rolls submission rates and grades up the territory tree', async () => {
    const res = await admin.get('/api/v1/duty-reports/stats?periodKind=month&period=2026-10');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.node.id).toBe(root.id);
    expect(s.totals).toMatchObject({
      expected: 3,
      submitted: 2,
      evaluated: 1,
      grades: [{ grade: '优秀', count: 1 }],
    });
    expect(s.totals.submissionRate).toBeCloseTo(2 / 3);

    const c = (
      await cadre.get(`/api/v1/duty-reports/stats?nodeId=${community.id}&periodKind=month&period=2026-10`)
    ).json();
    const byName = Object.fromEntries(
      c.children.map((x: { name: string; stats: unknown }) => [x.name, x.stats]),
    );
    expect(byName.第一网格).toMatchObject({ expected: 2, submitted: 2, submissionRate: 1 });
    expect(byName.第二网格).toMatchObject({ expected: 1, submitted: 0, submissionRate: 0 });

    expect((await worker.get('/api/v1/duty-reports/stats?periodKind=month&period=2026-10')).statusCode).toBe(
      403,
    );
    expect(
      (await cadre.get(`/api/v1/duty-reports/stats?nodeId=${root.id}&periodKind=month&period=2026-10`))
        .statusCode,
    ).toBe(404);
    expect(
      (await xAdmin.get(`/api/v1/duty-reports/stats?nodeId=${community.id}&periodKind=month&period=2026-10`))
        .statusCode,
    ).toBe(404);
  });

  it('keeps a configurable grade scale per community', async () => {
    const url = `/api/v1/duty-reports/setting?communityId=${community.id}`;
    expect((await cadre.get(url)).json()).toEqual({ grades: ['优秀', '良好', '合格', '不合格'], dueDay: 25 });
    expect((await cadre.put(url, { grades: ['好', '好'], dueDay: 10 })).statusCode).toBe(400);
    expect((await cadre.put(url, { grades: ['好', '差'], dueDay: 31 })).json().fields).toHaveProperty(
      'dueDay',
    );
    expect((await worker.put(url, { grades: ['好', '差'], dueDay: 10 })).statusCode).toBe(403);
    expect((await xAdmin.put(url, { grades: ['好', '差'], dueDay: 10 })).statusCode).toBe(404);
    const res = await cadre.put(url, { grades: ['A', 'B', 'C'], dueDay: 10 });
    expect(res.statusCode).toBe(200);
    expect(await auditCount(t.db, 'duty_report.setting', community.id)).toBe(1);
    const sep = await hz1.get('/api/v1/duty-reports/mine?periodKind=month&period=2026-09');
    expect(sep.json().items[0].dueOn).toBe('2026-09-10');
  });
});
