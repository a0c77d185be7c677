import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp } from '../../../test/test-app.ts';

describe('login, session, CSRF and districts', async () => {
  const t = await buildTestApp();
  await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');

  it('answers 401 without a session', async () => {
    const res = await t.client().get('/api/v1/session');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password with one message for both cases', async () => {
    const wrong = await t.client().post('/api/v1/session', { username: 'wang', password: 'nope-nope' });
    const unknown = await t.client().post('/api/v1/session', { username: 'nobody', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('sets an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await t.client().post('/api/v1/session', { username: 'wang', password: PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'gz_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
  });

  it('rejects a mutation without the CSRF header', async () => {
    const client = await t.client().login('wang', PASSWORD);
    const res = await client
      .withoutCsrf()
      .post('/api/v1/users', { username: 'x1', displayName: 'x', password: PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_MISMATCH');
  });

  it('logs out', async () => {
    const client = await t.client().login('wang', PASSWORD);
    expect((await client.delete('/api/v1/session')).statusCode).toBe(200);
    expect((await client.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('lets a superuser switch district, and refuses an unknown one', async () => {
    const client = await t.client().login('wang', PASSWORD);
    const res = await client.put('/api/v1/session/district', { districtId: '320116' });
    expect(res.json().district.id).toBe('320116');
    const bad = await client.put('/api/v1/session/district', { districtId: '110101' });
    expect(bad.statusCode).toBe(403);
  });

  it('creates a user and audits it; duplicate usernames answer 409 naming the field', async () => {
    const client = await t.client().login('wang', PASSWORD);
    const res = await client.post('/api/v1/users', {
      username: 'yucheng',
      displayName: '余成',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    const again = await client.post('/api/v1/users', {
      username: 'YuCheng',
      displayName: '余成',
      password: PASSWORD,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields.username).toBeTruthy();
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', res.json().id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create']);
  });

  it('rate-limits login attempts', async () => {
    const client = t.client();
    let last = 0;
    for (let i = 0; i < 12; i++)
      last = (await client.post('/api/v1/session', { username: 'wang', password: 'bad-bad-bad' })).statusCode;
    expect(last).toBe(429);
  });

  it('serves health and the OpenAPI document', async () => {
    const health = await t.client().get('/api/health');
    expect(health.json().status).toBe('ok');
    const doc = await t.client().get('/api/openapi.json');
    expect(doc.json().paths['/api/v1/session'].post.operationId).toBe('login');
  });
});
