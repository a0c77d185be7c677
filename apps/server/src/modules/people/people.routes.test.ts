import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import type { PositionKind } from '../../platform/access/positions.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { insertUser } from '../identity/index.ts';
import { findNodeByCode, insertNode } from '../territory/index.ts';
import { makeIdNumber } from './id-number.ts';

const WL = '430304';
const ID_WANG = makeIdNumber(WL, '1950-03-08', 22); // female
const ID_XIAOMING = makeIdNumber(WL, '1980-06-01', 31);
const ID_ZHANG = makeIdNumber(WL, '1962-11-11', 13);
const ID_LI = makeIdNumber(WL, '1975-01-20', 15);
const ID_XINJI = makeIdNumber('320116', '1990-02-02', 17);

describe('people: households, residents, tags, consent, life events', async () => {
  const t = await buildTestApp();
  await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const community = (await findNodeByCode(t.db, WL, WULIDUI))!;
  const districtNode = (await findNodeByCode(t.db, WL, WL))!;
  const node = (
    level: 'grid' | 'building',
    code: string,
    name: string,
    parent: { id: string; path: string },
  ) => insertNode(t.db, { districtId: WL, parentId: parent.id, parentPath: parent.path, level, code, name });
  const gridA = await node('grid', `${WULIDUI}-WG0001`, '第一网格', community);
  const gridB = await node('grid', `${WULIDUI}-WG0002`, '第二网格', community);
  const building = await node('building', `${WULIDUI}-LD0001`, '1栋', gridA);
  const hash = await hashPassword(PASSWORD);

  async function givenPosition(username: string, displayName: string, kind: PositionKind, nodeId: string) {
    const user = await insertUser(t.db, { username, displayName, passwordHash: hash, homeDistrictId: WL });
    const position = await t.db
      .insertInto('position')
      .values({ districtId: WL, nodeId, kind, holderName: displayName, holderUserId: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { userId: user.id, positionId: position.id, client: () => t.client().login(username, PASSWORD) };
  }
  const gridWorker = await givenPosition('grid-a', '刘网格', 'grid_worker', gridA.id);
  const committee = await givenPosition('weiyuan', '陈委员', 'committee_member', community.id);
  const linzhang = await givenPosition('linzhang', '周邻长', 'neighbour_chief', gridA.id);
  const absentChief = await t.db
    .insertInto('position')
    .values({ districtId: WL, nodeId: gridA.id, kind: 'household_chief', holderName: '吴户长' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const wang = await t.client().login('wang', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);
  const grid = await gridWorker.client();
  const weiyuan = await committee.client();
  const lin = await linzhang.client();

  const audits = (entityId: string) =>
    t.db
      .selectFrom('auditLog')
      .select(['action', 'outcome', 'reason', 'detail'])
      .where('entityId', '=', entityId)
      .orderBy('id')
      .execute();

  async function createHousehold(client: TestClient, nodeId: string, householdNo: string, address = '') {
    const res = await client.post('/api/v1/households', { nodeId, householdNo, address });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; householdNo: string };
  }
  async function addResident(client: TestClient, householdId: string, body: Record<string, unknown>) {
    const res = await client.post(`/api/v1/households/${householdId}/residents`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; idNoMasked: string | null; phoneMasked: string | null };
  }

  // The registry used throughout: three households in 第一网格, one in 第二网格, one in another district.
  const h1 = await createHousehold(wang, building.id, 'A-001', '五里堆1栋101');
  const h2 = await createHousehold(wang, gridA.id, 'A-002', '五里堆2号');
  const h3 = await createHousehold(wang, gridB.id, 'B-001', '五里堆二区3号');
  const h4 = await createHousehold(wang, gridA.id, 'A-003', '五里堆4号');
  const xinjiCommunity = (await findNodeByCode(t.db, '320116', XINJI))!;
  const hx = await createHousehold(zhao, xinjiCommunity.id, 'X-001', '新集1号');
  const wangXiuying = await addResident(wang, h1.id, {
    name: '王秀英',
    idNumber: ID_WANG,
    phone: '13800001111',
    relationToHead: '户主',
    ethnicity: '汉族',
    politicalStatus: '中共党员',
    education: '初中',
    residenceType: 'registered',
    note: '独居多年',
    dataSource: '入户采集',
  });
  const xiaoming = await addResident(wang, h1.id, {
    name: '王小明',
    idNumber: ID_XIAOMING,
    relationToHead: '子',
    phone: '13900002222',
  });
  const zhangSan = await addResident(wang, h2.id, {
    name: '张三',
    idNumber: ID_ZHANG,
    relationToHead: '户主',
  });
  const liSi = await addResident(wang, h3.id, {
    name: '李四',
    idNumber: ID_LI,
    relationToHead: '户主',
    phone: '13700003333',
  });
  const aiMi = await addResident(wang, h4.id, { name: '艾米', relationToHead: '户主' });
  const xinjiResident = await addResident(zhao, hx.id, { name: '王秀兰', idNumber: ID_XINJI });

  // 周邻长 links to A-001 directly and to A-002 as a temporary handover for 吴户长; his link to A-003 has ended.
  await t.db
    .insertInto('householdLink')
    .values([
      { districtId: WL, positionId: linzhang.positionId, householdId: h1.id },
      {
        districtId: WL,
        positionId: linzhang.positionId,
        householdId: h2.id,
        coversPositionId: absentChief.id,
      },
      {
        districtId: WL,
        positionId: linzhang.positionId,
        householdId: h4.id,
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
      },
      {
        districtId: WL,
        positionId: linzhang.positionId,
        householdId: h3.id,
        validFrom: sql<string>`current_date + 10`,
      },
    ])
    .execute();

  describe('households', () => {
    it('creates a household at a node below the community, audited', async () => {
      const row = await t.db
        .selectFrom('household')
        .selectAll()
        .where('id', '=', h1.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        districtId: WL,
        communityId: community.id,
        nodeId: building.id,
        householdNo: 'A-001',
        status: 'active',
      });
      expect((await audits(h1.id)).map((a) => a.action)).toEqual(['household.create']);
    });

    it('answers 409 naming householdNo when the number is taken in the community', async () => {
      const res = await wang.post('/api/v1/households', { nodeId: gridB.id, householdNo: 'A-001' });
      expect(res.statusCode).toBe(409);
      expect(res.json().fields).toHaveProperty('householdNo');
      // The same number in another community is fine.
      expect(
        (await zhao.post('/api/v1/households', { nodeId: xinjiCommunity.id, householdNo: 'A-001' }))
          .statusCode,
      ).toBe(200);
    });

    it('validates the body and the node', async () => {
      const bad = await wang.post('/api/v1/households', { nodeId: 'nope', householdNo: '' });
      expect(bad.statusCode).toBe(400);
      expect(Object.keys(bad.json().fields)).toEqual(expect.arrayContaining(['nodeId', 'householdNo']));
      const tooLong = await wang.post('/api/v1/households', {
        nodeId: gridA.id,
        householdNo: 'x'.repeat(41),
      });
      expect(tooLong.statusCode).toBe(400);
      const above = await wang.post('/api/v1/households', { nodeId: districtNode.id, householdNo: 'Z-1' });
      expect(above.statusCode).toBe(400);
      expect(above.json().fields).toHaveProperty('nodeId');
      const otherDistrict = await wang.post('/api/v1/households', {
        nodeId: xinjiCommunity.id,
        householdNo: 'Z-2',
      });
      expect(otherDistrict.statusCode).toBe(404);
      const outside = await grid.post('/api/v1/households', { nodeId: gridB.id, householdNo: 'Z-3' });
      expect(outside.statusCode).toBe(404);
    });

    it('refuses a 邻长 with 403 and audits the refusal', async () => {
      const res = await lin.post('/api/v1/households', { nodeId: gridA.id, householdNo: 'Z-4' });
      expect(res.statusCode).toBe(403);
      const denied = await t.db
        .selectFrom('auditLog')
        .select(['action', 'outcome'])
        .where('actorUserId', '=', linzhang.userId)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied).toEqual([{ action: 'POST /api/v1/households', outcome: 'denied' }]);
      expect(
        await t.db.selectFrom('household').select('id').where('householdNo', '=', 'Z-4').execute(),
      ).toEqual([]);
    });

    it('shows members, head, masked phones and the chiefs linked today', async () => {
      const res = await wang.get(`/api/v1/households/${h1.id}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        householdNo: 'A-001',
        headResidentId: wangXiuying.id,
        headName: '王秀英',
        nodeName: '1栋',
        communityName: '五里堆社区居委会',
      });
      expect(body.members.map((m: { name: string }) => m.name).sort()).toEqual(['王小明', '王秀英']);
      expect(body.members.find((m: { name: string }) => m.name === '王秀英').phoneMasked).toBe('138****1111');
      expect(body.chiefs).toEqual([
        {
          positionId: linzhang.positionId,
          kind: 'neighbour_chief',
          label: '邻长',
          holderName: '周邻长',
          isHandover: false,
        },
      ]);
      const h2body = (await wang.get(`/api/v1/households/${h2.id}`)).json();
      expect(h2body.chiefs).toEqual([expect.objectContaining({ holderName: '周邻长', isHandover: true })]);
      expect(JSON.stringify(body)).not.toContain(ID_WANG);
      expect(JSON.stringify(body)).not.toContain('13800001111');
    });

    it('answers 404 for another district and outside the caller scope', async () => {
      expect((await zhao.get(`/api/v1/households/${h1.id}`)).statusCode).toBe(404);
      expect((await wang.get(`/api/v1/households/${hx.id}`)).statusCode).toBe(404);
      expect((await grid.get(`/api/v1/households/${h3.id}`)).statusCode).toBe(404);
      expect((await grid.get(`/api/v1/households/${h2.id}`)).statusCode).toBe(200);
    });

    it('updates address, node and head, audited; the head must be a member', async () => {
      const res = await wang.patch(`/api/v1/households/${h2.id}`, {
        address: '五里堆2号附1',
        nodeId: building.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ address: '五里堆2号附1', nodeId: building.id });
      const bad = await wang.patch(`/api/v1/households/${h2.id}`, { headResidentId: liSi.id });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toHaveProperty('headResidentId');
      const otherCommunity = await wang.patch(`/api/v1/households/${h2.id}`, { nodeId: districtNode.id });
      expect(otherCommunity.statusCode).toBe(400);
      const row = await t.db
        .selectFrom('household')
        .select(['address', 'nodeId'])
        .where('id', '=', h2.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ address: '五里堆2号附1', nodeId: building.id });
      const audit = await audits(h2.id);
      expect(audit.at(-1)).toMatchObject({
        action: 'household.update',
        detail: { fields: ['nodeId', 'address'] },
      });
      expect((await grid.patch(`/api/v1/households/${h3.id}`, { address: 'x' })).statusCode).toBe(404);
      expect((await lin.patch(`/api/v1/households/${h1.id}`, { address: 'x' })).statusCode).toBe(403);
      await wang.patch(`/api/v1/households/${h2.id}`, { nodeId: gridA.id });
    });

    it('lists by subtree, status and text with keyset pages', async () => {
      const inGridA = (await grid.get('/api/v1/households?limit=200')).json();
      expect(inGridA.items.map((h: { householdNo: string }) => h.householdNo)).toEqual([
        'A-001',
        'A-002',
        'A-003',
      ]);
      const sub = (await wang.get(`/api/v1/households?nodeId=${gridB.id}`)).json();
      expect(sub.items.map((h: { householdNo: string }) => h.householdNo)).toEqual(['B-001']);
      const page1 = (await wang.get('/api/v1/households?limit=2')).json();
      expect(page1.items.map((h: { householdNo: string }) => h.householdNo)).toEqual(['A-001', 'A-002']);
      const page2 = (await wang.get(`/api/v1/households?limit=2&cursor=${page1.nextCursor}`)).json();
      expect(page2.items.map((h: { householdNo: string }) => h.householdNo)).toEqual(['A-003', 'B-001']);
      expect(page2.nextCursor).toBeNull();
      const byMember = (await wang.get(`/api/v1/households?q=${encodeURIComponent('秀英')}`)).json();
      expect(byMember.items.map((h: { id: string }) => h.id)).toEqual([h1.id]);
      const byAddress = (await wang.get(`/api/v1/households?q=${encodeURIComponent('二区')}`)).json();
      expect(byAddress.items.map((h: { id: string }) => h.id)).toEqual([h3.id]);
      const byNo = (await wang.get('/api/v1/households?q=b-00')).json();
      expect(byNo.items.map((h: { id: string }) => h.id)).toEqual([h3.id]);
      expect((await wang.get(`/api/v1/households?q=${'x'.repeat(51)}`)).statusCode).toBe(400);
      expect((await wang.get('/api/v1/households?limit=201')).statusCode).toBe(400);
      expect((await wang.get('/api/v1/households?cursor=forged')).statusCode).toBe(400);
      const xinji = (await zhao.get('/api/v1/households')).json();
      expect(xinji.items.map((h: { householdNo: string }) => h.householdNo)).toEqual(['A-001', 'X-001']);
      expect(xinji.items.every((h: { communityId: string }) => h.communityId === xinjiCommunity.id)).toBe(
        true,
      );
    });
  });

  describe('a 邻长 sees his linked households only, masked', () => {
    it('lists exactly his households in force with mine=true, with names and masked phones', async () => {
      const res = await lin.get('/api/v1/households?mine=true');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as {
        id: string;
        address: string;
        members: { name: string; phoneMasked: string | null }[];
      }[];
      expect(items.map((h) => h.id)).toEqual([h1.id, h2.id]);
      expect(items[0]!.address).toBe('五里堆1栋101');
      expect(items[0]!.members).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: '王秀英', phoneMasked: '138****1111' })]),
      );
      expect(res.body).not.toContain('13800001111');
      const all = (await lin.get('/api/v1/households')).json();
      expect(all.items.map((h: { id: string }) => h.id)).toEqual([h1.id, h2.id]);
      expect((await wang.get('/api/v1/households?mine=true')).json().items).toEqual([]);
    });

    it('gets 404 on other households and their residents, 403 on reveal, never unmasked data', async () => {
      expect((await lin.get(`/api/v1/households/${h4.id}`)).statusCode).toBe(404);
      expect((await lin.get(`/api/v1/households/${h3.id}`)).statusCode).toBe(404);
      expect((await lin.get(`/api/v1/residents/${liSi.id}`)).statusCode).toBe(404);
      const own = await lin.get(`/api/v1/residents/${wangXiuying.id}`);
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({
        idNoMasked: `430304********${ID_WANG.slice(-4)}`,
        phoneMasked: '138****1111',
      });
      expect(own.body).not.toContain(ID_WANG);
      const reveal = await lin.post(`/api/v1/residents/${wangXiuying.id}/reveal`, {
        field: 'phone',
        reason: '联系老人核实情况',
      });
      expect(reveal.statusCode).toBe(403);
      expect(reveal.body).not.toContain('13800001111');
      const list = (await lin.get('/api/v1/residents?limit=200')).json();
      expect(list.items.map((r: { name: string }) => r.name).sort()).toEqual(
        ['张三', '王小明', '王秀英'].sort(),
      );
    });
  });

  describe('residents', () => {
    it('stores the roster fields encrypted, masked, with a registered event and the head set', async () => {
      const row = await t.db
        .selectFrom('resident')
        .selectAll()
        .where('id', '=', wangXiuying.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        name: '王秀英',
        gender: 'female',
        birthDate: '1950-03-08',
        idNoMasked: `430304********${ID_WANG.slice(-4)}`,
        phoneMasked: '138****1111',
        relationToHead: '户主',
        ethnicity: '汉族',
        politicalStatus: '中共党员',
        education: '初中',
        residenceType: 'registered',
        note: '独居多年',
        dataSource: '入户采集',
        status: 'active',
        nameSort: 'wang xiu ying',
      });
      expect(row.idNoEnc!.toString('latin1')).not.toContain(ID_WANG);
      expect(row.idNoHash).toEqual(t.deps.crypto.blindIndex(ID_WANG));
      const events = await t.db
        .selectFrom('residentEvent')
        .select(['kind', 'householdId'])
        .where('residentId', '=', wangXiuying.id)
        .execute();
      expect(events).toEqual([{ kind: 'registered', householdId: h1.id }]);
      expect((await audits(wangXiuying.id)).map((a) => a.action)).toEqual(['resident.create']);
    });

    it('rejects a wrong check character and a gender that contradicts the ID, naming the fields', async () => {
      const bad = await wang.post(`/api/v1/households/${h4.id}/residents`, {
        name: '赵六',
        idNumber: `${ID_LI.slice(0, 17)}${ID_LI[17] === '0' ? '1' : '0'}`,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields.idNumber).toContain('校验位');
      const gender = await wang.post(`/api/v1/households/${h4.id}/residents`, {
        name: '赵六',
        idNumber: makeIdNumber(WL, '1990-01-01', 41),
        gender: 'female',
      });
      expect(gender.statusCode).toBe(400);
      expect(gender.json().fields).toHaveProperty('gender');
      const noName = await wang.post(`/api/v1/households/${h4.id}/residents`, { name: '' });
      expect(noName.statusCode).toBe(400);
      expect(noName.json().fields).toHaveProperty('name');
      expect((await grid.post(`/api/v1/households/${h3.id}/residents`, { name: '赵六' })).statusCode).toBe(
        404,
      );
      expect((await lin.post(`/api/v1/households/${h1.id}/residents`, { name: '赵六' })).statusCode).toBe(
        403,
      );
      expect((await wang.post(`/api/v1/households/${hx.id}/residents`, { name: '赵六' })).statusCode).toBe(
        404,
      );
      expect(await t.db.selectFrom('resident').select('id').where('name', '=', '赵六').execute()).toEqual([]);
    });

    it('answers 409 DUPLICATE_ID_NUMBER naming masked ID, household and community; less outside scope', async () => {
      const res = await wang.post(`/api/v1/households/${h4.id}/residents`, {
        name: '王秀英',
        idNumber: ID_WANG.toLowerCase(),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('DUPLICATE_ID_NUMBER');
      expect(res.json().message).toContain(`430304********${ID_WANG.slice(-4)}`);
      expect(res.json().message).toContain('A-001');
      expect(res.json().message).toContain('五里堆社区居委会');
      const outside = await grid.post(`/api/v1/households/${h4.id}/residents`, {
        name: '李四',
        idNumber: ID_LI,
      });
      expect(outside.statusCode).toBe(409);
      expect(outside.json().message).not.toContain('B-001');
      expect(outside.json().message).not.toContain('李四');
      // Another district keeps its own registry: the same number is not a duplicate there.
      const elsewhere = await zhao.post(`/api/v1/households/${hx.id}/residents`, {
        name: '王秀英',
        idNumber: ID_WANG,
      });
      expect(elsewhere.statusCode).toBe(200);
      const count = await t.db
        .selectFrom('resident')
        .select('id')
        .where('districtId', '=', WL)
        .where('idNoHash', '=', t.deps.crypto.blindIndex(ID_WANG))
        .execute();
      expect(count).toHaveLength(1);
    });

    it('checks an ID before submit within scope rules', async () => {
      const inScope = (await wang.get(`/api/v1/residents/check-id?idNumber=${ID_ZHANG}`)).json();
      expect(inScope).toEqual({
        exists: true,
        existing: {
          residentId: zhangSan.id,
          name: '张三',
          idNoMasked: `430304********${ID_ZHANG.slice(-4)}`,
          householdNo: 'A-002',
          communityName: '五里堆社区居委会',
        },
      });
      expect((await grid.get(`/api/v1/residents/check-id?idNumber=${ID_LI}`)).json()).toEqual({
        exists: true,
        existing: null,
      });
      expect(
        (await wang.get(`/api/v1/residents/check-id?idNumber=${makeIdNumber(WL, '2001-01-01', 51)}`)).json(),
      ).toEqual({ exists: false, existing: null });
      const bad = await wang.get('/api/v1/residents/check-id?idNumber=123');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toHaveProperty('idNumber');
      expect((await lin.get(`/api/v1/residents/check-id?idNumber=${ID_ZHANG}`)).statusCode).toBe(403);
      expect((await zhao.get(`/api/v1/residents/check-id?idNumber=${ID_ZHANG}`)).json()).toEqual({
        exists: false,
        existing: null,
      });
    });

    it('searches by 2-character name, 1-character name, ID and mobile, ordered by pinyin', async () => {
      const names = async (client: TestClient, q: string) => {
        const res = await client.get(`/api/v1/residents?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json().items.map((r: { name: string }) => r.name);
      };
      expect(await names(wang, '秀英')).toEqual(['王秀英']);
      expect(await names(wang, '王')).toEqual(['王小明', '王秀英']);
      expect(await names(wang, '四')).toEqual(['李四']);
      expect(await names(wang, ID_XIAOMING)).toEqual(['王小明']);
      expect(await names(wang, '13700003333')).toEqual(['李四']);
      expect(await names(wang, 'zhang')).toEqual(['张三']);
      expect(await names(wang, '秀兰')).toEqual([]);
      expect(await names(zhao, '王')).toEqual(['王秀兰', '王秀英']);
      expect(await names(grid, '四')).toEqual([]);
      const all = await names(wang, '');
      expect(all).toEqual(['艾米', '李四', '王小明', '王秀英', '张三']);
    });

    it('pages residents by keyset in pinyin order', async () => {
      const p1 = (await wang.get('/api/v1/residents?limit=3')).json();
      const p2 = (await wang.get(`/api/v1/residents?limit=3&cursor=${p1.nextCursor}`)).json();
      expect([...p1.items, ...p2.items].map((r: { name: string }) => r.name)).toEqual([
        '艾米',
        '李四',
        '王小明',
        '王秀英',
        '张三',
      ]);
      expect(p2.nextCursor).toBeNull();
      expect((await wang.get(`/api/v1/residents?householdId=${h1.id}`)).json().items).toHaveLength(2);
      expect(
        (await wang.get(`/api/v1/residents?nodeId=${gridB.id}`))
          .json()
          .items.map((r: { id: string }) => r.id),
      ).toEqual([liSi.id]);
      expect((await wang.get('/api/v1/residents?limit=0')).statusCode).toBe(400);
      expect((await lin.get('/api/v1/residents?limit=200')).statusCode).toBe(200);
    });

    it('gets a resident; 404 across districts and outside scope', async () => {
      const res = await grid.get(`/api/v1/residents/${zhangSan.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        name: '张三',
        householdNo: 'A-002',
        gender: 'male',
        birthDate: '1962-11-11',
      });
      expect((await grid.get(`/api/v1/residents/${liSi.id}`)).statusCode).toBe(404);
      expect((await wang.get(`/api/v1/residents/${xinjiResident.id}`)).statusCode).toBe(404);
      expect((await zhao.get(`/api/v1/residents/${zhangSan.id}`)).statusCode).toBe(404);
      expect((await wang.get('/api/v1/residents/not-a-uuid')).statusCode).toBe(400);
    });

    it('corrects a record: a corrected event and audit name fields, never ID or phone values', async () => {
      const res = await grid.patch(`/api/v1/residents/${xiaoming.id}`, {
        phone: '13911112222',
        education: '大专',
        reason: '本人来电更正',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ phoneMasked: '139****2222', education: '大专' });
      const row = await t.db
        .selectFrom('resident')
        .select(['phoneHash', 'education'])
        .where('id', '=', xiaoming.id)
        .executeTakeFirstOrThrow();
      expect(row.phoneHash).toEqual(t.deps.crypto.blindIndex('13911112222'));
      const event = await t.db
        .selectFrom('residentEvent')
        .select(['kind', 'note'])
        .where('residentId', '=', xiaoming.id)
        .where('kind', '=', 'corrected')
        .executeTakeFirstOrThrow();
      expect(event.note).toBe('更正：联系电话、文化程度（本人来电更正）');
      const audit = (await audits(xiaoming.id)).at(-1)!;
      expect(audit).toMatchObject({ action: 'resident.update', detail: { fields: ['phone', 'education'] } });
      expect(JSON.stringify(audit)).not.toContain('13911112222');
    });

    it('re-derives gender from a corrected ID and refuses a duplicate ID', async () => {
      const newId = makeIdNumber(WL, '1980-06-01', 32);
      const res = await wang.patch(`/api/v1/residents/${xiaoming.id}`, { idNumber: newId });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ gender: 'female', idNoMasked: `430304********${newId.slice(-4)}` });
      const dup = await wang.patch(`/api/v1/residents/${xiaoming.id}`, { idNumber: ID_ZHANG });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('DUPLICATE_ID_NUMBER');
      await wang.patch(`/api/v1/residents/${xiaoming.id}`, { idNumber: ID_XIAOMING });
      expect((await lin.patch(`/api/v1/residents/${xiaoming.id}`, { name: '王晓明' })).statusCode).toBe(403);
      expect(
        (await wang.patch(`/api/v1/residents/${xiaoming.id}`, { name: 'x'.repeat(51) })).statusCode,
      ).toBe(400);
    });
  });

  describe('reveal', () => {
    it('returns the plaintext for a reason and audits it in the same call', async () => {
      const res = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/reveal`, {
        field: 'idNumber',
        reason: '办理高龄补贴核对身份',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ field: 'idNumber', value: ID_WANG });
      const phone = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/reveal`, {
        field: 'phone',
        reason: '联系家属处理紧急情况',
      });
      expect(phone.json().value).toBe('13800001111');
      const rows = (await audits(wangXiuying.id)).filter((a) => a.action === 'resident.reveal');
      expect(rows).toEqual([
        {
          action: 'resident.reveal',
          outcome: 'success',
          reason: '办理高龄补贴核对身份',
          detail: { field: 'idNumber' },
        },
        {
          action: 'resident.reveal',
          outcome: 'success',
          reason: '联系家属处理紧急情况',
          detail: { field: 'phone' },
        },
      ]);
    });

    it('needs a reason of 5–200 characters', async () => {
      const res = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/reveal`, {
        field: 'idNumber',
        reason: '看看',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toHaveProperty('reason');
    });

    it('refuses a grid worker with 403 and an audited denial', async () => {
      const res = await grid.post(`/api/v1/residents/${zhangSan.id}/reveal`, {
        field: 'idNumber',
        reason: '核对身份信息用途',
      });
      expect(res.statusCode).toBe(403);
      const denied = await t.db
        .selectFrom('auditLog')
        .select(['action', 'outcome'])
        .where('actorUserId', '=', gridWorker.userId)
        .where('action', 'like', '%reveal')
        .execute();
      expect(denied).toEqual([{ action: 'POST /api/v1/residents/:id/reveal', outcome: 'denied' }]);
      expect(
        (
          await weiyuan.post(`/api/v1/residents/${xinjiResident.id}/reveal`, {
            field: 'idNumber',
            reason: '核对身份信息用途',
          })
        ).statusCode,
      ).toBe(404);
    });
  });

  describe('tags and consent', () => {
    it('lists the catalogue; sensitive tags only for those who may see them', async () => {
      const all = (await wang.get('/api/v1/tags')).json().items as { code: string; isSensitive: boolean }[];
      expect(all.find((t) => t.code === 'dibao')).toMatchObject({ isSensitive: true });
      const forGrid = (await grid.get('/api/v1/tags')).json().items as {
        code: string;
        isSensitive: boolean;
      }[];
      expect(forGrid.some((t) => t.isSensitive)).toBe(false);
      expect(forGrid.map((t) => t.code)).toContain('empty_nest');
    });

    it('adds a plain tag without a basis', async () => {
      const res = await grid.post(`/api/v1/residents/${wangXiuying.id}/tags`, { tagCode: 'empty_nest' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().tags.map((t: { code: string }) => t.code)).toEqual(['empty_nest']);
      expect(
        (await grid.post(`/api/v1/residents/${wangXiuying.id}/tags`, { tagCode: 'no_such_tag' })).statusCode,
      ).toBe(400);
    });

    it('requires a lawful basis, and a consent for a consent basis (422 naming the field)', async () => {
      const none = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/tags`, {
        tagCode: 'limited_mobility',
      });
      expect(none.statusCode).toBe(422);
      expect(none.json()).toMatchObject({
        code: 'LAWFUL_BASIS_REQUIRED',
        fields: { lawfulBasis: expect.any(String) },
      });
      const noConsent = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/tags`, {
        tagCode: 'limited_mobility',
        lawfulBasis: 'separate_consent',
      });
      expect(noConsent.statusCode).toBe(422);
      expect(noConsent.json().fields).toHaveProperty('consentId');
      const general = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/tags`, {
        tagCode: 'limited_mobility',
        lawfulBasis: 'separate_consent',
        consent: { purpose: '关爱服务', kind: 'general', channel: 'paper' },
      });
      expect(general.statusCode).toBe(422);
      const othersConsent = await weiyuan.post(`/api/v1/residents/${zhangSan.id}/consents`, {
        purpose: '关爱服务',
        kind: 'written',
        channel: 'paper',
      });
      const foreign = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/tags`, {
        tagCode: 'limited_mobility',
        lawfulBasis: 'consent',
        consentId: othersConsent.json().id,
      });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json().fields).toHaveProperty('consentId');
      const tags = await t.db
        .selectFrom('residentTag')
        .select('tagCode')
        .where('residentId', '=', wangXiuying.id)
        .execute();
      expect(tags.map((r) => r.tagCode)).toEqual(['empty_nest']);
    });

    it('adds a sensitive tag with an inline separate consent, audited', async () => {
      const res = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/tags`, {
        tagCode: 'limited_mobility',
        lawfulBasis: 'separate_consent',
        consent: { purpose: '行动不便老人关爱', kind: 'written', channel: 'paper' },
        note: '帕金森',
      });
      expect(res.statusCode, res.body).toBe(200);
      const tag = res.json().tags.find((t: { code: string }) => t.code === 'limited_mobility');
      expect(tag).toMatchObject({
        isSensitive: true,
        lawfulBasis: 'separate_consent',
        consentId: expect.any(String),
        note: '帕金森',
      });
      const consent = await t.db
        .selectFrom('consent')
        .selectAll()
        .where('id', '=', tag.consentId)
        .executeTakeFirstOrThrow();
      expect(consent).toMatchObject({
        residentId: wangXiuying.id,
        kind: 'written',
        channel: 'paper',
        withdrawnAt: null,
      });
      const actions = (
        await t.db
          .selectFrom('auditLog')
          .select('action')
          .where('actorUserId', '=', committee.userId)
          .orderBy('id')
          .execute()
      ).map((a) => a.action);
      expect(actions.slice(-2)).toEqual(['consent.record', 'tag.add']);
      const statutory = await weiyuan.post(`/api/v1/residents/${zhangSan.id}/tags`, {
        tagCode: 'dibao',
        lawfulBasis: 'statutory_duty',
      });
      expect(statutory.statusCode).toBe(200);
    });

    it('hides sensitive tags from a 邻长 and a grid worker, and lets neither touch them', async () => {
      for (const client of [lin, grid]) {
        const res = await client.get(`/api/v1/residents/${wangXiuying.id}`);
        expect(res.json().tags.map((t: { code: string }) => t.code)).toEqual(['empty_nest']);
        expect(res.body).not.toContain('limited_mobility');
        expect(res.body).not.toContain('行动不便');
        const household = await client.get(`/api/v1/households/${h1.id}`);
        expect(household.body).not.toContain('limited_mobility');
        const list = await client.get('/api/v1/residents?limit=200');
        expect(list.body).not.toContain('limited_mobility');
        expect(list.body).not.toContain('dibao');
      }
      const seen = (await weiyuan.get(`/api/v1/residents/${wangXiuying.id}`)).json();
      expect(seen.tags.map((t: { code: string }) => t.code).sort()).toEqual([
        'empty_nest',
        'limited_mobility',
      ]);
      expect(
        (await grid.delete(`/api/v1/residents/${wangXiuying.id}/tags/limited_mobility`)).statusCode,
      ).toBe(404);
      const add = await grid.post(`/api/v1/residents/${zhangSan.id}/tags`, {
        tagCode: 'tefu',
        lawfulBasis: 'statutory_duty',
      });
      expect(add.statusCode).toBe(403);
      expect(
        await t.db
          .selectFrom('residentTag')
          .select('tagCode')
          .where('residentId', '=', wangXiuying.id)
          .where('tagCode', '=', 'limited_mobility')
          .execute(),
      ).toHaveLength(1);
    });

    it('removes a tag, audited; 404 when absent', async () => {
      const res = await grid.delete(`/api/v1/residents/${wangXiuying.id}/tags/empty_nest`);
      expect(res.statusCode).toBe(200);
      expect((await audits(wangXiuying.id)).at(-1)).toMatchObject({
        action: 'tag.remove',
        detail: { tagCode: 'empty_nest' },
      });
      expect((await grid.delete(`/api/v1/residents/${wangXiuying.id}/tags/empty_nest`)).statusCode).toBe(404);
    });

    it('records, lists and withdraws consent; withdrawal removes the tags relying on it, audited', async () => {
      const recorded = await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/consents`, {
        purpose: '亮身份公示',
        kind: 'separate',
        channel: 'app',
      });
      expect(recorded.statusCode).toBe(200);
      expect(recorded.json()).toMatchObject({
        purpose: '亮身份公示',
        noticeVersion: 'v1',
        withdrawnAt: null,
      });
      expect(
        (
          await weiyuan.post(`/api/v1/residents/${wangXiuying.id}/consents`, {
            purpose: '',
            kind: 'x',
            channel: 'app',
          })
        ).statusCode,
      ).toBe(400);
      const list = (await weiyuan.get(`/api/v1/residents/${wangXiuying.id}/consents`)).json().items;
      expect(list).toHaveLength(2);
      const relied = (await weiyuan.get(`/api/v1/residents/${wangXiuying.id}`))
        .json()
        .tags.find((t: { code: string }) => t.code === 'limited_mobility');
      const res = await weiyuan.post(
        `/api/v1/residents/${wangXiuying.id}/consents/${relied.consentId}/withdraw`,
        { note: '本人撤回' },
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        consent: { withdrawnAt: expect.any(String) },
        removedTags: ['limited_mobility'],
      });
      expect(
        await t.db
          .selectFrom('residentTag')
          .select('tagCode')
          .where('residentId', '=', wangXiuying.id)
          .execute(),
      ).toEqual([]);
      const trail = await t.db
        .selectFrom('auditLog')
        .select(['action', 'reason'])
        .where('actorUserId', '=', committee.userId)
        .orderBy('id', 'desc')
        .limit(2)
        .execute();
      expect(trail).toEqual([
        { action: 'tag.remove', reason: '同意已撤回' },
        { action: 'consent.withdraw', reason: '本人撤回' },
      ]);
      const again = await weiyuan.post(
        `/api/v1/residents/${wangXiuying.id}/consents/${relied.consentId}/withdraw`,
        {},
      );
      expect(again.statusCode).toBe(409);
      expect(
        (
          await lin.post(`/api/v1/residents/${wangXiuying.id}/consents`, {
            purpose: '关爱',
            kind: 'general',
            channel: 'app',
          })
        ).statusCode,
      ).toBe(403);
      expect((await zhao.get(`/api/v1/residents/${wangXiuying.id}/consents`)).statusCode).toBe(404);
    });
  });

  describe('life events', () => {
    it('moves a resident out, empties the household, and brings the same record back in', async () => {
      const out = await grid.post(`/api/v1/residents/${aiMi.id}/move-out`, { note: '随子女外迁' });
      expect(out.statusCode, out.body).toBe(200);
      expect(out.json().status).toBe('moved_out');
      const emptied = await t.db
        .selectFrom('household')
        .select(['status', 'headResidentId'])
        .where('id', '=', h4.id)
        .executeTakeFirstOrThrow();
      expect(emptied).toEqual({ status: 'moved_out', headResidentId: null });
      expect((await grid.post(`/api/v1/residents/${aiMi.id}/move-out`, {})).statusCode).toBe(409);
      const back = await grid.post(`/api/v1/residents/${aiMi.id}/move-in`, { householdId: h4.id });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ id: aiMi.id, status: 'active' });
      const restored = await t.db
        .selectFrom('household')
        .select(['status', 'headResidentId'])
        .where('id', '=', h4.id)
        .executeTakeFirstOrThrow();
      expect(restored).toEqual({ status: 'active', headResidentId: aiMi.id });
      const events = (await grid.get(`/api/v1/residents/${aiMi.id}/events`)).json().items;
      expect(events.map((e: { kind: string }) => e.kind)).toEqual(['registered', 'move_out', 'move_in']);
      expect(events[1]).toMatchObject({
        kind: 'move_out',
        note: '随子女外迁',
        householdNo: 'A-003',
        actorName: '刘网格',
      });
      const audit = (await audits(aiMi.id)).map((a) => a.action);
      expect(audit).toEqual(['resident.create', 'resident.move_out', 'resident.move_in']);
      expect(
        await t.db.selectFrom('resident').select('id').where('name', '=', '艾米').execute(),
      ).toHaveLength(1);
    });

    it('transfers a resident to another household', async () => {
      expect(
        (
          await wang.post(`/api/v1/residents/${xiaoming.id}/move-in`, {
            householdId: h2.id,
            relationToHead: ' ',
          })
        ).json().fields,
      ).toEqual({ relationToHead: '请填写与户主关系' });
      const res = await wang.post(`/api/v1/residents/${xiaoming.id}/move-in`, {
        householdId: h2.id,
        relationToHead: '女婿',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        householdId: h2.id,
        householdNo: 'A-002',
        status: 'active',
        relationToHead: '女婿',
      });
      const ev = (await wang.get(`/api/v1/residents/${xiaoming.id}/events`)).json().items.at(-1);
      expect(ev).toMatchObject({ kind: 'transfer', householdId: h2.id, note: '由 A-001 户转入' });
      expect(
        (await wang.post(`/api/v1/residents/${xiaoming.id}/move-in`, { householdId: h2.id })).statusCode,
      ).toBe(409);
      expect(
        (await grid.post(`/api/v1/residents/${xiaoming.id}/move-in`, { householdId: h3.id })).statusCode,
      ).toBe(404);
      expect(
        (await wang.post(`/api/v1/residents/${xiaoming.id}/move-in`, { householdId: hx.id })).statusCode,
      ).toBe(404);
      const h1row = await t.db
        .selectFrom('household')
        .select('status')
        .where('id', '=', h1.id)
        .executeTakeFirstOrThrow();
      expect(h1row.status).toBe('active');
    });

    it('records a death; the record stays and cannot move again', async () => {
      const res = await wang.post(`/api/v1/residents/${liSi.id}/death`, { occurredOn: '2026-05-05' });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('deceased');
      const h3row = await t.db
        .selectFrom('household')
        .select('status')
        .where('id', '=', h3.id)
        .executeTakeFirstOrThrow();
      expect(h3row.status).toBe('moved_out');
      expect(
        (await wang.post(`/api/v1/residents/${liSi.id}/move-in`, { householdId: h3.id })).statusCode,
      ).toBe(409);
      expect((await wang.post(`/api/v1/residents/${liSi.id}/death`, {})).statusCode).toBe(409);
      const future = await wang.post(`/api/v1/residents/${zhangSan.id}/death`, { occurredOn: '2999-01-01' });
      expect(future.statusCode).toBe(400);
      expect(future.json().fields).toHaveProperty('occurredOn');
      expect(
        (
          await t.db
            .selectFrom('resident')
            .select('status')
            .where('id', '=', zhangSan.id)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('active');
      expect(
        (await wang.get('/api/v1/households?status=moved_out')).json().items.map((h: { id: string }) => h.id),
      ).toEqual([h3.id]);
      expect(
        (await wang.get('/api/v1/residents?status=deceased')).json().items.map((r: { id: string }) => r.id),
      ).toEqual([liSi.id]);
      expect((await lin.post(`/api/v1/residents/${zhangSan.id}/death`, {})).statusCode).toBe(403);
      expect((await lin.get(`/api/v1/residents/${liSi.id}/events`)).statusCode).toBe(404);
    });
  });
});
