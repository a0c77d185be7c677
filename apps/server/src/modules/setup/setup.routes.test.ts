import { describe, expect, it } from 'vitest';
import { PASSWORD, WULIDUI } from '../../../test/factories.ts';
import { buildTestApp } from '../../../test/test-app.ts';

describe('first-run setup', async () => {
  const t = await buildTestApp();

  it('reports that setup is pending and finds 五里堆 by name and by code', async () => {
    const status = await t.client().get('/api/v1/setup');
    expect(status.json()).toEqual({ isSetupDone: false, divisionsReady: true });
    const byName = await t.client().get(`/api/v1/divisions?q=${encodeURIComponent('五里堆')}&level=5`);
    const hit = byName.json().items.find((d: { code: string }) => d.code === WULIDUI);
    expect(hit.fullName).toBe('湖南省 湘潭市 岳塘区 五里堆街道 五里堆社区居委会');
    const byCode = await t.client().get(`/api/v1/divisions?q=${WULIDUI}`);
    expect(byCode.json().items.map((d: { code: string }) => d.code)).toEqual([WULIDUI]);
  });

  it('refuses a street code as community, naming the field', async () => {
    const res = await t.client().post('/api/v1/setup', {
      username: 'wang',
      displayName: '王',
      password: PASSWORD,
      communityCode: '430304008',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.communityCode).toBeTruthy();
  });

  it('creates the administrator, district, street and community, and logs her in', async () => {
    const client = t.client();
    const res = await client.post('/api/v1/setup', {
      username: 'wang',
      displayName: '王芳',
      password: PASSWORD,
      communityCode: WULIDUI,
    });
    expect(res.statusCode).toBe(200);
    const session = res.json();
    expect(session.district).toEqual({ id: '430304', name: '岳塘区' });
    expect(session.positions[0].label).toBe('系统管理员');
    const nodes = await t.db
      .selectFrom('territoryNode')
      .select(['level', 'code', 'name'])
      .where('districtId', '=', '430304')
      .orderBy('nodeNo')
      .execute();
    expect(nodes).toEqual([
      { level: 'district', code: '430304', name: '岳塘区' },
      { level: 'subdistrict', code: '430304008', name: '五里堆街道' },
      { level: 'community', code: WULIDUI, name: '五里堆社区居委会' },
    ]);
    const me = await client.get('/api/v1/session');
    expect(me.json().user.username).toBe('wang');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action'])
      .where('districtId', '=', '430304')
      .execute();
    expect(audit.map((a) => a.action)).toContain('setup.complete');
  });

  it('cannot be run twice', async () => {
    const res = await t.client().post('/api/v1/setup', {
      username: 'li',
      displayName: '李',
      password: PASSWORD,
      communityCode: WULIDUI,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SETUP_ALREADY_DONE');
  });
});
