import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { givenCommunity, givenNode, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { ensureCategories } from '../cases/index.ts';
import { parseXml, textAt, type XmlNode } from './xml-check.test-helper.ts';

const D = '430304';
const XD = '320116';
const BASE = '/open311/v2';

describe('Open311 GeoReport v2 through HTTP', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI);
  const xj = await givenCommunity(t.db, XINJI);
  const community = await t.db
    .selectFrom('territoryNode')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', D)
    .where('id', '=', wl.communityId)
    .executeTakeFirstOrThrow();
  const estate = await givenNode(t.db, WULIDUI, community, 'estate', '和谐小区');
  const building = await givenNode(t.db, WULIDUI, estate, 'building', '23栋');
  const unit = await givenNode(t.db, WULIDUI, building, 'unit', '2单元');
  // Another 23栋 in another 小区: an address naming 和谐小区 must not land here.
  const otherEstate = await givenNode(t.db, WULIDUI, community, 'estate', '幸福小区');
  await givenNode(t.db, WULIDUI, otherEstate, 'building', '23栋');
  let admin: TestClient;
  let secret: string;
  let keyId: string;
  let keyUserId: string;

  /** An anonymous caller, as a hotline system is: no cookie, no CSRF token. */
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (url: string, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const xml = (res: { body: string; headers: Record<string, unknown> }): XmlNode => {
    expect(String(res.headers['content-type'])).toMatch(/^text\/xml; charset=utf-8/);
    return parseXml(res.body);
  };

  async function insertCase(
    districtId: string,
    caseNo: string,
    v: {
      category: string;
      state: string;
      createdAt: string;
      nodeId: string;
      nodePath: string;
      communityId: string;
    },
  ) {
    await t.db
      .insertInto('case')
      .values({
        districtId,
        caseNo,
        communityId: v.communityId,
        nodeId: v.nodeId,
        nodePath: v.nodePath,
        categoryCode: v.category,
        channel: 'resident_app',
        submittedBy: districtId === D ? wl.userId : xj.userId,
        urgency: 'normal',
        title: '测试诉求',
        description: `楼道灯坏了，联系 13912345678，身份证 430304198001011234`,
        contactName: '张三',
        contactPhoneMasked: '139****5678',
        state: v.state,
        handleLimit: 3,
        handleUnit: 'working_days',
        reply: v.state === 'CLOSED' ? '已更换灯泡' : null,
        createdAt: v.createdAt,
        updatedAt: v.createdAt,
      })
      .execute();
  }

  beforeAll(async () => {
    for (const districtId of [D, XD]) await ensureCategories(t.db, districtId);
    admin = await t.client().login(`admin${D}`, PASSWORD);
    const res = await admin.post('/api/v1/open311/api-keys', { name: '区 12345 热线' });
    expect(res.statusCode).toBe(200);
    ({ secret, id: keyId } = res.json());
  });

  describe('discovery and services', () => {
    it('serves discovery in XML and JSON with both formats listed', async () => {
      const j = await get(`${BASE}/discovery.json`);
      expect(j.statusCode).toBe(200);
      expect(j.json()).toEqual({
        changeset: expect.any(String),
        contact: expect.any(String),
        key_service: expect.any(String),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: expect.stringMatching(/\/open311\/v2$/),
            changeset: expect.any(String),
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
      const x = xml(await get(`${BASE}/discovery.xml`));
      expect(x.tag).toBe('discovery');
      expect(textAt(x, 'endpoints/endpoint/type')).toBe('production');
      const formats = x.children
        .find((c) => c.tag === 'endpoints')!
        .children[0]!.children.find((c) => c.tag === 'formats')!;
      expect(formats.children.map((f) => [f.tag, f.text])).toEqual([
        ['format', 'text/xml'],
        ['format', 'application/json'],
      ]);
    });

    it('lists the leaf case categories as services, grouped by their parent', async () => {
      const j = await get(`${BASE}/services.json?jurisdiction_id=${D}`);
      expect(j.statusCode).toBe(200);
      const services = j.json() as { service_code: string; service_name: string; group: string }[];
      // 房屋维修 has a sub-category, so only its leaf 房屋渗漏 is a service.
      expect(services.map((s) => s.service_code)).toEqual([
        'repair.leak',
        'dispute',
        'environment',
        'safety',
        'elderly',
        'consultation',
        'facility',
        'renovation',
        'parking',
        'errand',
        'other',
      ]);
      expect(services[0]).toMatchObject({ service_name: '房屋渗漏', group: '房屋维修' });
      expect(services[5]).toMatchObject({ service_name: '政策咨询', group: '政策咨询' });
      expect(j.json()[0]).toMatchObject({ metadata: false, type: 'realtime' });
      const x = xml(await get(`${BASE}/services.xml?jurisdiction_id=${D}`));
      expect(x.tag).toBe('services');
      expect(x.children).toHaveLength(11);
      expect(x.children.map((s) => s.tag)).toEqual(Array(11).fill('service'));
      expect([textAt(x, 'service/service_code'), textAt(x, 'service/group')]).toEqual([
        'repair.leak',
        '房屋维修',
      ]);
    });

    it('serves a service definition with no attributes, 404 for an unknown code', async () => {
      const j = await get(`${BASE}/services/consultation.json?jurisdiction_id=${D}`);
      expect(j.statusCode).toBe(200);
      expect(j.json()).toEqual({ service_code: 'consultation', attributes: [] });
      const x = xml(await get(`${BASE}/services/consultation.xml?jurisdiction_id=${D}`));
      expect(x.tag).toBe('service_definition');
      expect(textAt(x, 'service_code')).toBe('consultation');
      const missing = await get(`${BASE}/services/nope.json?jurisdiction_id=${D}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('nope') }]);
    });

    it('requires jurisdiction_id while two districts are hosted, and 404s an unknown one in spec shape', async () => {
      const none = await get(`${BASE}/services.json`);
      expect(none.statusCode).toBe(400);
      expect(none.json()).toEqual([{ code: 400, description: expect.stringContaining('jurisdiction_id') }]);
      const unknown = await get(`${BASE}/services.xml?jurisdiction_id=110101`);
      expect(unknown.statusCode).toBe(404);
      const err = xml(unknown);
      expect(err.tag).toBe('errors');
      expect(textAt(err, 'error/code')).toBe('404');
      expect(textAt(err, 'error/description')).toContain('110101');
      const bad = await get(`${BASE}/services.json?jurisdiction_id=abc`);
      expect(bad.statusCode).toBe(404);
    });

    it('answers unknown paths under /open311/v2 with a spec-shaped 404', async () => {
      const res = await get(`${BASE}/nothing.json`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    });
  });

  describe('API keys', () => {
    it('stores only the sha256 of the secret, lists it masked and audits the creation', async () => {
      expect(secret).toMatch(/^430304\.[A-Za-z0-9_-]{32}$/);
      const row = await t.db
        .selectFrom('open311ApiKey')
        .selectAll()
        .where('districtId', '=', D)
        .where('id', '=', keyId)
        .executeTakeFirstOrThrow();
      expect(row.keyHash).toBe(createHash('sha256').update(secret).digest('hex'));
      keyUserId = row.userId;
      // The key's account exists for attribution only: nobody can log in as it.
      const account = await t.db
        .selectFrom('appUser')
        .selectAll()
        .where('id', '=', row.userId)
        .executeTakeFirstOrThrow();
      expect(account.displayName).toBe('12345 接口：区 12345 热线');
      expect(
        (await t.client().request('POST', '/api/v1/session', { username: account.username, password: '!' }))
          .statusCode,
      ).toBe(401);
      const list = await admin.get('/api/v1/open311/api-keys');
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([
        {
          id: keyId,
          name: '区 12345 热线',
          maskedKey: `••••••••${secret.slice(-4)}`,
          createdByName: '管理员',
          createdAt: expect.any(String),
          revokedAt: null,
        },
      ]);
      expect(list.body).not.toContain(secret);
      const audit = await t.db
        .selectFrom('auditLog')
        .select(['actorName', 'outcome'])
        .where('districtId', '=', D)
        .where('action', '=', 'open311.api_key.create')
        .where('entityId', '=', keyId)
        .execute();
      expect(audit).toEqual([{ actorName: '管理员', outcome: 'success' }]);
    });

    it('keeps keys to their district: another district neither lists nor revokes them', async () => {
      const xinji = await t.client().login(`admin${XD}`, PASSWORD);
      expect((await xinji.get('/api/v1/open311/api-keys')).json().items).toEqual([]);
      const revoke = await xinji.post(`/api/v1/open311/api-keys/${keyId}/revoke`);
      expect(revoke.statusCode).toBe(404);
    });

    it('refuses a community worker without open311.manage with 403', async () => {
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
          nodeId: wl.communityId,
          kind: 'committee_member',
          holderName: '委员',
          holderUserId: user.id,
        })
        .execute();
      const worker = await t.client().login('weiyuan', PASSWORD);
      expect((await worker.get('/api/v1/open311/api-keys')).statusCode).toBe(403);
      const create = await worker.post('/api/v1/open311/api-keys', { name: '偷偷建的' });
      expect(create.statusCode).toBe(403);
      expect(
        await t.db.selectFrom('open311ApiKey').select('id').where('name', '=', '偷偷建的').execute(),
      ).toEqual([]);
    });

    it('rejects a nameless key naming the field', async () => {
      const res = await admin.post('/api/v1/open311/api-keys', { name: ' ' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields.name).toBeTruthy();
    });
  });

  describe('reading service requests', () => {
    beforeAll(async () => {
      const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const wlPlace = { communityId: wl.communityId, nodeId: unit.id, nodePath: unit.path };
      await insertCase(D, 'R-OPEN', {
        ...wlPlace,
        category: 'repair.leak',
        state: 'IN_PROGRESS',
        createdAt: at(1),
      });
      await insertCase(D, 'R-CLOSED', {
        ...wlPlace,
        category: 'consultation',
        state: 'CLOSED',
        createdAt: at(2),
      });
      await insertCase(D, 'R-OLD', {
        ...wlPlace,
        category: 'consultation',
        state: 'SUBMITTED',
        createdAt: at(120),
      });
      const xjNode = await t.db
        .selectFrom('territoryNode')
        .select(sql<string>`path::text`.as('path'))
        .where('districtId', '=', XD)
        .where('id', '=', xj.communityId)
        .executeTakeFirstOrThrow();
      await insertCase(XD, 'X-1', {
        communityId: xj.communityId,
        nodeId: xj.communityId,
        nodePath: xjNode.path,
        category: 'consultation',
        state: 'SUBMITTED',
        createdAt: at(1),
      });
    });

    const ids = (res: { json(): { service_request_id: string }[] }) =>
      res.json().map((r) => r.service_request_id);

    it('lists the last 90 days newest first, without personal data, address cut at the building', async () => {
      const res = await get(`${BASE}/requests.json?jurisdiction_id=${D}`);
      expect(res.statusCode).toBe(200);
      expect(ids(res)).toEqual(['R-OPEN', 'R-CLOSED']);
      const [open] = res.json();
      expect(open).toMatchObject({
        service_request_id: 'R-OPEN',
        status: 'open',
        status_notes: '办理中',
        service_code: 'repair.leak',
        service_name: '房屋渗漏',
        address: `${community.name}和谐小区23栋`,
        agency_responsible: community.name,
      });
      expect(res.body).not.toMatch(/13912345678|430304198001011234|张三|2单元/);
      expect(open.description).toContain('139****5678');
    });

    it('filters by status, service_code and date window', async () => {
      expect(ids(await get(`${BASE}/requests.json?jurisdiction_id=${D}&status=closed`))).toEqual([
        'R-CLOSED',
      ]);
      const closed = (await get(`${BASE}/requests.json?jurisdiction_id=${D}&status=closed`)).json()[0];
      expect(closed).toMatchObject({ status: 'closed', status_notes: '已更换灯泡' });
      expect(ids(await get(`${BASE}/requests.json?jurisdiction_id=${D}&status=open`))).toEqual(['R-OPEN']);
      expect(ids(await get(`${BASE}/requests.json?jurisdiction_id=${D}&service_code=consultation`))).toEqual([
        'R-CLOSED',
      ]);
      const old = new Date(Date.now() - 125 * 86_400_000).toISOString();
      const oldEnd = new Date(Date.now() - 100 * 86_400_000).toISOString();
      expect(
        ids(
          await get(
            `${BASE}/requests.json?jurisdiction_id=${D}&start_date=${encodeURIComponent(old)}&end_date=${encodeURIComponent(oldEnd)}`,
          ),
        ),
      ).toEqual(['R-OLD']);
      expect(
        ids(await get(`${BASE}/requests.json?jurisdiction_id=${D}&service_request_id=R-OLD,X-1`)),
      ).toEqual(['R-OLD']);
    });

    it('rejects a bad status and a window over 90 days naming the parameter', async () => {
      const status = await get(`${BASE}/requests.json?jurisdiction_id=${D}&status=pending`);
      expect(status.statusCode).toBe(400);
      expect(status.json()[0].description).toContain('status');
      const wide = await get(
        `${BASE}/requests.xml?jurisdiction_id=${D}&start_date=2026-01-01&end_date=2026-06-01`,
      );
      expect(wide.statusCode).toBe(400);
      expect(textAt(xml(wide), 'error/description')).toContain('end_date');
      const date = await get(`${BASE}/requests.json?jurisdiction_id=${D}&start_date=yesterday`);
      expect(date.statusCode).toBe(400);
      expect(date.json()[0].description).toContain('start_date');
    });

    it('serves one request in XML, and 404s another district’s case number', async () => {
      const x = xml(await get(`${BASE}/requests/R-CLOSED.xml?jurisdiction_id=${D}`));
      expect(x.tag).toBe('service_requests');
      expect(x.children).toHaveLength(1);
      expect(textAt(x, 'request/service_request_id')).toBe('R-CLOSED');
      expect(textAt(x, 'request/status')).toBe('closed');
      const other = await get(`${BASE}/requests/X-1.json?jurisdiction_id=${D}`);
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual([{ code: 404, description: expect.stringContaining('X-1') }]);
      expect((await get(`${BASE}/requests/X-1.json?jurisdiction_id=${XD}`)).statusCode).toBe(200);
    });
  });

  describe('posting service requests', () => {
    const good = () => ({
      api_key: secret,
      jurisdiction_id: D,
      service_code: 'repair.leak',
      description: '和谐小区23栋2单元楼上漏水，已持续三天 <急>',
      address_string: `${community.name}和谐小区23栋2单元301`,
      last_name: '李',
      first_name: '四',
      phone: '13800001111',
      email: 'li4@example.com',
    });

    it('creates a hotline case visible through GET, stored with channel hotline_12345 and audited', async () => {
      const res = await postForm(`${BASE}/requests.json`, good());
      expect(res.statusCode).toBe(200);
      const [created] = res.json();
      expect(created).toEqual({
        service_request_id: expect.any(String),
        service_notice: expect.any(String),
        account_id: null,
      });
      const caseNo = created.service_request_id as string;
      const row = await t.db
        .selectFrom('case')
        .select([
          'id',
          'channel',
          'nodeId',
          'categoryCode',
          'contactName',
          'contactPhoneMasked',
          'reporterUserId',
        ])
        .where('districtId', '=', D)
        .where('caseNo', '=', caseNo)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        channel: 'hotline_12345',
        nodeId: building.id,
        categoryCode: 'repair.leak',
        contactName: '李四',
        contactPhoneMasked: '138****1111',
      });
      const origin = await t.db
        .selectFrom('open311Request')
        .selectAll()
        .where('districtId', '=', D)
        .where('caseId', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(origin.apiKeyId).toBe(keyId);
      expect(t.deps.crypto.decrypt(origin.emailEnc!)).toBe('li4@example.com');
      const audit = await t.db
        .selectFrom('auditLog')
        .select(['actorName', 'actorUserId', 'detail'])
        .where('districtId', '=', D)
        .where('action', '=', 'open311.request.create')
        .where('outcome', '=', 'success')
        .execute();
      expect(audit).toEqual([
        {
          actorName: '12345 接口：区 12345 热线',
          actorUserId: keyUserId,
          detail: expect.objectContaining({ apiKeyId: keyId, apiKeyName: '区 12345 热线', caseNo }),
        },
      ]);
      const shown = await get(`${BASE}/requests/${caseNo}.json?jurisdiction_id=${D}`);
      expect(shown.statusCode).toBe(200);
      expect(shown.json()[0]).toMatchObject({
        service_request_id: caseNo,
        status: 'open',
        service_code: 'repair.leak',
      });
      expect(shown.body).not.toMatch(/李四|13800001111|li4@|301/);
      const x = xml(await get(`${BASE}/requests/${caseNo}.xml?jurisdiction_id=${D}`));
      expect(textAt(x, 'request/description')).toBe(good().description);
    });

    it('answers in XML too', async () => {
      const res = await postForm(`${BASE}/requests.xml`, { ...good(), description: '路灯不亮' });
      expect(res.statusCode).toBe(200);
      const x = xml(res);
      expect(x.tag).toBe('service_requests');
      expect(textAt(x, 'request/service_request_id')).toMatch(/\S/);
    });

    it('refuses a missing, bad, foreign-jurisdiction or revoked api_key with 403 in spec shape', async () => {
      const { api_key: _, ...noKey } = good();
      const missing = await postForm(`${BASE}/requests.json`, noKey);
      expect(missing.statusCode).toBe(403);
      expect(missing.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
      const bad = await postForm(`${BASE}/requests.xml`, { ...good(), api_key: `${D}.not-a-real-key` });
      expect(bad.statusCode).toBe(403);
      expect(textAt(xml(bad), 'error/code')).toBe('403');
      const foreign = await postForm(`${BASE}/requests.json`, { ...good(), jurisdiction_id: XD });
      expect(foreign.statusCode).toBe(403);

      const extra = (await admin.post('/api/v1/open311/api-keys', { name: '临时密钥' })).json();
      const revoked = await admin.post(`/api/v1/open311/api-keys/${extra.id}/revoke`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).toEqual(expect.any(String));
      expect((await admin.post(`/api/v1/open311/api-keys/${extra.id}/revoke`)).statusCode).toBe(409);
      const before = await t.db
        .selectFrom('case')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      const refused = await postForm(`${BASE}/requests.json`, { ...good(), api_key: extra.secret });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()[0].description).toContain('吊销');
      const after = await t.db
        .selectFrom('case')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
      const audit = await t.db
        .selectFrom('auditLog')
        .select(['actorName', 'outcome'])
        .where('districtId', '=', D)
        .where('action', 'in', ['open311.api_key.revoke', 'open311.request.create'])
        .where('entityId', '=', extra.id)
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { actorName: '管理员', outcome: 'success' },
        { actorName: '12345 接口：临时密钥', outcome: 'denied' },
      ]);
    });

    it('rejects a missing service_code, description or address naming the field, and 404s an unknown code', async () => {
      const { service_code: _, ...noCode } = good();
      const res = await postForm(`${BASE}/requests.json`, noCode);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual([{ code: 400, description: expect.stringContaining('service_code') }]);
      const xmlRes = await postForm(`${BASE}/requests.xml`, noCode);
      expect(textAt(xml(xmlRes), 'error/description')).toContain('service_code');
      const { address_string: __, ...noPlace } = good();
      const place = await postForm(`${BASE}/requests.json`, noPlace);
      expect(place.statusCode).toBe(400);
      expect(place.json()[0].description).toContain('address_string');
      const unknown = await postForm(`${BASE}/requests.json`, { ...good(), service_code: 'nope' });
      expect(unknown.statusCode).toBe(404);
      const { description: ___, ...noText } = good();
      expect((await postForm(`${BASE}/requests.json`, noText)).json()[0].description).toContain(
        'description',
      );
    });

    it('limits posts per key and answers 429 in spec shape, other keys unaffected', async () => {
      const burst = (await admin.post('/api/v1/open311/api-keys', { name: '压测密钥' })).json();
      const { service_code: _, ...noCode } = good();
      for (let i = 0; i < 30; i++) {
        expect(
          (await postForm(`${BASE}/requests.json`, { ...noCode, api_key: burst.secret })).statusCode,
        ).toBe(400);
      }
      const limited = await postForm(`${BASE}/requests.xml`, { ...noCode, api_key: burst.secret });
      expect(limited.statusCode).toBe(429);
      expect(textAt(xml(limited), 'error/code')).toBe('429');
      expect((await postForm(`${BASE}/requests.json`, noCode)).statusCode).toBe(400);
    });

    it('places a case given only lat/long in the district’s only community', async () => {
      const { address_string: _, ...rest } = good();
      const res = await postForm(`${BASE}/requests.json`, { ...rest, lat: '27.85', long: '112.93' });
      expect(res.statusCode).toBe(200);
      const row = await t.db
        .selectFrom('case')
        .select(['nodeId', 'communityId'])
        .where('districtId', '=', D)
        .where('caseNo', '=', res.json()[0].service_request_id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ nodeId: wl.communityId, communityId: wl.communityId });
    });
  });
});
