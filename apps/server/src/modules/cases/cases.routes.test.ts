import { sql } from 'kysely';
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
import { workingCalendar } from '../../platform/calendar/index.ts';
import { createScheduler } from '../../platform/scheduler/index.ts';
import type { TerritoryLevel } from '../territory/index.ts';
import { applyDeliberationDecision, CASE_SWEEP_JOB, scheduleCaseSweep, sweepCases } from './index.ts';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-fake-image-body-for-tests'),
]);

function multipart(fileName: string, content: Buffer, mime: string) {
  const boundary = '----gongzhi-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('cases: intake, triage, handling, verification, rating, SLA', async () => {
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
      phone: '13800001234',
    });

  // 五里堆: 第二片区 → 一组 → 和谐小区23栋, where 李爷爷 lives below the leaking flat.
  const area = await node(wl.communityId, 'area', '第二片区');
  const group = await node(area.id, 'resident_group', '一组');
  const building = await node(group.id, 'building', '和谐小区23栋');
  const li = await household(building.id, 'H23-201', '和谐小区23栋201', '李爷爷');
  const upstairs = await household(building.id, 'H23-301', '和谐小区23栋301', '王楼上');
  const unlinked = await household(group.id, 'G1-009', '一组9号', '赵远');

  const admin = await t.client().login('wang', PASSWORD);
  const staff = staffOf(admin);
  const { userIds } = staff;
  for (const [username, displayName] of [
    ['yucheng', '余成'],
    ['zuzhang', '组长老周'],
    ['pianzhang', '片长阳瑶'],
    ['wangge', '网格员小刘'],
    ['liangwei', '两委李华'],
    ['shuji', '书记'],
    ['repair', '维修师傅'],
    ['nobody', '路人'],
  ] as [string, string][]) {
    await staff.user(username, displayName);
  }
  const { position } = staff;
  const yuchengPos = await position(building.id, 'neighbour_chief', '余成', 'yucheng');
  expect(
    (
      await admin.post(`/api/v1/positions/${yuchengPos}/households`, {
        householdIds: [li.householdId, upstairs.householdId],
      })
    ).statusCode,
  ).toBe(200);
  await position(group.id, 'group_chief', '组长老周', 'zuzhang');
  await position(area.id, 'area_chief', '片长阳瑶', 'pianzhang');
  await position(area.id, 'grid_worker', '网格员小刘', 'wangge');
  await position(wl.communityId, 'committee_member', '两委李华', 'liangwei');
  await position(wl.communityId, 'secretary', '书记', 'shuji');
  // 李爷爷 reports as himself: a resident account linked to his registry entry.
  const liyeyeAccount = await admin.post('/api/v1/users', {
    username: 'liyeye',
    displayName: '李爷爷',
    password: PASSWORD,
    residentId: li.residentId,
  });
  expect(liyeyeAccount.statusCode, liyeyeAccount.body).toBe(200);
  userIds.liyeye = liyeyeAccount.json().id;

  const yucheng = await t.client().login('yucheng', PASSWORD);
  const liangwei = await t.client().login('liangwei', PASSWORD);
  const wangge = await t.client().login('wangge', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);
  const repair = await t.client().login('repair', PASSWORD);
  const liyeye = await t.client().login('liyeye', PASSWORD);
  const nobody = await t.client().login('nobody', PASSWORD);

  async function upload(client: TestClient, fileName = 'photo.png', content = PNG, mime = 'image/png') {
    const { body, headers } = multipart(fileName, content, mime);
    return client.request('POST', '/api/v1/case-attachments', body, headers);
  }
  async function act(client: TestClient, id: string, action: string, body: Record<string, unknown> = {}) {
    return client.post(`/api/v1/cases/${id}/actions/${action}`, body);
  }
  async function ok(res: Awaited<ReturnType<TestClient['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  async function submitByYucheng(title: string, extra: Record<string, unknown> = {}) {
    return ok(
      await yucheng.post('/api/v1/cases', {
        title,
        description: `${title}，请尽快处理`,
        categoryCode: 'repair',
        householdId: li.householdId,
        ...extra,
      }),
    );
  }
  const notificationsOf = (username: string, caseId: string) =>
    t.db
      .selectFrom('notification')
      .select(['event', 'title'])
      .where('districtId', '=', D)
      .where('recipientUserId', '=', userIds[username]!)
      .where('entityId', '=', caseId)
      .execute();
  const auditOf = (caseId: string) =>
    t.db
      .selectFrom('auditLog')
      .select('action')
      .where('districtId', '=', D)
      .where('entityId', '=', caseId)
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => r.action));

  it('lists the seeded default categories', async () => {
    const body = await ok(await yucheng.get('/api/v1/case-categories'));
    const names = body.items.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['房屋渗漏', '邻里纠纷', '环境卫生', '安全隐患', '政策咨询', '代办']),
    );
    expect(body.items.find((c: { code: string }) => c.code === 'consultation')).toMatchObject({
      handleLimit: 3,
      handleUnit: 'working_days',
    });
  });

  it('AS-01: proxy intake by 邻长, dispatch to a repair worker with a job view, feedback with photo, verify, proxy rating', async () => {
    const photo = await ok(await upload(yucheng, 'leak.png'));
    expect(photo).toMatchObject({ mime: 'image/png', url: `/api/v1/case-attachments/${photo.id}` });

    const created = await ok(
      await yucheng.post('/api/v1/cases', {
        title: '楼上卫生间漏水',
        description: '楼上卫生间漏水，天花板泡坏，与楼上沟通未果',
        categoryCode: 'repair.leak',
        urgency: 'urgent',
        householdId: li.householdId,
        attachmentIds: [photo.id],
      }),
    );
    expect(created.caseNo).toMatch(new RegExp(`^${WULIDUI}-\\d{8}-\\d{4}$`));
    expect(created).toMatchObject({
      state: 'SUBMITTED',
      channel: 'proxy',
      urgency: 'urgent',
      reporterName: '李爷爷',
      proxyName: '余成',
      assigneeName: '余成',
      contactPhone: '138****1234',
      view: 'full',
      address: '和谐小区23栋201',
    });
    expect(created.myRoles).toEqual(expect.arrayContaining(['proxy', 'responder']));
    expect(created.timeline[0]).toMatchObject({ action: 'submit', toState: 'SUBMITTED' });
    expect(created.timeline[0].attachments).toHaveLength(1);
    // The reporter (who has an account) and the first responder are told at once.
    expect(await notificationsOf('liyeye', created.id)).toEqual([
      expect.objectContaining({ event: 'case.submitted', title: expect.stringContaining(created.caseNo) }),
    ]);
    expect((await notificationsOf('yucheng', created.id)).map((n) => n.event)).toContain('case.submitted');
    const id = created.id as string;

    expect((await ok(await act(yucheng, id, 'sign'))).state).toBe('ACCEPTED');
    expect((await ok(await act(yucheng, id, 'pass_up', { note: '超出邻长能力' }))).state).toBe('TRIAGE');
    const inbox = await ok(await liangwei.get('/api/v1/cases/inbox?state=TRIAGE'));
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(id);

    const dispatched = await ok(
      await act(liangwei, id, 'dispatch', {
        handlerUserId: userIds.repair,
        handlerContact: '13900002222',
        note: '请专业维修',
      }),
    );
    expect(dispatched).toMatchObject({
      state: 'DISPATCHED',
      handlerName: '维修师傅',
      assigneeName: '维修师傅',
    });
    expect((await notificationsOf('repair', id)).map((n) => n.event)).toContain('case.dispatched');
    expect((await notificationsOf('liyeye', id)).map((n) => n.event)).toContain('case.dispatched');

    // The repair worker's job view: address, contact (in clear, he must call) and description; nothing else.
    const job = await ok(await repair.get(`/api/v1/cases/${id}`));
    expect(job).toMatchObject({
      view: 'job',
      address: '和谐小区23栋201',
      contactName: '李爷爷',
      contactPhone: '13800001234',
      description: '楼上卫生间漏水，天花板泡坏，与楼上沟通未果',
      reporterName: null,
      proxyName: null,
      householdId: null,
      ratings: [],
    });
    expect(
      job.timeline.every((e: { note: string | null; actorName: string | null }) => !e.note && !e.actorName),
    ).toBe(true);
    expect((await repair.get(`/api/v1/households/${li.householdId}`)).statusCode).not.toBe(200);
    // Nobody else sees the contact's phone in clear.
    expect((await ok(await liangwei.get(`/api/v1/cases/${id}`))).contactPhone).toBe('138****1234');

    expect((await ok(await act(repair, id, 'start'))).state).toBe('IN_PROGRESS');
    const after = await ok(await upload(repair, 'fixed.png'));
    const fed = await ok(
      await act(repair, id, 'feedback', { note: '已更换楼上防水层并修补天花板', attachmentIds: [after.id] }),
    );
    expect(fed).toMatchObject({ state: 'VERIFYING', assigneeName: '余成' });
    expect(fed.attachments).toHaveLength(2);
    expect((await notificationsOf('yucheng', id)).map((n) => n.event)).toContain('case.handler_done');

    expect((await ok(await act(yucheng, id, 'verify_pass', { note: '现场核查已修好' }))).state).toBe(
      'AWAITING_CONFIRMATION',
    );
    expect((await notificationsOf('liyeye', id)).map((n) => n.event)).toContain('case.rating_invitation');
    // 余成 records 李爷爷's verbal answer: a proxy rating.
    const closed = await ok(
      await yucheng.post(`/api/v1/cases/${id}/rating`, { resolved: true, satisfaction: 5 }),
    );
    expect(closed).toMatchObject({ state: 'CLOSED', handledLocally: false });
    expect(closed.ratings).toEqual([
      expect.objectContaining({
        round: 1,
        resolved: true,
        satisfaction: 5,
        satisfactionLabel: '非常满意',
        isProxyRating: true,
      }),
    ]);
    expect(closed.reply).toBe('已更换楼上防水层并修补天花板');

    const row = await t.db
      .selectFrom('case')
      .select([
        'state',
        'isProxyRating',
        'closedAt',
        'handledLocally',
        'contactPhoneEnc',
        'contactPhoneMasked',
      ])
      .where('districtId', '=', D)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'CLOSED', isProxyRating: true, handledLocally: false });
    expect(row.closedAt).not.toBeNull();
    expect(row.contactPhoneEnc?.toString('utf8')).not.toContain('13800001234');
    expect(await auditOf(id)).toEqual([
      'case.submit',
      'case.sign',
      'case.pass_up',
      'case.dispatch',
      'case.start',
      'case.feedback',
      'case.verify_pass',
      'case.rate',
    ]);

    // Photos go only to those who may see the case.
    const img = await repair.get(`/api/v1/case-attachments/${after.id}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    expect((await nobody.get(`/api/v1/case-attachments/${after.id}`)).statusCode).toBe(404);
    expect((await zhao.get(`/api/v1/case-attachments/${after.id}`)).statusCode).toBe(404);
    // A used photo cannot be attached again.
    const again = await yucheng.post('/api/v1/cases', {
      title: '再报',
      description: '再报',
      categoryCode: 'repair',
      householdId: li.householdId,
      attachmentIds: [photo.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields).toHaveProperty('attachmentIds');
  });

  it('AS-02: a small matter handled locally by the 邻长, confirmed by the resident herself', async () => {
    const created = await ok(
      await liyeye.post('/api/v1/cases', {
        title: '楼道堆放杂物',
        description: '三楼楼道堆满纸箱',
        categoryCode: 'environment',
      }),
    );
    expect(created).toMatchObject({
      state: 'SUBMITTED',
      channel: 'resident_app',
      reporterName: '李爷爷',
      proxyName: null,
    });
    expect(created.myRoles).toEqual(['reporter']);
    const mine = await ok(await liyeye.get('/api/v1/cases/mine'));
    expect(mine.items.map((c: { id: string }) => c.id)).toContain(created.id);
    const yInbox = await ok(await yucheng.get('/api/v1/cases/inbox?state=SUBMITTED'));
    expect(yInbox.items.map((c: { id: string }) => c.id)).toContain(created.id);

    await ok(await act(yucheng, created.id, 'sign'));
    const local = await ok(await act(yucheng, created.id, 'handle_locally', { note: '已协调住户清理楼道' }));
    expect(local).toMatchObject({
      state: 'AWAITING_CONFIRMATION',
      handledLocally: true,
      reply: '已协调住户清理楼道',
    });
    // The 邻长 may record her answer for her (a proxy rating); a stranger may not rate at all.
    expect(local.canRate).toBe(true);
    expect(
      (await nobody.post(`/api/v1/cases/${created.id}/rating`, { resolved: true, satisfaction: 5 }))
        .statusCode,
    ).toBe(404);
    const forResident = await ok(await liyeye.get(`/api/v1/cases/${created.id}`));
    expect(forResident.canRate).toBe(true);
    const closed = await ok(
      await liyeye.post(`/api/v1/cases/${created.id}/rating`, { resolved: true, satisfaction: 4 }),
    );
    expect(closed).toMatchObject({ state: 'CLOSED', handledLocally: true });
    expect(closed.ratings[0]).toMatchObject({ isProxyRating: false, satisfactionLabel: '满意' });
    // Closed without any community dispatch: it counts toward 就地解决率.
    expect(closed.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'sign',
      'handle_locally',
      'rate',
    ]);
  });

  it('AS-03: a missed sign limit shows as overdue and alerts 组长 and 片长; an approved extension moves the due date', async () => {
    const c = await submitByYucheng('单元门禁损坏');
    // 24 hours pass without signing.
    await t.db
      .updateTable('case')
      .set({
        nodeStartedAt: sql`now() - interval '25 hours'`,
        dueAt: sql`now() - interval '1 hour'`,
        createdAt: sql`now() - interval '25 hours'`,
      })
      .where('districtId', '=', D)
      .where('id', '=', c.id)
      .execute();
    const board = await ok(await liangwei.get('/api/v1/cases/sla-board?level=overdue'));
    expect(board.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(board.items.every((i: { sla: string }) => i.sla === 'overdue')).toBe(true);
    expect(board.counts.overdue).toBeGreaterThanOrEqual(1);
    expect((await yucheng.get('/api/v1/cases/sla-board')).statusCode).toBe(403);

    // The first pass runs as the server runs it: a job on the scheduler.
    const now = new Date();
    const scheduler = createScheduler(t.db, () => {});
    scheduleCaseSweep(scheduler, t.deps);
    expect(await scheduler.runNow(CASE_SWEEP_JOB, now)).toBe(true);
    expect((await notificationsOf('zuzhang', c.id)).map((n) => n.event)).toContain('case.sla_overdue');
    expect((await notificationsOf('pianzhang', c.id)).map((n) => n.event)).toContain('case.sla_overdue');
    // Two sweepers at once, and a later pass, never alert twice.
    const [a, b] = await Promise.all([sweepCases(t.deps, now), sweepCases(t.deps, now)]);
    expect(a.escalated + b.escalated).toBe(0);
    expect(
      (await notificationsOf('zuzhang', c.id)).filter((n) => n.event === 'case.sla_overdue'),
    ).toHaveLength(1);
    const row = await t.db
      .selectFrom('case')
      .select(['slaLevel', 'escalationLevel'])
      .where('districtId', '=', D)
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ slaLevel: 100, escalationLevel: 1 });

    await ok(await act(yucheng, c.id, 'sign'));
    await ok(await act(yucheng, c.id, 'pass_up'));
    // An external 物业 without a login: the community records its steps.
    await ok(await act(liangwei, c.id, 'dispatch', { handlerName: '和谐物业', handlerContact: '0731-5555' }));
    await ok(await act(liangwei, c.id, 'start'));
    const before = await ok(await liangwei.get(`/api/v1/cases/${c.id}`));
    const pending = await ok(
      await act(liangwei, c.id, 'request_extension', { extensionDays: 5, note: '配件需定制' }),
    );
    expect(pending).toMatchObject({ state: 'EXTENSION_PENDING', extensionRequestedDays: 5 });
    const approved = await ok(await act(liangwei, c.id, 'approve_extension'));
    expect(approved.state).toBe('IN_PROGRESS');
    expect(approved.dueAt).toBe(
      workingCalendar.addDuration(new Date(before.dueAt), { amount: 5, unit: 'working_days' }).toISOString(),
    );
    expect(new Date(approved.overallDueAt).getTime()).toBeGreaterThan(
      new Date(before.overallDueAt).getTime(),
    );
    // Extensions are capped at 15 working days in total.
    const tooMuch = await act(liangwei, c.id, 'request_extension', { extensionDays: 11 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().fields.extensionDays).toContain('15');
  });

  it('AS-04: an unsatisfied rating within the window reopens with a 15-working-day deadline; both ratings kept', async () => {
    const c = await ok(
      await liyeye.post('/api/v1/cases', {
        title: '路灯不亮',
        description: '楼下路灯坏了',
        categoryCode: 'facility',
      }),
    );
    await ok(await act(yucheng, c.id, 'sign'));
    await ok(await act(yucheng, c.id, 'handle_locally', { note: '已报修' }));
    await ok(await liyeye.post(`/api/v1/cases/${c.id}/rating`, { resolved: true, satisfaction: 4 }));
    // A second satisfied rating of the same closure is refused.
    const twice = await liyeye.post(`/api/v1/cases/${c.id}/rating`, { resolved: true, satisfaction: 5 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('本次办结已经评价过');

    const before = Date.now();
    const reopened = await ok(
      await liyeye.post(`/api/v1/cases/${c.id}/rating`, {
        resolved: false,
        satisfaction: 2,
        comment: '还是不亮',
      }),
    );
    expect(reopened).toMatchObject({ state: 'REOPENED', reopenCount: 1 });
    const expected = workingCalendar.addDuration(new Date(before), { amount: 15, unit: 'working_days' });
    expect(Math.abs(new Date(reopened.dueAt).getTime() - expected.getTime())).toBeLessThan(24 * 3600_000);
    expect((await notificationsOf('shuji', c.id)).map((n) => n.event)).toContain('case.reopened');

    await ok(await act(liangwei, c.id, 'dispatch', { handlerName: '供电所' }));
    await ok(await act(liangwei, c.id, 'start'));
    await ok(await act(liangwei, c.id, 'feedback', { note: '已更换灯具' }));
    await ok(await act(yucheng, c.id, 'verify_pass'));
    const done = await ok(
      await liyeye.post(`/api/v1/cases/${c.id}/rating`, { resolved: true, satisfaction: 5 }),
    );
    expect(done.state).toBe('CLOSED');
    expect(
      done.ratings.map((r: { round: number; satisfaction: number }) => [r.round, r.satisfaction]),
    ).toEqual([
      [1, 4],
      [2, 2],
      [3, 5],
    ]);
  });

  it('AS-05: escalated to the 街道 platform, result verified by the 网格员, rated', async () => {
    const c = await submitByYucheng('违章搭建', { categoryCode: 'safety' });
    await ok(await act(yucheng, c.id, 'sign'));
    await ok(await act(yucheng, c.id, 'pass_up'));
    const esc = await ok(await act(liangwei, c.id, 'escalate', { platform: '街道综合执法', note: '需执法' }));
    expect(esc).toMatchObject({ state: 'ESCALATED', handlerName: '街道综合执法' });
    const inbox = await ok(await liangwei.get('/api/v1/cases/inbox?state=ESCALATED'));
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect((await ok(await act(liangwei, c.id, 'escalation_result', { note: '已责令拆除' }))).state).toBe(
      'VERIFYING',
    );
    const verified = await ok(await act(wangge, c.id, 'verify_pass', { note: '已拆除' }));
    expect(verified.state).toBe('AWAITING_CONFIRMATION');
    const rated = await ok(
      await yucheng.post(`/api/v1/cases/${c.id}/rating`, { resolved: true, satisfaction: 3 }),
    );
    expect(rated).toMatchObject({ state: 'CLOSED' });
  });

  it('refuses a transition the role or the state does not allow with 409 and the reason', async () => {
    const c = await submitByYucheng('噪音扰民', { categoryCode: 'dispute' });
    const bySigner = await act(liyeye, c.id, 'sign');
    expect(bySigner.statusCode).toBe(409);
    expect(bySigner.json()).toMatchObject({ code: 'CONFLICT' });
    expect(bySigner.json().message).toContain('只有');
    const early = await act(liangwei, c.id, 'dispatch', { handlerName: '物业' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('诉求当前为「待签收」，不能派单');
    await ok(await act(yucheng, c.id, 'sign'));
    await ok(await act(yucheng, c.id, 'pass_up'));
    const notTriage = await act(yucheng, c.id, 'dispatch', { handlerName: '物业' });
    expect(notTriage.statusCode).toBe(409);
    expect(notTriage.json().message).toContain('社区分拨人员（两委）');
    // Every case gets a reply: not accepting without one names the field.
    const noReply = await act(liangwei, c.id, 'reject');
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().fields).toHaveProperty('reply');
    const rejected = await ok(await act(liangwei, c.id, 'reject', { reply: '属于民事纠纷，建议调解' }));
    expect(rejected).toMatchObject({ state: 'NOT_ACCEPTED', reply: '属于民事纠纷，建议调解' });
    expect((await notificationsOf('liyeye', c.id)).map((n) => n.event)).toContain('case.not_accepted');
    const late = await act(yucheng, c.id, 'withdraw');
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('不予受理');
    expect(await auditOf(c.id)).toEqual(['case.submit', 'case.sign', 'case.pass_up', 'case.reject']);
  });

  it('withdraws, merges duplicates and parks with a review date', async () => {
    const a = await submitByYucheng('井盖松动', { categoryCode: 'safety' });
    const b = await submitByYucheng('井盖松动（重复）', { categoryCode: 'safety' });
    await ok(await act(yucheng, a.id, 'sign'));
    const noTarget = await act(liangwei, b.id, 'merge');
    expect(noTarget.json().fields).toHaveProperty('mergeIntoCaseId');
    const merged = await ok(await act(liangwei, b.id, 'merge', { mergeIntoCaseId: a.id }));
    expect(merged).toMatchObject({ state: 'MERGED', mergedIntoCaseNo: a.caseNo });
    await ok(await act(yucheng, a.id, 'pass_up'));
    const noDate = await act(liangwei, a.id, 'park', { note: '需列入改造计划' });
    expect(noDate.json().fields).toHaveProperty('reviewOn');
    const parked = await ok(
      await act(liangwei, a.id, 'park', { note: '需列入改造计划', reviewOn: '2027-03-01' }),
    );
    expect(parked).toMatchObject({ state: 'PARKED', parkedReviewOn: '2027-03-01', dueAt: null });
    const w = await submitByYucheng('想撤回的');
    expect((await ok(await act(yucheng, w.id, 'withdraw', { note: '已自行解决' }))).state).toBe('WITHDRAWN');
  });

  it('validates input naming the fields (400), refuses without permission (403), hides other districts (404)', async () => {
    const bad = await yucheng.post('/api/v1/cases', {
      title: '',
      description: 'x'.repeat(1001),
      categoryCode: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const unknownCategory = await yucheng.post('/api/v1/cases', {
      title: '测试',
      description: '测试',
      categoryCode: 'no_such',
      householdId: li.householdId,
    });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().fields.categoryCode).toBe('问题类别不存在，请重新选择');

    // No resident account and no position: may not report; 邻长 may not file for a household not linked to him.
    const noRight = await nobody.post('/api/v1/cases', {
      title: '测试',
      description: '测试',
      categoryCode: 'other',
    });
    expect(noRight.statusCode).toBe(403);
    const notLinked = await yucheng.post('/api/v1/cases', {
      title: '测试',
      description: '测试',
      categoryCode: 'other',
      householdId: unlinked.householdId,
    });
    expect(notLinked.statusCode).toBe(404);
    // A household without a 邻长/户长 goes to the 网格员 above it; the community records a phone call.
    const byPhone = await ok(
      await liangwei.post('/api/v1/cases', {
        title: '咨询低保政策',
        description: '电话咨询',
        categoryCode: 'consultation',
        householdId: unlinked.householdId,
        channel: 'phone',
      }),
    );
    expect(byPhone).toMatchObject({ channel: 'phone', assigneeName: '网格员小刘', reporterName: '赵远' });
    const gridInbox = await ok(await wangge.get('/api/v1/cases/inbox'));
    expect(gridInbox.items.map((i: { id: string }) => i.id)).toContain(byPhone.id);
    const selfChannel = await liangwei.post('/api/v1/cases', {
      title: '测试',
      description: '测试',
      categoryCode: 'other',
      householdId: unlinked.householdId,
      channel: 'resident_app',
    });
    expect(selfChannel.json().fields).toHaveProperty('channel');
    expect((await yucheng.get('/api/v1/cases')).statusCode).toBe(403);
    const board = await ok(await liangwei.get('/api/v1/cases?limit=2'));
    expect(board.items).toHaveLength(2);
    expect(board.nextCursor).not.toBeNull();
    const next = await ok(await liangwei.get(`/api/v1/cases?limit=2&cursor=${board.nextCursor}`));
    expect(next.items[0].id).not.toBe(board.items[1].id);

    const c = await submitByYucheng('跨区县测试');
    expect((await zhao.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    expect((await act(zhao, c.id, 'sign')).statusCode).toBe(404);
    expect((await nobody.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    const zhaoList = await ok(await zhao.get('/api/v1/cases'));
    expect(zhaoList.items).toEqual([]);
    expect(xj.districtId).not.toBe(D);
  });

  it('a double-submitted form creates one case (header or field)', async () => {
    const form = {
      title: '水管爆裂',
      description: '厨房水管爆裂',
      categoryCode: 'repair',
      householdId: li.householdId,
    };
    const headers = { 'idempotency-key': 'form-2026-11-29-abcdef' };
    const [one, two] = await Promise.all([
      yucheng.request('POST', '/api/v1/cases', form, headers),
      yucheng.request('POST', '/api/v1/cases', form, headers),
    ]);
    expect(one.statusCode, one.body).toBe(200);
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json().id).toBe(one.json().id);
    const byField = { ...form, idempotencyKey: 'field-key-123456' };
    const three = await ok(await yucheng.post('/api/v1/cases', byField));
    const four = await ok(await yucheng.post('/api/v1/cases', byField));
    expect(four.id).toBe(three.id);
    const rows = await t.db
      .selectFrom('case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('districtId', '=', D)
      .where('title', '=', '水管爆裂')
      .executeTakeFirstOrThrow();
    expect(rows.n).toBe(2);
  });

  it('refuses a non-image upload with a clear Chinese message', async () => {
    const res = await upload(yucheng, 'report.jpg', Buffer.from('this is not an image'), 'image/jpeg');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'UPLOAD_REJECTED' });
    expect(res.json().message).toContain('只能上传 JPEG、PNG 或 WebP 格式的照片');
    const rows = await t.db
      .selectFrom('caseAttachment')
      .select('id')
      .where('districtId', '=', D)
      .where('fileName', '=', 'report.jpg')
      .execute();
    expect(rows).toEqual([]);
  });

  it('hands a case to deliberation and applies the council decision through the service hook', async () => {
    const c = await submitByYucheng('小区加装电梯分歧', { categoryCode: 'renovation' });
    await ok(await act(yucheng, c.id, 'sign'));
    await ok(await act(yucheng, c.id, 'pass_up'));
    expect((await ok(await act(liangwei, c.id, 'deliberate'))).state).toBe('TO_DELIBERATION');
    const audit = {
      districtId: D,
      userId: userIds.liangwei!,
      actorName: '两委李华',
      requestId: null,
      ip: null,
    };
    await t.db.transaction().execute((tx) =>
      applyDeliberationDecision(tx, audit, {
        districtId: D,
        caseId: c.id,
        outcome: 'dispatch',
        note: '议事会决定由物业牵头加装',
        handlerName: '和谐物业',
      }),
    );
    const after = await ok(await liangwei.get(`/api/v1/cases/${c.id}`));
    expect(after).toMatchObject({ state: 'DISPATCHED', handlerName: '和谐物业' });
    // A second decision finds the case no longer waiting.
    await expect(
      t.db.transaction().execute((tx) =>
        applyDeliberationDecision(tx, audit, {
          districtId: D,
          caseId: c.id,
          outcome: 'close',
          note: '重复',
        }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('rate-limits intake per account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await wangge.post('/api/v1/cases', {
        title: '限流',
        description: '限流',
        categoryCode: 'no_such',
        householdId: li.householdId,
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('sweeps: 50 % warning to the assignee, rating reminder after 3 days, unrated close after 7, once each', async () => {
    const warn = await submitByYucheng('电梯异响');
    await t.db
      .updateTable('case')
      .set({ nodeStartedAt: sql`now() - interval '13 hours'`, dueAt: sql`now() + interval '11 hours'` })
      .where('districtId', '=', D)
      .where('id', '=', warn.id)
      .execute();
    const rate = await ok(
      await liyeye.post('/api/v1/cases', {
        title: '垃圾未清运',
        description: '两天没清运',
        categoryCode: 'environment',
      }),
    );
    await ok(await act(yucheng, rate.id, 'sign'));
    await ok(await act(yucheng, rate.id, 'handle_locally', { note: '已联系保洁' }));

    const now = Date.now();
    await sweepCases(t.deps, new Date(now));
    expect(
      (await notificationsOf('yucheng', warn.id)).filter((n) => n.event === 'case.sla_warning'),
    ).toHaveLength(1);
    expect((await ok(await liangwei.get(`/api/v1/cases/${warn.id}`))).sla).toBe('p50');
    await sweepCases(t.deps, new Date(now));
    expect(
      (await notificationsOf('yucheng', warn.id)).filter((n) => n.event === 'case.sla_warning'),
    ).toHaveLength(1);

    const day = 86_400_000;
    await sweepCases(t.deps, new Date(now + 3 * day + 60_000));
    await sweepCases(t.deps, new Date(now + 3 * day + 120_000));
    expect(
      (await notificationsOf('liyeye', rate.id)).filter((n) => n.event === 'case.rating_reminder'),
    ).toHaveLength(1);
    expect((await ok(await liyeye.get(`/api/v1/cases/${rate.id}`))).state).toBe('AWAITING_CONFIRMATION');
    const closing = await sweepCases(t.deps, new Date(now + 7 * day + 60_000));
    expect(closing.autoClosed).toBeGreaterThanOrEqual(1);
    const closed = await ok(await liyeye.get(`/api/v1/cases/${rate.id}`));
    expect(closed).toMatchObject({ state: 'CLOSED', ratings: [] });
    expect(closed.timeline.at(-1)).toMatchObject({ action: 'auto_close', actorName: '系统' });
    expect(await auditOf(rate.id)).toContain('case.auto_close');
    // Closed unrated, she may still rate within the window.
    expect(closed.canRate).toBe(true);
  });
});
