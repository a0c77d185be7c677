import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { PositionKind } from '../../platform/access/positions.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { maskPhone } from '../../platform/crypto.ts';
import { notify } from './index.ts';

const D = '430304';
const OTHER = '320116';
const PHONE = '13812345678';

describe('notifications through HTTP', async () => {
  const t = await buildTestApp();
  let admin: TestClient;
  let grid: TestClient;
  let member: TestClient;
  let xinjiAdmin: TestClient;
  let gridId: string;
  let memberId: string;
  let communityId: string;
  let xinjiCommunityId: string;

  /** A login holding one position at `nodeId`, with the position's phone when given. */
  async function givenWorker(
    districtId: string,
    nodeId: string,
    username: string,
    kind: PositionKind,
    phone?: string,
  ) {
    const user = await t.db
      .insertInto('appUser')
      .values({
        username,
        displayName: username,
        passwordHash: await hashPassword(PASSWORD),
        homeDistrictId: districtId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('position')
      .values({
        districtId,
        nodeId,
        kind,
        holderName: username,
        holderUserId: user.id,
        ...(phone ? { phoneEnc: t.deps.crypto.encrypt(phone), phoneMasked: maskPhone(phone) } : {}),
      })
      .execute();
    return user.id;
  }

  const send = (recipientUserIds: string[], title: string, districtId = D) =>
    t.db.transaction().execute((trx) =>
      notify(trx, {
        districtId,
        recipientUserIds,
        event: 'case.assigned',
        title,
        body: '请于今日内联系居民',
        link: '/cases/c-1',
        entityType: 'case',
        entityId: 'c-1',
      }),
    );

  const auditRows = (action: string) =>
    t.db
      .selectFrom('auditLog')
      .select(['districtId', 'actorUserId', 'entityId', 'outcome', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    ({ communityId } = await givenCommunity(t.db, WULIDUI));
    ({ communityId: xinjiCommunityId } = await givenCommunity(t.db, XINJI));
    gridId = await givenWorker(D, communityId, 'wanggrid', 'grid_worker', PHONE);
    memberId = await givenWorker(D, communityId, 'limember', 'committee_member');
    admin = await t.client().login('admin430304', PASSWORD);
    grid = await t.client().login('wanggrid', PASSWORD);
    member = await t.client().login('limember', PASSWORD);
    xinjiAdmin = await t.client().login('admin320116', PASSWORD);
  });

  it('notify writes one notification per distinct recipient and an SMS only for those with a phone', async () => {
    await send([gridId, gridId, memberId], '新的诉求已分派给您');
    const rows = await t.db
      .selectFrom('notification')
      .select(['recipientUserId', 'title', 'readAt'])
      .where('districtId', '=', D)
      .execute();
    expect(rows.map((r) => r.recipientUserId).sort()).toEqual([gridId, memberId].sort());
    const outbox = await t.db.selectFrom('outboxMessage').selectAll().execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      districtId: D,
      channel: 'sms',
      recipientUserId: gridId,
      recipientMasked: '138****5678',
      status: 'pending',
      attempts: 0,
      body: '【共治】新的诉求已分派给您：请于今日内联系居民',
    });
    // The number stays encrypted at rest.
    expect(outbox[0]!.recipientEnc.includes(Buffer.from(PHONE))).toBe(false);
    expect(t.deps.crypto.decrypt(outbox[0]!.recipientEnc)).toBe(PHONE);
  });

  it('notify skips phones of ended positions and cuts an over-long title instead of failing', async () => {
    const expired = await givenWorker(D, communityId, 'oldgrid', 'grid_worker', '13700000000');
    await t.db
      .updateTable('position')
      .set({ validFrom: '2020-01-01', validTo: '2020-12-31' })
      .where('holderUserId', '=', expired)
      .execute();
    await send([expired], '长'.repeat(300));
    const [row] = await t.db
      .selectFrom('notification')
      .select('title')
      .where('recipientUserId', '=', expired)
      .execute();
    expect(row!.title).toBe('长'.repeat(200));
    const sms = await t.db
      .selectFrom('outboxMessage')
      .select('id')
      .where('recipientUserId', '=', expired)
      .execute();
    expect(sms).toEqual([]);
  });

  it('notify with no recipients writes nothing', async () => {
    const before = await t.db
      .selectFrom('notification')
      .select((s) => s.fn.countAll().as('n'))
      .executeTakeFirst();
    await send([], '无人');
    const after = await t.db
      .selectFrom('notification')
      .select((s) => s.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('lists my notifications newest first with the unread count, and only mine', async () => {
    const res = await grid.get('/api/v1/notifications');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: expect.any(String),
          event: 'case.assigned',
          title: '新的诉求已分派给您',
          body: '请于今日内联系居民',
          link: '/cases/c-1',
          entityType: 'case',
          entityId: 'c-1',
          createdAt: expect.stringMatching(/Z$/),
          readAt: null,
        },
      ],
      nextCursor: null,
      unreadCount: 1,
    });
    expect((await admin.get('/api/v1/notifications')).json()).toEqual({
      items: [],
      nextCursor: null,
      unreadCount: 0,
    });
    expect((await grid.get('/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 1 });
  });

  it('pages by keyset cursor without gaps or repeats, also among rows of one transaction', async () => {
    for (const i of [1, 2, 3]) await send([memberId], `第${i}条`);
    // Rows inserted in one transaction share created_at; the id breaks the tie.
    await t.db.transaction().execute(async (trx) => {
      for (const i of [4, 5]) {
        await notify(trx, {
          districtId: D,
          recipientUserIds: [memberId],
          event: 'test',
          title: `第${i}条`,
          body: '',
        });
      }
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await member.get(`/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().unreadCount).toBe(6);
      seen.push(...res.json().items.map((n: { title: string }) => n.title));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.slice(0, 3).sort()).toEqual(['第4条', '第5条', '第3条'].sort());
    expect(seen.slice(3)).toEqual(['第2条', '第1条', '新的诉求已分派给您']);
  });

  it('rejects a bad cursor, limit and id naming the field', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const cursor of ['abc', forged]) {
      const res = await grid.get(`/api/v1/notifications?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields.cursor).toBeTruthy();
    }
    const limit = await grid.get('/api/v1/notifications?limit=101');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().fields.limit).toBeTruthy();
    const id = await grid.post('/api/v1/notifications/not-a-uuid/read');
    expect(id.statusCode).toBe(400);
    expect(id.json().code).toBe('VALIDATION_FAILED');
  });

  it('marks one read, keeps the first read time, and audits it', async () => {
    const [mine] = (await grid.get('/api/v1/notifications')).json().items;
    const res = await grid.post(`/api/v1/notifications/${mine.id}/read`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: mine.id, readAt: expect.stringMatching(/Z$/) });
    const again = await grid.post(`/api/v1/notifications/${mine.id}/read`);
    expect(again.json().readAt).toBe(res.json().readAt);
    expect((await grid.get('/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 0 });
    const audits = await auditRows('notification.read');
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      districtId: D,
      actorUserId: gridId,
      entityId: mine.id,
      outcome: 'success',
    });
  });

  it("answers 404 for someone else's, another district's or an unknown notification, changing nothing", async () => {
    const [theirs] = (await member.get('/api/v1/notifications?limit=1')).json().items;
    await send([gridId], '新集的消息', OTHER);
    const inOther = await t.db
      .selectFrom('notification')
      .select('id')
      .where('districtId', '=', OTHER)
      .executeTakeFirstOrThrow();
    const attempts = [
      await grid.post(`/api/v1/notifications/${theirs.id}/read`),
      await xinjiAdmin.post(`/api/v1/notifications/${theirs.id}/read`),
      await grid.post(`/api/v1/notifications/${inOther.id}/read`),
      await grid.post('/api/v1/notifications/00000000-0000-4000-8000-000000000000/read'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const unread = await t.db
      .selectFrom('notification')
      .select('id')
      .where('id', 'in', [theirs.id, inOther.id])
      .where('readAt', 'is', null)
      .execute();
    expect(unread).toHaveLength(2);
    // Another district's inbox stays out of this one's list.
    expect(
      (await grid.get('/api/v1/notifications')).json().items.map((n: { title: string }) => n.title),
    ).not.toContain('新集的消息');
    expect((await auditRows('notification.read')).map((a) => a.entityId)).not.toContain(theirs.id);
  });

  it('marks all mine read in this district and audits the count', async () => {
    const res = await member.post('/api/v1/notifications/read-all');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 6 });
    expect((await member.get('/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 0 });
    expect((await member.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 0 });
    const audits = await auditRows('notification.read_all');
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ districtId: D, actorUserId: memberId, detail: { updated: 6 } });
    // The grid worker's notification in the other district is untouched.
    const other = await t.db
      .selectFrom('notification')
      .select('readAt')
      .where('districtId', '=', OTHER)
      .executeTakeFirstOrThrow();
    expect(other.readAt).toBeNull();
  });

  it('refuses a mutation without the CSRF token', async () => {
    const res = await t
      .client()
      .login('limember', PASSWORD)
      .then((c) => c.withoutCsrf().post('/api/v1/notifications/read-all'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_MISMATCH');
  });

  it('shows the development outbox to administrators only, masked and per district', async () => {
    const res = await admin.get('/api/v1/notifications/outbox');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: expect.any(String),
        channel: 'sms',
        recipientName: 'wanggrid',
        recipientMasked: '138****5678',
        body: '【共治】新的诉求已分派给您：请于今日内联系居民',
        status: 'pending',
        attempts: 0,
        deliveredVia: null,
        createdAt: expect.stringMatching(/Z$/),
        sentAt: null,
        error: null,
      },
    ]);
    expect(res.body).not.toContain(PHONE);
    expect((await admin.get('/api/v1/notifications/outbox?status=sent')).json().items).toEqual([]);

    const forbidden = await grid.get('/api/v1/notifications/outbox');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('FORBIDDEN');

    // A non-superuser 系统管理员 position suffices.
    await givenWorker(OTHER, xinjiCommunityId, 'xjadmin', 'admin');
    const positionAdmin = await t.client().login('xjadmin', PASSWORD);
    const theirs = await positionAdmin.get('/api/v1/notifications/outbox');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items).toEqual([]);
    expect((await xinjiAdmin.get('/api/v1/notifications/outbox')).json().items).toEqual([]);

    const bad = await admin.get('/api/v1/notifications/outbox?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.status).toBeTruthy();
  });

  // After the outbox listing above, which expects only the first SMS.
  it('notify cuts texts that are only known inside the statement like the others', async () => {
    const worker = await givenWorker(D, communityId, 'sqlgrid', 'grid_worker', '13700001111');
    await notify(t.db, {
      districtId: D,
      recipientUserIds: [worker],
      event: 'case.assigned',
      title: sql<string>`repeat('长', 250)`,
      body: sql<string>`repeat('字', 2100)`,
      entityType: 'case',
      entityId: 'c-sql',
    });
    const [row] = await t.db
      .selectFrom('notification')
      .select(['id', 'title', 'body'])
      .where('entityId', '=', 'c-sql')
      .execute();
    expect(row).toMatchObject({ title: '长'.repeat(200), body: '字'.repeat(2000) });
    const sms = await t.db
      .selectFrom('outboxMessage')
      .select(['recipientUserId', 'body'])
      .where('notificationId', '=', row!.id)
      .execute();
    expect(sms).toEqual([
      { recipientUserId: worker, body: `【共治】${'长'.repeat(200)}：${'字'.repeat(2000)}`.slice(0, 300) },
    ]);
  });

  it('answers 401 without a session', async () => {
    const res = await t.client().get('/api/v1/notifications');
    expect(res.statusCode).toBe(401);
  });
});
