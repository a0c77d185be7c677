import { describe, expect, it } from 'vitest';
import { givenCommunity, givenNode, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { prepareResident } from '../people/index.ts';
import { findNodeByCode } from '../territory/index.ts';

const NEW_PASSWORD = 'battery-staple-7';

// Login is rate-limited to ten attempts a minute per address: this file logs in nine times.
describe('accounts: resident, external and staff logins; password reset', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;
  const X = xj.districtId;
  const community = (await findNodeByCode(t.db, D, WULIDUI))!;
  const group1 = await givenNode(t.db, WULIDUI, community, 'resident_group', '一组');
  const group2 = await givenNode(t.db, WULIDUI, community, 'resident_group', '二组');

  async function resident(districtId: string, communityId: string, nodeId: string, no: string, name: string) {
    const h = await t.db
      .insertInto('household')
      .values({ districtId, communityId, nodeId, householdNo: no, address: `${no}号` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const prepared = prepareResident({ name, phone: '13800001234', relationToHead: '本人' }, t.deps.crypto);
    if (!prepared.ok) throw new Error('bad resident');
    const r = await t.db
      .insertInto('resident')
      .values({ districtId, householdId: h.id, ...prepared.values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }
  const liyeye = await resident(D, wl.communityId, group1.id, 'A-001', '李爷爷');
  const wangnainai = await resident(D, wl.communityId, group1.id, 'A-002', '王奶奶');
  const xjResident = await resident(X, xj.communityId, xj.communityId, 'X-001', '新集居民');

  const wang = await t.client().login('wang', PASSWORD);
  const userIdOf = async (username: string) =>
    (await t.db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;
  async function staff(username: string, displayName: string, nodeId: string, kind: string) {
    const res = await wang.post('/api/v1/users', { username, displayName, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const pos = await wang.post('/api/v1/positions', {
      nodeId,
      kind,
      holderName: displayName,
      holderUserId: res.json().id,
    });
    expect(pos.statusCode, pos.body).toBe(200);
    return res.json().id as string;
  }
  // 网格员 may edit the registry but not manage accounts; the 二组 committee member manages only 二组.
  await staff('wangge', '网格员小刘', community.id, 'grid_worker');
  await staff('erzu', '二组委员', group2.id, 'committee_member');
  const yizuId = await staff('yizu', '一组委员', group1.id, 'committee_member');
  const wangge = await t.client().login('wangge', PASSWORD);
  const erzu = await t.client().login('erzu', PASSWORD);
  let liyeyeClient: TestClient;

  const auditOf = (entityId: string) =>
    t.db
      .selectFrom('auditLog')
      .select(['districtId', 'action', 'detail', 'actorName'])
      .where('entityId', '=', entityId)
      .orderBy('id')
      .execute();

  it('creates a resident account linked to the registry; she logs in to her district', async () => {
    const res = await wang.post('/api/v1/users', {
      username: 'liyeye',
      displayName: '李爷爷',
      password: PASSWORD,
      residentId: liyeye,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      username: 'liyeye',
      kind: 'resident',
      resident: { id: liyeye, name: '李爷爷', householdNo: 'A-001' },
    });
    const userId = res.json().id as string;
    const link = await t.db.selectFrom('residentAccount').selectAll().where('userId', '=', userId).execute();
    expect(link).toMatchObject([{ districtId: D, residentId: liyeye }]);
    const audit = await auditOf(userId);
    expect(audit).toMatchObject([{ districtId: D, action: 'user.create' }]);
    expect(audit[0]!.detail).toMatchObject({ kind: 'resident', residentId: liyeye });

    liyeyeClient = await t.client().login('liyeye', PASSWORD);
    const session = await liyeyeClient.get('/api/v1/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      district: { id: D },
      districts: [{ id: D }],
      positions: [],
      permissions: [],
    });
    // A resident manages nothing and cannot step into another district.
    expect((await liyeyeClient.get('/api/v1/users')).statusCode).toBe(403);
    expect((await liyeyeClient.put('/api/v1/session/district', { districtId: X })).statusCode).toBe(403);
  });

  it('lets an external handler without any position log in to his home district', async () => {
    const res = await wang.post('/api/v1/users', {
      username: 'repair',
      displayName: '维修师傅老陈',
      password: PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'external', resident: null });
    expect((await auditOf(res.json().id))[0]!.detail).toMatchObject({ kind: 'staff', username: 'repair' });
    const repair = await t.client().login('repair', PASSWORD);
    expect((await repair.get('/api/v1/session')).json()).toMatchObject({
      district: { id: D },
      districts: [{ id: D }],
      positions: [],
    });
  });

  it('lists the district accounts with their kind and linked resident, and filters by q', async () => {
    const res = await wang.get('/api/v1/users');
    expect(res.statusCode).toBe(200);
    const byName = new Map(
      (res.json().items as { username: string }[]).map((u) => [u.username, u] as [string, unknown]),
    );
    expect(byName.get('wang')).toMatchObject({ kind: 'staff', resident: null });
    expect(byName.get('wangge')).toMatchObject({ kind: 'staff' });
    expect(byName.get('repair')).toMatchObject({ kind: 'external' });
    expect(byName.get('liyeye')).toMatchObject({
      kind: 'resident',
      resident: { name: '李爷爷', householdNo: 'A-001' },
    });
    expect(byName.has('zhao')).toBe(false);
    const filtered = await wangge.get('/api/v1/users?q=liye');
    expect(filtered.json().items.map((u: { username: string }) => u.username)).toEqual(['liyeye']);
  });

  it('answers 400 naming the fields', async () => {
    const res = await wang.post('/api/v1/users', {
      username: 'a',
      displayName: '',
      password: 'short',
      residentId: 'not-a-uuid',
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields).sort()).toEqual([
      'displayName',
      'password',
      'residentId',
      'username',
    ]);
    expect(res.json().fields.password).toBe('密码至少 8 位');
    const reset = await wang.post(`/api/v1/users/${yizuId}/password`, { password: '1234' });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().fields.password).toBe('密码至少 8 位');
  });

  it('answers 403 to someone without organisation.manage, and audits the refusal', async () => {
    const res = await wangge.post('/api/v1/users', {
      username: 'wanggenew',
      displayName: '新账号',
      password: PASSWORD,
      residentId: wangnainai,
    });
    expect(res.statusCode).toBe(403);
    const reset = await wangge.post(`/api/v1/users/${yizuId}/password`, { password: NEW_PASSWORD });
    expect(reset.statusCode).toBe(403);
    expect(
      await t.db.selectFrom('appUser').select('id').where('username', '=', 'wanggenew').execute(),
    ).toEqual([]);
    const denied = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('actorName', '=', '网格员小刘')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action).sort()).toEqual([
      'POST /api/v1/users',
      'POST /api/v1/users/:id/password',
    ]);
  });

  it("answers 404 for another district's resident and for one outside the caller's scope", async () => {
    const other = await wang.post('/api/v1/users', {
      username: 'xjuser',
      displayName: '新集居民',
      password: PASSWORD,
      residentId: xjResident,
    });
    expect(other.statusCode).toBe(404);
    const outside = await erzu.post('/api/v1/users', {
      username: 'wangnainai',
      displayName: '王奶奶',
      password: PASSWORD,
      residentId: wangnainai,
    });
    expect(outside.statusCode).toBe(404);
    expect(
      await t.db
        .selectFrom('residentAccount')
        .select('userId')
        .where('residentId', '=', wangnainai)
        .execute(),
    ).toEqual([]);
  });

  it('answers 409 for a second account of one resident, creating nothing', async () => {
    const res = await wang.post('/api/v1/users', {
      username: 'liyeye2',
      displayName: '李爷爷',
      password: PASSWORD,
      residentId: liyeye,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().fields.residentId).toBe('该居民已有账号');
    expect(await t.db.selectFrom('appUser').select('id').where('username', '=', 'liyeye2').execute()).toEqual(
      [],
    );
  });

  it('resets a password: the old one stops working, old sessions end, and it is audited', async () => {
    const userId = await userIdOf('liyeye');
    const res = await wang.post(`/api/v1/users/${userId}/password`, { password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect((await liyeyeClient.get('/api/v1/session')).statusCode).toBe(401);
    const old = await t.client().post('/api/v1/session', { username: 'liyeye', password: PASSWORD });
    expect(old.statusCode).toBe(401);
    const fresh = await t.client().login('liyeye', NEW_PASSWORD);
    expect((await fresh.get('/api/v1/session')).json().district.id).toBe(D);
    const audit = await auditOf(userId);
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'login', 'user.password_reset', 'login']);
    expect(audit[2]).toMatchObject({ districtId: D, actorName: '管理员', detail: { username: 'liyeye' } });
    expect(JSON.stringify(audit[2]!.detail)).not.toContain(NEW_PASSWORD);
    expect(
      (
        await t.db
          .selectFrom('appUser')
          .select('passwordHash')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
      ).passwordHash,
    ).not.toContain(NEW_PASSWORD);
  });

  it("refuses to reset passwords beyond the caller's scope or district", async () => {
    // 二组委员 manages 二组 only: not the 一组 committee member, not a superuser.
    const yizu = await erzu.post(`/api/v1/users/${yizuId}/password`, { password: NEW_PASSWORD });
    expect(yizu.statusCode).toBe(403);
    const admin = await erzu.post(`/api/v1/users/${wl.userId}/password`, { password: NEW_PASSWORD });
    expect(admin.statusCode).toBe(403);
    // A resident account outside his registry scope is not found, like the resident herself.
    const outside = await erzu.post(`/api/v1/users/${await userIdOf('liyeye')}/password`, {
      password: PASSWORD,
    });
    expect(outside.statusCode).toBe(404);
    // Another district's user, and no user at all, are not found.
    const zhao = await wang.post(`/api/v1/users/${xj.userId}/password`, { password: NEW_PASSWORD });
    expect(zhao.statusCode).toBe(404);
    const none = await wang.post('/api/v1/users/00000000-0000-4000-8000-000000000000/password', {
      password: NEW_PASSWORD,
    });
    expect(none.statusCode).toBe(404);
    expect(await auditOf(xj.userId)).not.toContainEqual(
      expect.objectContaining({ action: 'user.password_reset' }),
    );
  });

  it("keeps districts apart: XINJI's resident account lands in XINJI and lists only there", async () => {
    const zhao = await t.client().login('zhao', PASSWORD);
    await zhao.put('/api/v1/session/district', { districtId: X });
    const res = await zhao.post('/api/v1/users', {
      username: 'xjjumin',
      displayName: '新集居民',
      password: PASSWORD,
      residentId: xjResident,
    });
    expect(res.statusCode, res.body).toBe(200);
    const zhaoList = (await zhao.get('/api/v1/users'))
      .json()
      .items.map((u: { username: string }) => u.username);
    expect(zhaoList).toContain('xjjumin');
    expect(zhaoList).not.toContain('liyeye');
    expect(zhaoList).not.toContain('repair');
    const wangList = (await wang.get('/api/v1/users'))
      .json()
      .items.map((u: { username: string }) => u.username);
    expect(wangList).not.toContain('xjjumin');
    const xjjumin = await t.client().login('xjjumin', PASSWORD);
    expect((await xjjumin.get('/api/v1/session')).json()).toMatchObject({
      district: { id: X },
      districts: [{ id: X }],
    });
    const audit = await auditOf(res.json().id);
    expect(audit.map((a) => [a.districtId, a.action])).toEqual([
      [X, 'user.create'],
      [X, 'login'],
    ]);
  });
});
