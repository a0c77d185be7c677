import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { hashPassword } from '../../platform/auth/password.ts';

const D = '430304';

describe('audit log viewer through HTTP', async () => {
  const t = await buildTestApp();
  let admin: TestClient;
  let adminId: string;
  let communityId: string;

  beforeAll(async () => {
    ({ userId: adminId, communityId } = await givenCommunity(t.db, WULIDUI));
    await givenCommunity(t.db, XINJI);
    admin = await t.client().login('admin430304', PASSWORD);
    await t.db
      .insertInto('auditLog')
      .values([
        // 23:30 on 10 January and 00:30 on 11 January in Asia/Shanghai.
        {
          districtId: D,
          at: '2026-01-10T15:30:00Z',
          actorName: '夜班',
          action: 'registry.reveal',
          entityType: 'resident',
          entityId: 'r1',
          outcome: 'success',
          reason: '核对身份',
          detail: JSON.stringify({ field: 'idNumber' }),
        },
        {
          districtId: D,
          at: '2026-01-10T16:30:00Z',
          actorName: '夜班',
          action: 'registry.reveal',
          entityType: 'resident',
          entityId: 'r2',
          outcome: 'denied',
          reason: null,
        },
        ...[1, 2, 3, 4, 5].map((i) => ({
          districtId: D,
          actorName: '批量',
          action: 'page.test',
          entityType: 'thing',
          entityId: `p${i}`,
          outcome: 'success',
        })),
        {
          districtId: '320116',
          actorName: '新集管理员',
          action: 'page.test',
          entityType: 'thing',
          entityId: 'x1',
          outcome: 'success',
        },
      ])
      .execute();
  });

  const ids = (res: { json(): { items: { entityId: string | null }[] } }) =>
    res.json().items.map((i) => i.entityId);

  it('lists the district log newest first with the documented fields', async () => {
    const res = await admin.post('/api/v1/territory/nodes', {
      parentId: communityId,
      level: 'area',
      name: '第一片区',
    });
    expect(res.statusCode).toBe(200);
    const page = await admin.get('/api/v1/audit?limit=1');
    expect(page.statusCode).toBe(200);
    const [entry] = page.json().items;
    expect(entry).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      actorName: '管理员',
      action: 'territory.create',
      entityType: 'territory_node',
      entityId: res.json().id,
      outcome: 'success',
      reason: null,
      detail: { after: expect.objectContaining({ name: '第一片区', level: 'area' }) },
    });
    expect(page.json().nextCursor).toBe(entry.id);
  });

  it('filters by action prefix, entity, actor, outcome and Shanghai business dates', async () => {
    expect(ids(await admin.get('/api/v1/audit?action=registry.'))).toEqual(['r2', 'r1']);
    expect(ids(await admin.get('/api/v1/audit?entityType=resident&entityId=r1'))).toEqual(['r1']);
    expect(ids(await admin.get('/api/v1/audit?outcome=denied'))).toEqual(['r2']);
    expect(ids(await admin.get('/api/v1/audit?action=registry.&from=2026-01-11'))).toEqual(['r2']);
    expect(ids(await admin.get('/api/v1/audit?action=registry.&to=2026-01-10'))).toEqual(['r1']);
    expect(ids(await admin.get('/api/v1/audit?action=registry.&from=2026-01-10&to=2026-01-10'))).toEqual([
      'r1',
    ]);
    const mine = (await admin.get(`/api/v1/audit?actorUserId=${adminId}`)).json().items as {
      action: string;
    }[];
    expect(mine.map((i) => i.action)).toEqual(['territory.create', 'login', 'setup.complete']);
    expect((await admin.get('/api/v1/audit?action=registry.%25')).json().items).toEqual([]);
  });

  it('pages by keyset cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin.get(`/api/v1/audit?action=page.&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...ids(res).map(String));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['p5', 'p4', 'p3', 'p2', 'p1']);
  });

  it('rejects a bad cursor and a page over 200 naming the field', async () => {
    const cursor = await admin.get('/api/v1/audit?cursor=abc');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().fields.cursor).toBeTruthy();
    const limit = await admin.get('/api/v1/audit?limit=201');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().fields.limit).toBeTruthy();
  });

  it('keeps each district to its own rows', async () => {
    const xinji = await t.client().login('admin320116', PASSWORD);
    const theirs = await xinji.get('/api/v1/audit?action=page.');
    expect(ids(theirs)).toEqual(['x1']);
    expect((await xinji.get('/api/v1/audit?action=registry.')).json().items).toEqual([]);
    expect(ids(await admin.get('/api/v1/audit?action=page.&limit=200'))).not.toContain('x1');
  });

  it('answers 403 to a community worker without audit.view', async () => {
    const user = await t.db
      .insertInto('appUser')
      .values({
        username: 'weiyuan',
        displayName: '委员',
        passwordHash: await hashPassword(PASSWORD),
        homeDistrictId: D,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('position')
      .values({
        districtId: D,
        nodeId: communityId,
        kind: 'committee_member',
        holderName: '委员',
        holderUserId: user.id,
      })
      .execute();
    const worker = await t.client().login('weiyuan', PASSWORD);
    const res = await worker.get('/api/v1/audit');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});
