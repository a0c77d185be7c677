import { describe, expect, it } from 'vitest';
import { givenCommunity, givenNodeUnder, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { staffOf } from '../../../test/staff.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import type { TerritoryLevel } from '../territory/index.ts';
import { sendReminders } from './index.ts';
import { workingDaysOf } from './rollcall.service.ts';

interface DutyOut {
  id: string;
  day: string;
  slot: number;
  positionId: string;
  chiefName: string;
  substituteName: string | null;
  status: string;
}

const nextMonth = (month: string) => addDays(`${month}-28`, 7).slice(0, 7);

/** The first month after this one with `n` working days on the official calendar (inside the feed's window). */
function monthWith(n: number): string {
  let month = businessToday().slice(0, 7);
  for (let i = 0; i < 6; i++) {
    month = nextMonth(month);
    if (workingDaysOf(month).length === n) return month;
  }
  throw new Error(`no month with ${n} working days`);
}

describe('早点名会 roll-call rota (AS-13): fair rotation, leave, substitutes, check-in, report', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;

  const node = (parentId: string, level: TerritoryLevel, name: string) =>
    givenNodeUnder(t.db, D, parentId, level, name);
  const caoying = await node(wl.communityId, 'natural_village', '曹营自然村');
  const other = await node(wl.communityId, 'natural_village', '王庄自然村');

  const admin = await t.client().login('wang', PASSWORD);
  const { userIds, user, position } = staffOf(admin);
  await user('shuji', '书记老张');
  await position(wl.communityId, 'secretary', '书记老张', 'shuji');
  await user('wz', '王庄网格员');
  await position(other.id, 'grid_worker', '王庄网格员', 'wz');
  const chiefs: string[] = [];
  for (let i = 1; i <= 10; i++) {
    await user(`hz${i}`, `户长${i}`);
    chiefs.push(await position(caoying.id, 'household_chief', `户长${i}`, `hz${i}`));
  }
  const wangzhuangChief = await position(other.id, 'household_chief', '王庄户长');

  const shuji = await t.client().login('shuji', PASSWORD);
  const wz = await t.client().login('wz', PASSWORD);
  const hz1 = await t.client().login('hz1', PASSWORD);
  const hz2 = await t.client().login('hz2', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function ok(res: Awaited<ReturnType<TestClient['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const countBy = (duties: DutyOut[]) => {
    const counts = new Map<string, number>();
    for (const d of duties) counts.set(d.positionId, (counts.get(d.positionId) ?? 0) + 1);
    return counts;
  };
  const monthA = monthWith(20);
  const monthB = nextMonth(monthA);
  let dutiesA: DutyOut[] = [];

  it('gives each of 10 户长 exactly 2 duties in a month of 20 working days, in rotation', async () => {
    const rota = await ok(await shuji.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: monthA }));
    dutiesA = rota.duties;
    expect(rota.workingDays).toHaveLength(20);
    expect(rota.chiefs).toHaveLength(10);
    expect(dutiesA).toHaveLength(20);
    expect(dutiesA.map((d) => d.day)).toEqual(rota.workingDays);
    expect([...countBy(dutiesA).values()]).toEqual(Array(10).fill(2));
    expect(dutiesA.slice(0, 10).map((d) => d.positionId)).toEqual(chiefs);
    expect(dutiesA.slice(10).map((d) => d.positionId)).toEqual(chiefs);
    // The answer is built without reading the rota back; it must be what reading it back gives.
    expect(await ok(await shuji.get(`/api/v1/rollcall/rota?nodeId=${caoying.id}&month=${monthA}`))).toEqual(
      rota,
    );
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('districtId', '=', D)
      .where('entityId', '=', rota.id)
      .execute();
    expect(audit).toEqual([
      { action: 'rollcall.rota_generate', detail: expect.objectContaining({ duties: 20, chiefs: 10 }) },
    ]);
    // Generating the same month again is refused; a 户长 may look but not generate; other scopes see nothing.
    expect(
      (await shuji.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: monthA })).statusCode,
    ).toBe(409);
    expect((await hz1.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: monthB })).statusCode).toBe(
      403,
    );
    const seen = await ok(await hz1.get(`/api/v1/rollcall/rota?nodeId=${caoying.id}&month=${monthA}`));
    expect(seen.canManage).toBe(false);
    expect(seen.duties.filter((d: { isMine: boolean }) => d.isMine)).toHaveLength(2);
    expect((await wz.get(`/api/v1/rollcall/rota?nodeId=${caoying.id}&month=${monthA}`)).statusCode).toBe(404);
    expect((await zhao.get(`/api/v1/rollcall/rota?nodeId=${caoying.id}&month=${monthA}`)).statusCode).toBe(
      404,
    );
    expect(
      (await shuji.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: '2027-13' })).statusCode,
    ).toBe(400);
    expect(
      (await shuji.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: monthB, perDay: 0 }))
        .statusCode,
    ).toBe(400);
  });

  it('skips recorded leave and continues the rotation from the previous month', async () => {
    const days = workingDaysOf(monthB);
    const leave = await ok(
      await shuji.post('/api/v1/rollcall/leaves', {
        positionId: chiefs[0],
        fromDay: days[0],
        toDay: days[1],
        reason: '外出务工',
      }),
    );
    expect(leave).toMatchObject({ chiefName: '户长1', fromDay: days[0], toDay: days[1] });
    const reversed = await shuji.post('/api/v1/rollcall/leaves', {
      positionId: chiefs[0],
      fromDay: days[1],
      toDay: days[0],
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().fields.toDay).toBeTruthy();
    expect(
      (await hz2.post('/api/v1/rollcall/leaves', { positionId: chiefs[0], fromDay: days[0], toDay: days[0] }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await zhao.post('/api/v1/rollcall/leaves', {
          positionId: chiefs[0],
          fromDay: days[0],
          toDay: days[0],
        })
      ).statusCode,
    ).toBe(404);
    const listed = await ok(await shuji.get(`/api/v1/rollcall/leaves?nodeId=${caoying.id}&month=${monthB}`));
    expect(listed.items).toHaveLength(1);

    const rota = await ok(await shuji.post('/api/v1/rollcall/rota', { nodeId: caoying.id, month: monthB }));
    const duties = rota.duties as DutyOut[];
    // 户长1 was next in line but on leave for two days: 户长2 and 户长3 go first, then 户长1 keeps his turn.
    expect(duties.slice(0, 3).map((d) => d.chiefName)).toEqual(['户长2', '户长3', '户长1']);
    expect(duties.filter((d) => d.positionId === chiefs[0] && d.day <= days[1]!)).toEqual([]);
    const counts = [...countBy(duties).values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(days.length);
  });

  it('substitutes a duty (audited, notified), checks in, and reports the month per 户长', async () => {
    const [d1, d2, d3] = dutiesA as [DutyOut, DutyOut, DutyOut];
    expect(
      (
        await shuji.post(`/api/v1/rollcall/duties/${d1.id}/substitute`, {
          substitutePositionId: wangzhuangChief,
          reason: '生病',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await shuji.post(`/api/v1/rollcall/duties/${d1.id}/substitute`, {
          substitutePositionId: chiefs[0],
          reason: '生病',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await hz2.post(`/api/v1/rollcall/duties/${d1.id}/substitute`, {
          substitutePositionId: chiefs[4],
          reason: '生病',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await zhao.post(`/api/v1/rollcall/duties/${d1.id}/substitute`, {
          substitutePositionId: chiefs[4],
          reason: '生病',
        })
      ).statusCode,
    ).toBe(404);
    // The 户长 on duty arranges his own swap.
    const swapped = await ok(
      await hz1.post(`/api/v1/rollcall/duties/${d1.id}/substitute`, {
        substitutePositionId: chiefs[4],
        reason: '生病住院',
      }),
    );
    expect(swapped).toMatchObject({ chiefName: '户长1', substituteName: '户长5', status: 'scheduled' });
    const swapAudit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'reason', 'detail'])
      .where('districtId', '=', D)
      .where('entityId', '=', d1.id)
      .execute();
    expect(swapAudit).toEqual([
      {
        action: 'rollcall.substitute',
        reason: '生病住院',
        detail: expect.objectContaining({ fromName: '户长1', toName: '户长5' }),
      },
    ]);
    const notified = await t.db
      .selectFrom('notification')
      .select('event')
      .where('recipientUserId', '=', userIds.hz5!)
      .where('entityId', '=', d1.id)
      .execute();
    expect(notified).toEqual([{ event: 'rollcall.substitute' }]);

    // A 户长 checks himself in only on the day, and cannot mark anyone absent.
    expect(
      (await hz2.post(`/api/v1/rollcall/duties/${d2.id}/check-in`, { status: 'attended' })).statusCode,
    ).toBe(409);
    expect(
      (await hz2.post(`/api/v1/rollcall/duties/${d2.id}/check-in`, { status: 'absent' })).statusCode,
    ).toBe(403);
    expect(
      (await hz1.post(`/api/v1/rollcall/duties/${d2.id}/check-in`, { status: 'attended' })).statusCode,
    ).toBe(403);
    expect(
      (await shuji.post(`/api/v1/rollcall/duties/${d2.id}/check-in`, { status: 'substituted' })).statusCode,
    ).toBe(400);

    expect(
      await ok(await shuji.post(`/api/v1/rollcall/duties/${d1.id}/check-in`, { status: 'attended' })),
    ).toMatchObject({ status: 'substituted' });
    await ok(await shuji.post(`/api/v1/rollcall/duties/${d2.id}/check-in`, { status: 'attended' }));
    await ok(await shuji.post(`/api/v1/rollcall/duties/${d3.id}/check-in`, { status: 'absent' }));
    expect(
      (
        await shuji.post(`/api/v1/rollcall/duties/${d2.id}/substitute`, {
          substitutePositionId: chiefs[6],
          reason: '迟',
        })
      ).statusCode,
    ).toBe(409);

    const report = await ok(
      await shuji.get(`/api/v1/rollcall/report?nodeId=${caoying.id}&from=${monthA}&to=${monthA}`),
    );
    const byName = Object.fromEntries(report.rows.map((r: { chiefName: string }) => [r.chiefName, r]));
    expect(byName.户长1).toMatchObject({
      duties: 2,
      attended: 0,
      absent: 0,
      substituted: 1,
      covered: 0,
      rate: null,
    });
    expect(byName.户长5).toMatchObject({
      duties: 2,
      attended: 1,
      absent: 0,
      substituted: 0,
      covered: 1,
      rate: 1,
    });
    expect(byName.户长2).toMatchObject({ duties: 2, attended: 1, absent: 0, rate: 1 });
    expect(byName.户长3).toMatchObject({ duties: 2, attended: 0, absent: 1, rate: 0 });
    expect(report.rows).toHaveLength(10);
    expect(
      (await wz.get(`/api/v1/rollcall/report?nodeId=${caoying.id}&from=${monthA}&to=${monthA}`)).statusCode,
    ).toBe(404);

    const xlsx = await shuji.get(
      `/api/v1/rollcall/report.xlsx?nodeId=${caoying.id}&from=${monthA}&to=${monthA}`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exportAudit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('districtId', '=', D)
      .where('action', '=', 'rollcall.report_export')
      .execute();
    expect(exportAudit).toHaveLength(1);

    // The community over both months: only 曹营 has rotas, so only its 户长 appear, with both months' duties.
    const rolled = await ok(
      await shuji.get(`/api/v1/rollcall/report?nodeId=${wl.communityId}&from=${monthA}&to=${monthB}`),
    );
    expect(new Set(rolled.rows.map((r: { nodeName: string }) => r.nodeName))).toEqual(
      new Set(['曹营自然村']),
    );
    expect(rolled.rows).toHaveLength(10);
    const dutiesB = (await ok(await shuji.get(`/api/v1/rollcall/rota?nodeId=${caoying.id}&month=${monthB}`)))
      .duties as DutyOut[];
    const total = (rows: { duties: number }[]) => rows.reduce((n, r) => n + r.duties, 0);
    expect(total(rolled.rows)).toBe(dutiesA.length + dutiesB.length);
    // 王庄 has no rota: asked for alone, its 户长 is listed idle.
    const idle = await ok(
      await shuji.get(`/api/v1/rollcall/report?nodeId=${other.id}&from=${monthA}&to=${monthA}`),
    );
    expect(idle.rows).toMatchObject([{ chiefName: '王庄户长', duties: 0, rate: null }]);
    // The district rolls up 曹营's rows; 新集's district, with 户长 but no rota, is empty rather than all of them.
    const districtOf = (id: string) =>
      t.db
        .selectFrom('territoryNode')
        .select('id')
        .where('districtId', '=', id)
        .where('level', '=', 'district')
        .executeTakeFirstOrThrow();
    const wholeDistrict = await admin.get(
      `/api/v1/rollcall/report?nodeId=${(await districtOf(D)).id}&from=${monthA}&to=${monthA}`,
    );
    expect((await ok(wholeDistrict)).rows).toEqual(report.rows);
    const xinji = await districtOf(XINJI.slice(0, 6));
    const xinjiCommunity = await t.db
      .selectFrom('territoryNode')
      .select('id')
      .where('districtId', '=', XINJI.slice(0, 6))
      .where('level', '=', 'community')
      .executeTakeFirstOrThrow();
    await ok(
      await zhao.post('/api/v1/positions', {
        nodeId: xinjiCommunity.id,
        kind: 'household_chief',
        holderName: '新集户长',
      }),
    );
    const empty = await zhao.get(`/api/v1/rollcall/report?nodeId=${xinji.id}&from=${monthA}&to=${monthA}`);
    expect((await ok(empty)).rows).toEqual([]);
    const alone = await zhao.get(
      `/api/v1/rollcall/report?nodeId=${xinjiCommunity.id}&from=${monthA}&to=${monthA}`,
    );
    expect((await ok(alone)).rows).toMatchObject([{ chiefName: '新集户长', duties: 0 }]);
    const bad = await shuji.get(`/api/v1/rollcall/report?nodeId=${caoying.id}&from=${monthB}&to=${monthA}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toHaveProperty('to');
    const checkIns = await t.db
      .selectFrom('auditLog')
      .select('entityId')
      .where('districtId', '=', D)
      .where('action', '=', 'rollcall.check_in')
      .execute();
    expect(checkIns.map((a) => a.entityId).sort()).toEqual([d1.id, d2.id, d3.id].sort());
  });

  it('reminds the 户长 on duty the day before, once, with concurrent runs', async () => {
    const d = dutiesA[5]!;
    const eve = new Date(`${addDays(d.day, -1)}T18:00:00+08:00`);
    await Promise.all([sendReminders(t.db, eve), sendReminders(t.db, eve)]);
    await sendReminders(t.db, eve);
    const sent = await t.db
      .selectFrom('notification')
      .select(['recipientUserId', 'event'])
      .where('districtId', '=', D)
      .where('entityId', '=', d.id)
      .execute();
    expect(sent).toEqual([{ recipientUserId: userIds.hz6, event: 'rollcall.reminder' }]);

    // The 户长's calendar feed carries his duties as all-day events.
    const { url } = await ok(
      await t
        .client()
        .login('hz6', PASSWORD)
        .then((c) => c.post('/api/v1/meetings/calendar-token')),
    );
    const feed = (await t.client().get(url)).body.replace(/\r\n /g, '');
    const mine = dutiesA.filter((x) => x.positionId === chiefs[5]);
    for (const x of mine) expect(feed).toContain(`UID:${x.id}@gongzhi\r\n`);
    expect(feed).toContain(`DTSTART;VALUE=DATE:${d.day.replace(/-/g, '')}\r\n`);
  });
});
