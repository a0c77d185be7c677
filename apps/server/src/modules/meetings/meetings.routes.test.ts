import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, givenNodeUnder, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { staffOf } from '../../../test/staff.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { TerritoryLevel } from '../territory/index.ts';
import { sendReminders } from './index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('meetings: notice, check-in, minutes and suggestions, reminders, calendar feed', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;

  const node = (parentId: string, level: TerritoryLevel, name: string) =>
    givenNodeUnder(t.db, D, parentId, level, name);
  const village = await node(wl.communityId, 'natural_village', '曹营自然村');
  const otherArea = await node(wl.communityId, 'area', '第九片区');

  const admin = await t.client().login('wang', PASSWORD);
  const { userIds, user, position } = staffOf(admin);
  await user('shuji', '书记老张');
  await position(wl.communityId, 'secretary', '书记老张', 'shuji');
  await user('zuzhang', '组长老周');
  await position(village.id, 'group_chief', '组长老周', 'zuzhang');
  await user('outsider', '第九片区网格员');
  await position(otherArea.id, 'grid_worker', '第九片区网格员', 'outsider');
  for (let i = 1; i <= 3; i++) {
    await user(`hz${i}`, `户长${i}`);
    await position(village.id, 'household_chief', `户长${i}`, `hz${i}`);
  }
  // A 户长 without an account is still invited and can be ticked by the organiser.
  await position(village.id, 'household_chief', '户长无账号');

  const shuji = await t.client().login('shuji', PASSWORD);
  const zuzhang = await t.client().login('zuzhang', PASSWORD);
  const outsider = await t.client().login('outsider', PASSWORD);
  const hz1 = await t.client().login('hz1', PASSWORD);
  const hz2 = await t.client().login('hz2', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);

  async function ok(res: Awaited<ReturnType<TestClient['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const inDays = (days: number, hour = 0) => new Date(Date.now() + days * DAY + hour * HOUR).toISOString();
  function meetingBody(extra: Record<string, unknown> = {}) {
    return {
      nodeId: village.id,
      kind: 'chiefs_yearend',
      title: '曹营自然村户长联席会议',
      place: '村委会议室',
      startsAt: inDays(5),
      endsAt: inDays(5, 2),
      agenda: ['年度述职', '环境卫生整治'],
      inviteePositionKinds: ['household_chief'],
      ...extra,
    };
  }
  const auditOf = (entityId: string) =>
    t.db
      .selectFrom('auditLog')
      .select('action')
      .where('districtId', '=', D)
      .where('entityId', '=', entityId)
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => r.action));
  const notificationsOf = (username: string, entityId: string, event: string) =>
    t.db
      .selectFrom('notification')
      .select(['title'])
      .where('districtId', '=', D)
      .where('recipientUserId', '=', userIds[username]!)
      .where('entityId', '=', entityId)
      .where('event', '=', event)
      .execute();

  it('schedules a meeting with all 户长 invited and sends the notice', async () => {
    const res = await ok(await shuji.post('/api/v1/meetings', meetingBody()));
    expect(res.items).toHaveLength(1);
    const m = res.items[0];
    expect(m).toMatchObject({ kind: 'chiefs_yearend', nodeName: '曹营自然村', isUrgent: false });
    const detail = await ok(await shuji.get(`/api/v1/meetings/${m.id}`));
    expect(detail.invitees.map((i: { name: string }) => i.name).sort()).toEqual(
      ['户长1', '户长2', '户长3', '户长无账号'].sort(),
    );
    expect(detail.agenda).toEqual(['年度述职', '环境卫生整治']);
    expect(detail.checkIn.code).toMatch(/^\d{6}$/);
    expect(await notificationsOf('hz1', m.id, 'meetings.notice')).toEqual([
      { title: '会议通知：曹营自然村户长联席会议' },
    ]);
    expect(await auditOf(m.id)).toEqual(['meetings.create']);
    // An invitee sees it without the check-in secret; a 组长 of the village sees it too.
    const asInvitee = await ok(await hz1.get(`/api/v1/meetings/${m.id}`));
    expect(asInvitee).toMatchObject({ checkIn: null, canManage: false });
    expect(asInvitee.myInviteeId).toBeTruthy();
    expect((await zuzhang.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(200);
    // Outside the scope and not invited, or another district: 404.
    expect((await outsider.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await zhao.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    const list = await ok(
      await hz1.get(`/api/v1/meetings?from=${inDays(0).slice(0, 10)}&to=${inDays(10).slice(0, 10)}`),
    );
    expect(list.items.map((i: { id: string }) => i.id)).toContain(m.id);
    const outsiderList = await ok(
      await outsider.get(`/api/v1/meetings?from=${inDays(0).slice(0, 10)}&to=${inDays(10).slice(0, 10)}`),
    );
    expect(outsiderList.items).toEqual([]);
  });

  it('refuses notice under 3 days without a reason; with one it is a 紧急通知', async () => {
    const short = meetingBody({ startsAt: inDays(1), endsAt: inDays(1, 1) });
    const refused = await shuji.post('/api/v1/meetings', short);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields.urgentReason).toContain('3 天');
    const urgent = await ok(await shuji.post('/api/v1/meetings', { ...short, urgentReason: '防汛紧急部署' }));
    const id = urgent.items[0].id;
    expect(urgent.items[0].isUrgent).toBe(true);
    expect(await notificationsOf('hz2', id, 'meetings.notice')).toEqual([
      { title: '紧急通知：曹营自然村户长联席会议' },
    ]);
  });

  it('validates input (400), needs meetings.manage (403) and the node in scope (404)', async () => {
    const reversed = await shuji.post('/api/v1/meetings', meetingBody({ endsAt: inDays(4) }));
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().fields.endsAt).toBeTruthy();
    const badKind = await shuji.post('/api/v1/meetings', meetingBody({ inviteePositionKinds: ['mayor'] }));
    expect(badKind.statusCode).toBe(400);
    const badUser = await shuji.post(
      '/api/v1/meetings',
      meetingBody({ inviteeUserIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(badUser.statusCode).toBe(400);
    expect((await hz1.post('/api/v1/meetings', meetingBody())).statusCode).toBe(403);
    expect((await zuzhang.post('/api/v1/meetings', meetingBody())).statusCode).toBe(403);
    expect((await outsider.post('/api/v1/meetings', meetingBody())).statusCode).toBe(404);
    expect((await zhao.post('/api/v1/meetings', meetingBody())).statusCode).toBe(404);
    expect((await shuji.get('/api/v1/meetings?from=2026-01-01&to=2026-12-31')).statusCode).toBe(400);
  });

  it('generates occurrences: weekly until a date, monthly on the first Friday', async () => {
    const start = new Date('2027-03-05T09:00:00+08:00'); // a Friday
    const weekly = await ok(
      await shuji.post(
        '/api/v1/meetings',
        meetingBody({
          kind: 'council',
          title: '议事会',
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 2 * HOUR).toISOString(),
          recurrence: { freq: 'weekly', until: '2027-04-02' },
        }),
      ),
    );
    expect(weekly.items.map((m: { startsAt: string }) => m.startsAt)).toEqual([
      '2027-03-05T01:00:00.000Z',
      '2027-03-12T01:00:00.000Z',
      '2027-03-19T01:00:00.000Z',
      '2027-03-26T01:00:00.000Z',
      '2027-04-02T01:00:00.000Z',
    ]);
    expect(new Set(weekly.items.map((m: { seriesId: string }) => m.seriesId)).size).toBe(1);
    const monthly = await ok(
      await shuji.post(
        '/api/v1/meetings',
        meetingBody({
          kind: 'council',
          title: '协商议事会',
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 2 * HOUR).toISOString(),
          recurrence: { freq: 'monthly', until: '2027-06-30', monthlyBy: 'nthWeekday' },
        }),
      ),
    );
    expect(monthly.items.map((m: { startsAt: string }) => m.startsAt.slice(0, 10))).toEqual([
      '2027-03-05',
      '2027-04-02',
      '2027-05-07',
      '2027-06-04',
    ]);
    const tooLong = await shuji.post(
      '/api/v1/meetings',
      meetingBody({ recurrence: { freq: 'daily', until: '2029-01-01' } }),
    );
    expect(tooLong.statusCode).toBe(400);

    // 续排: the monthly series goes on by the same rule, from any of its meetings, with the same invitees.
    const firstId = monthly.items[0].id;
    const extended = await ok(
      await shuji.post(`/api/v1/meetings/${firstId}/extend-series`, { until: '2027-09-30' }),
    );
    expect(extended.items.map((m: { startsAt: string }) => m.startsAt)).toEqual([
      '2027-07-02T01:00:00.000Z',
      '2027-08-06T01:00:00.000Z',
      '2027-09-03T01:00:00.000Z',
    ]);
    expect(new Set(extended.items.map((m: { seriesId: string }) => m.seriesId))).toEqual(
      new Set([monthly.items[0].seriesId]),
    );
    const before = await ok(await shuji.get(`/api/v1/meetings/${monthly.items[3].id}`));
    const after = await ok(await shuji.get(`/api/v1/meetings/${extended.items[0].id}`));
    const names = (m: { invitees: { name: string }[] }) => m.invitees.map((i) => i.name);
    expect(names(after)).toEqual(names(before));
    expect(after.checkIn.token).not.toBe(before.checkIn.token);
    expect(await auditOf(firstId)).toContain('meetings.extend_series');
    expect(await notificationsOf('hz1', extended.items[0].id, 'meetings.notice')).toEqual([
      { title: '会议续排：协商议事会' },
    ]);
    // Not after the last one, nothing new by the rule, not a series, not the caller's to manage, other district.
    const notLater = await shuji.post(`/api/v1/meetings/${firstId}/extend-series`, { until: '2027-09-03' });
    expect([notLater.statusCode, notLater.json().fields?.until]).toEqual([400, expect.any(String)]);
    const noNewDay = await shuji.post(`/api/v1/meetings/${firstId}/extend-series`, { until: '2027-09-20' });
    expect(noNewDay.statusCode).toBe(400);
    const single = await ok(await shuji.post('/api/v1/meetings', meetingBody()));
    expect(
      (await shuji.post(`/api/v1/meetings/${single.items[0].id}/extend-series`, { until: '2027-12-31' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await hz1.post(`/api/v1/meetings/${firstId}/extend-series`, { until: '2027-12-31' })).statusCode,
    ).toBe(403);
    expect(
      (await zhao.post(`/api/v1/meetings/${firstId}/extend-series`, { until: '2027-12-31' })).statusCode,
    ).toBe(404);
  });

  it('checks in by QR token or code; wrong token 404, closed 409, non-invitee 403; organiser ticks', async () => {
    const created = await ok(
      await shuji.post(
        '/api/v1/meetings',
        meetingBody({
          kind: 'roll_call',
          title: '早点名会',
          startsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
          endsAt: inDays(0, 2),
          urgentReason: '临时加开',
        }),
      ),
    );
    const id = created.items[0].id;
    const detail = await ok(await shuji.get(`/api/v1/meetings/${id}`));
    const { token, code } = detail.checkIn;

    expect((await hz1.post('/api/v1/meetings/check-in', { token: 'x'.repeat(32) })).statusCode).toBe(404);
    expect((await zhao.post('/api/v1/meetings/check-in', { token })).statusCode).toBe(404);
    expect((await zuzhang.post('/api/v1/meetings/check-in', { token })).statusCode).toBe(403);
    const wrongCode = code === '000000' ? '000001' : '000000';
    expect((await hz2.post('/api/v1/meetings/check-in', { meetingId: id, code: wrongCode })).statusCode).toBe(
      404,
    );
    const byQr = await ok(await hz1.post('/api/v1/meetings/check-in', { token }));
    expect(byQr).toMatchObject({ meetingId: id, title: '早点名会' });
    await ok(await hz2.post('/api/v1/meetings/check-in', { meetingId: id, code }));

    const after = await ok(await shuji.get(`/api/v1/meetings/${id}`));
    const byName = Object.fromEntries(
      after.invitees.map((i: { name: string; attendance: string; checkedInVia: string; id: string }) => [
        i.name,
        i,
      ]),
    );
    expect(byName.户长1).toMatchObject({ attendance: 'attended', checkedInVia: 'qr' });
    expect(byName.户长2).toMatchObject({ attendance: 'attended', checkedInVia: 'code' });
    expect(after.attendedCount).toBe(2);

    const ticked = await ok(
      await shuji.put(`/api/v1/meetings/${id}/attendance`, {
        entries: [
          { inviteeId: byName.户长无账号.id, attendance: 'attended' },
          { inviteeId: byName.户长3.id, attendance: 'absent' },
        ],
      }),
    );
    expect(ticked.attendedCount).toBe(3);
    expect(
      (
        await hz1.put(`/api/v1/meetings/${id}/attendance`, {
          entries: [{ inviteeId: byName.户长3.id, attendance: 'attended' }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await shuji.put(`/api/v1/meetings/${id}/attendance`, {
          entries: [{ inviteeId: '00000000-0000-4000-8000-000000000000', attendance: 'attended' }],
        })
      ).statusCode,
    ).toBe(404);

    // The notice of a meeting starting within the day already served as its D-1 reminder.
    await sendReminders(t.db);
    expect(await notificationsOf('hz1', id, 'meetings.reminder')).toHaveLength(0);
    expect(await notificationsOf('hz1', id, 'meetings.notice')).toHaveLength(1);

    // Once the meeting is over the token no longer checks anyone in.
    await t.db
      .updateTable('meeting')
      .set({ startsAt: new Date(Date.now() - 3 * HOUR), endsAt: new Date(Date.now() - HOUR) })
      .where('districtId', '=', D)
      .where('id', '=', id)
      .execute();
    const late = await hz2.post('/api/v1/meetings/check-in', { token });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('已结束');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'outcome', 'actorName'])
      .where('districtId', '=', D)
      .where('entityId', '=', id)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'meetings.create', outcome: 'success', actorName: '书记老张' },
      { action: 'meetings.check_in', outcome: 'failed', actorName: '户长2' },
      { action: 'meetings.check_in', outcome: 'success', actorName: '户长1' },
      { action: 'meetings.check_in', outcome: 'success', actorName: '户长2' },
      { action: 'meetings.attendance', outcome: 'success', actorName: '书记老张' },
    ]);
  });

  it('stops guessing of the 6-digit code after 5 wrong tries (429), and logs each one', async () => {
    const created = await ok(
      await shuji.post(
        '/api/v1/meetings',
        meetingBody({
          startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
          endsAt: inDays(0, 1),
          urgentReason: '临时通知',
        }),
      ),
    );
    const id = created.items[0].id;
    const { code } = (await ok(await shuji.get(`/api/v1/meetings/${id}`))).checkIn;
    const wrong = code === '999999' ? '999998' : '999999';
    expect((await hz1.post('/api/v1/meetings/check-in', { meetingId: id, code: '12ab' })).statusCode).toBe(
      400,
    );
    for (let i = 0; i < 5; i++) {
      expect((await hz1.post('/api/v1/meetings/check-in', { meetingId: id, code: wrong })).statusCode).toBe(
        404,
      );
    }
    expect((await hz1.post('/api/v1/meetings/check-in', { meetingId: id, code })).statusCode).toBe(429);
    // Another invitee is not locked out, and the QR token still works for the first.
    await ok(await hz2.post('/api/v1/meetings/check-in', { meetingId: id, code }));
    const { token } = (await ok(await shuji.get(`/api/v1/meetings/${id}`))).checkIn;
    await ok(await hz1.post('/api/v1/meetings/check-in', { token }));
  });

  it('AS-06: 12 suggestions at a 户长联席会议, 回复率 x/12, completion refused until all replied', async () => {
    const created = await ok(await shuji.post('/api/v1/meetings', meetingBody()));
    const id = created.items[0].id;
    const due = inDays(7).slice(0, 10);
    const suggestions = Array.from({ length: 12 }, (_, i) => ({
      content: `建议${i + 1}：修缮村道第${i + 1}段`,
      raisedBy: `户长${(i % 3) + 1}`,
      ownerUserId: i < 6 ? userIds.hz1 : userIds.shuji,
      dueOn: due,
    }));
    const saved = await ok(
      await shuji.put(`/api/v1/meetings/${id}/minutes`, {
        minutes: '会议听取了户长年度述职。',
        decisions: ['开展环境卫生整治'],
        newSuggestions: suggestions,
      }),
    );
    expect(saved).toMatchObject({ suggestionCount: 12, repliedCount: 0, decisions: ['开展环境卫生整治'] });
    expect(saved.suggestions.map((s: { seq: number }) => s.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(await notificationsOf('hz1', id, 'meetings.suggestion_assigned')).toEqual([
      { title: '待回复建议 6 条：曹营自然村户长联席会议' },
    ]);

    const pastDue = await shuji.put(`/api/v1/meetings/${id}/minutes`, {
      minutes: 'x',
      newSuggestions: [{ content: '过期', ownerUserId: userIds.hz1, dueOn: '2020-01-01' }],
    });
    expect(pastDue.statusCode).toBe(400);
    expect((await hz1.put(`/api/v1/meetings/${id}/minutes`, { minutes: 'x' })).statusCode).toBe(403);

    const items = saved.suggestions as { id: string; ownerUserId: string }[];
    // The owner replies to his own; someone else's suggestion is not his to answer.
    const mine = items.filter((s) => s.ownerUserId === userIds.hz1);
    const others = items.filter((s) => s.ownerUserId !== userIds.hz1);
    expect(
      (await hz1.post(`/api/v1/meetings/suggestions/${others[0]!.id}/reply`, { reply: '好' })).statusCode,
    ).toBe(403);
    expect(
      (await outsider.post(`/api/v1/meetings/suggestions/${others[0]!.id}/reply`, { reply: '好' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await hz1.post(`/api/v1/meetings/suggestions/${mine[0]!.id}/reply`, { reply: ' ' })).statusCode,
    ).toBe(400);
    for (const s of mine) {
      const r = await ok(await hz1.post(`/api/v1/meetings/suggestions/${s.id}/reply`, { reply: '已落实' }));
      expect(r.reply).toBe('已落实');
    }
    for (const s of others.slice(0, 5)) {
      await ok(await shuji.post(`/api/v1/meetings/suggestions/${s.id}/reply`, { reply: '已纳入计划' }));
    }
    const partly = await ok(await shuji.get(`/api/v1/meetings/${id}`));
    expect([partly.repliedCount, partly.suggestionCount]).toEqual([11, 12]);

    const early = await shuji.post(`/api/v1/meetings/${id}/feedback-complete`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('回复率 11/12');
    expect((await zuzhang.post(`/api/v1/meetings/${id}/feedback-complete`)).statusCode).toBe(403);
    expect((await zhao.post(`/api/v1/meetings/${id}/feedback-complete`)).statusCode).toBe(404);
    expect((await zhao.put(`/api/v1/meetings/${id}/minutes`, { minutes: 'x' })).statusCode).toBe(404);
    expect(
      (await zhao.post(`/api/v1/meetings/suggestions/${others[0]!.id}/reply`, { reply: '好' })).statusCode,
    ).toBe(404);

    await ok(await shuji.post(`/api/v1/meetings/suggestions/${others[5]!.id}/reply`, { reply: '已答复' }));
    const done = await ok(await shuji.post(`/api/v1/meetings/${id}/feedback-complete`));
    expect(done).toMatchObject({ feedbackCompleted: true, repliedCount: 12, suggestionCount: 12 });
    expect((await shuji.post(`/api/v1/meetings/${id}/feedback-complete`)).statusCode).toBe(409);
    expect(
      (await hz1.post(`/api/v1/meetings/suggestions/${mine[0]!.id}/reply`, { reply: '改' })).statusCode,
    ).toBe(409);

    expect(await auditOf(id)).toEqual([
      'meetings.create',
      'meetings.minutes_save',
      'meetings.feedback_complete',
    ]);
    const replyAudits = await t.db
      .selectFrom('auditLog')
      .select(sql<number>`count(*)`.as('n'))
      .where('districtId', '=', D)
      .where('action', '=', 'meetings.suggestion_reply')
      .where(
        'entityId',
        'in',
        items.map((s) => s.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(replyAudits.n)).toBe(12);
  });

  it('sends the D-1 reminder once even with two concurrent runs, and suggestion reminders D-2', async () => {
    const created = await ok(
      await shuji.post('/api/v1/meetings', meetingBody({ title: '户长月度联系会议' })),
    );
    const m = created.items[0];
    const dayBefore = new Date(Date.parse(m.startsAt) - 20 * HOUR);
    const runs = await Promise.all([sendReminders(t.db, dayBefore), sendReminders(t.db, dayBefore)]);
    expect(runs[0].meetings + runs[1].meetings).toBeGreaterThanOrEqual(1);
    for (const u of ['hz1', 'hz2', 'hz3']) {
      expect(await notificationsOf(u, m.id, 'meetings.reminder')).toHaveLength(1);
    }
    await sendReminders(t.db, dayBefore);
    expect(await notificationsOf('hz1', m.id, 'meetings.reminder')).toHaveLength(1);
    const row = await t.db
      .selectFrom('meeting')
      .select('remindedAt')
      .where('districtId', '=', D)
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.remindedAt).not.toBeNull();
    // Too early (a week before) nothing is sent for a fresh meeting.
    const later = await ok(
      await shuji.post('/api/v1/meetings', meetingBody({ startsAt: inDays(9), endsAt: inDays(9, 1) })),
    );
    await sendReminders(t.db, new Date());
    expect(await notificationsOf('hz1', later.items[0].id, 'meetings.reminder')).toHaveLength(0);

    const s = await ok(
      await shuji.put(`/api/v1/meetings/${m.id}/minutes`, {
        minutes: '纪要',
        newSuggestions: [{ content: '路灯维修', ownerUserId: userIds.hz2, dueOn: inDays(2).slice(0, 10) }],
      }),
    );
    const sid = s.suggestions[0].id;
    await Promise.all([sendReminders(t.db), sendReminders(t.db)]);
    expect(await notificationsOf('hz2', sid, 'meetings.suggestion_due')).toHaveLength(1);
  });

  it('cancels a meeting and tells the invitees', async () => {
    const created = await ok(
      await shuji.post('/api/v1/meetings', meetingBody({ title: '党员座谈会', kind: 'party_forum' })),
    );
    const id = created.items[0].id;
    expect((await shuji.post(`/api/v1/meetings/${id}/cancel`, { reason: '' })).statusCode).toBe(400);
    expect((await hz1.post(`/api/v1/meetings/${id}/cancel`, { reason: '改期' })).statusCode).toBe(403);
    const cancelled = await ok(await shuji.post(`/api/v1/meetings/${id}/cancel`, { reason: '改期' }));
    expect(cancelled.isCancelled).toBe(true);
    expect((await shuji.post(`/api/v1/meetings/${id}/cancel`, { reason: '改期' })).statusCode).toBe(409);
    expect(await notificationsOf('hz3', id, 'meetings.cancelled')).toHaveLength(1);
    expect(await auditOf(id)).toEqual(['meetings.create', 'meetings.cancel']);
  });

  it('serves a valid iCalendar feed only with the current per-user token', async () => {
    await ok(
      await shuji.post(
        '/api/v1/meetings',
        meetingBody({
          title: '户长培训, 乡村振兴讲堂; 第\\一期 —— 政策宣讲与环境卫生整治经验交流（全体户长参加）',
          kind: 'revitalisation_lecture',
          place: '村委会,二楼',
        }),
      ),
    );
    const anonymous = t.client();
    expect((await anonymous.get('/api/v1/meetings/calendar.ics?token=nothing-here')).statusCode).toBe(404);
    const { token, url } = await ok(await hz1.post('/api/v1/meetings/calendar-token'));
    expect(url).toBe(`/api/v1/meetings/calendar.ics?token=${token}`);
    const stored = await t.db
      .selectFrom('calendarFeed')
      .select('tokenHash')
      .where('userId', '=', userIds.hz1!)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toBe(token);

    const res = await anonymous.get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const body = res.body;
    expect(body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = body.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'SUMMARY:户长培训\\, 乡村振兴讲堂\\; 第\\\\一期 —— 政策宣讲与环境卫生整治经验交流（全体户长参加）',
    );
    expect(unfolded).toContain('LOCATION:村委会\\,二楼');
    expect(unfolded).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    const events = unfolded.split('BEGIN:VEVENT').length - 1;
    expect(events).toBeGreaterThan(0);
    expect(unfolded.match(/UID:[^\r]+@gongzhi/g)).toHaveLength(events);
    // The feed is the invitee's: meetings of another area do not appear in the outsider's feed.
    const outsiderFeed = await ok(await outsider.post('/api/v1/meetings/calendar-token'));
    const theirs = await anonymous.get(outsiderFeed.url);
    expect(theirs.body).not.toContain('BEGIN:VEVENT');

    // The token authenticates nothing but the feed; rotating it retires the old URL.
    expect(
      (await anonymous.get(`/api/v1/meetings?from=2026-01-01&to=2026-02-01&token=${token}`)).statusCode,
    ).toBe(401);
    const rotated = await ok(await hz1.post('/api/v1/meetings/calendar-token'));
    expect((await anonymous.get(url)).statusCode).toBe(404);
    expect((await anonymous.get(rotated.url)).statusCode).toBe(200);
    await ok(await hz1.delete('/api/v1/meetings/calendar-token'));
    expect((await anonymous.get(rotated.url)).statusCode).toBe(404);
    expect((await hz1.delete('/api/v1/meetings/calendar-token')).statusCode).toBe(404);
    expect(await auditOf(userIds.hz1!)).toEqual(
      expect.arrayContaining([
        'meetings.calendar_token_rotate',
        'meetings.calendar_token_rotate',
        'meetings.calendar_token_revoke',
      ]),
    );
  });
  it('issue 4: a notice dated in the past is refused; a closed meeting is append-only with amendments', async () => {
    const past = await shuji.post(
      '/api/v1/meetings',
      meetingBody({ startsAt: inDays(-1), endsAt: inDays(-1, 2) }),
    );
    expect(past.statusCode).toBe(400);
    expect(past.json().fields.startsAt).toContain('开始时间应晚于当前时间');

    const id = (await ok(await shuji.post('/api/v1/meetings', meetingBody()))).items[0].id;
    const minutes = (extra: Record<string, unknown> = {}) => ({
      minutes: '会议讨论了村道照明。',
      decisions: ['增设路灯'],
      newSuggestions: [],
      ...extra,
    });
    await ok(await shuji.put(`/api/v1/meetings/${id}/minutes`, minutes()));
    const early = await shuji.post(`/api/v1/meetings/${id}/close`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('会议尚未开始');
    const notClosed = await shuji.post(`/api/v1/meetings/${id}/amendments`, {
      corrects: '纪要',
      text: '补充',
    });
    expect(notClosed.statusCode).toBe(409);
    await t.db
      .updateTable('meeting')
      .set({ startsAt: new Date(Date.now() - 3 * HOUR), endsAt: new Date(Date.now() - HOUR) })
      .where('districtId', '=', D)
      .where('id', '=', id)
      .execute();
    expect((await hz1.post(`/api/v1/meetings/${id}/close`)).statusCode).toBe(403);
    expect((await zhao.post(`/api/v1/meetings/${id}/close`)).statusCode).toBe(404);
    const closed = await ok(await shuji.post(`/api/v1/meetings/${id}/close`));
    expect(closed.closedAt).not.toBeNull();
    expect((await shuji.post(`/api/v1/meetings/${id}/close`)).statusCode).toBe(409);

    const invitee = closed.invitees[0].id;
    for (const res of [
      await shuji.put(`/api/v1/meetings/${id}/minutes`, minutes({ minutes: '改写纪要' })),
      await shuji.put(`/api/v1/meetings/${id}/attendance`, {
        entries: [{ inviteeId: invitee, attendance: 'absent' }],
      }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('会议已结束，记录不能修改，请提交更正说明');
    }
    const blank = await shuji.post(`/api/v1/meetings/${id}/amendments`, { corrects: '纪要', text: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().fields).toHaveProperty('text');
    expect(
      (await hz1.post(`/api/v1/meetings/${id}/amendments`, { corrects: '纪要', text: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await zhao.post(`/api/v1/meetings/${id}/amendments`, { corrects: '纪要', text: 'x' })).statusCode,
    ).toBe(404);
    const amended = await ok(
      await shuji.post(`/api/v1/meetings/${id}/amendments`, {
        corrects: '决定第 1 条',
        text: '应为“增设 6 盏路灯”',
      }),
    );
    expect(amended.minutes).toBe('会议讨论了村道照明。');
    expect(amended.amendments).toEqual([
      expect.objectContaining({
        corrects: '决定第 1 条',
        text: '应为“增设 6 盏路灯”',
        authorName: '书记老张',
      }),
    ]);
    expect((await ok(await hz1.get(`/api/v1/meetings/${id}`))).amendments).toHaveLength(1);
    expect(await auditOf(id)).toEqual(
      expect.arrayContaining(['meetings.minutes_save', 'meetings.close', 'meetings.amend']),
    );
    expect((await auditOf(id)).filter((a) => a === 'meetings.minutes_save')).toHaveLength(1);
  });

  it('issue 4: a cadre raises a topic from a suggestion; the reply says so; once only', async () => {
    const id = (await ok(await shuji.post('/api/v1/meetings', meetingBody()))).items[0].id;
    const saved = await ok(
      await shuji.put(`/api/v1/meetings/${id}/minutes`, {
        minutes: '户长提出停车难。',
        decisions: [],
        newSuggestions: [
          { content: '村口空地改建停车场', ownerUserId: userIds.hz1, dueOn: inDays(7).slice(0, 10) },
        ],
      }),
    );
    const sid = saved.suggestions[0].id;
    expect(saved.suggestions[0].topicId).toBeNull();
    expect((await hz2.post(`/api/v1/meetings/suggestions/${sid}/topic`)).statusCode).toBe(403);
    expect((await zhao.post(`/api/v1/meetings/suggestions/${sid}/topic`)).statusCode).toBe(404);
    const raised = await ok(await hz1.post(`/api/v1/meetings/suggestions/${sid}/topic`));
    expect(raised.suggestion.topicId).toBe(raised.topicId);
    expect(raised.suggestion.reply).toContain('已转为协商议题');
    const topic = await t.db
      .selectFrom('topic')
      .select(['state', 'source', 'sourceSuggestionId', 'description', 'communityId', 'proposerUserId'])
      .where('districtId', '=', D)
      .where('id', '=', raised.topicId)
      .executeTakeFirstOrThrow();
    expect(topic).toMatchObject({
      state: 'PROPOSED',
      source: 'meeting',
      sourceSuggestionId: sid,
      description: '村口空地改建停车场',
      communityId: village.id,
      proposerUserId: userIds.hz1,
    });
    const again = await shuji.post(`/api/v1/meetings/suggestions/${sid}/topic`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已转为议题');
    const detail = await ok(await shuji.get(`/api/v1/meetings/${id}`));
    expect(detail).toMatchObject({ repliedCount: 1 });
    expect(detail.suggestions[0].topicId).toBe(raised.topicId);
    expect(await auditOf(sid)).toEqual(['meetings.suggestion_topic']);
    expect(await auditOf(raised.topicId)).toEqual(['topic.propose']);
  });
});
