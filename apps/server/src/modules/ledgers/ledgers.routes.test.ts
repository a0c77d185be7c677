import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { givenCommunity, givenNode, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Database } from '../../platform/db/database.ts';
import { makeIdNumber } from '../people/id-number.ts';
import { findNodeByCode } from '../territory/index.ts';
import { CHIEF_COLUMNS } from './chiefs.spreadsheet.ts';
import { recoverInterruptedImports } from './ledgers.service.ts';
import { NUMBER_CELL_MESSAGE, RESIDENT_COLUMNS } from './residents.spreadsheet.ts';

const HEADERS = RESIDENT_COLUMNS.map((c) => c.header);
type Row = Partial<Record<(typeof RESIDENT_COLUMNS)[number]['key'], string | number>>;

async function givenTree(db: Database, communityCode: string) {
  const districtId = communityCode.slice(0, 6);
  const community = (await findNodeByCode(db, districtId, communityCode))!;
  const add = (parent: { id: string; path: string }, level: 'area' | 'estate' | 'building', name: string) =>
    givenNode(db, communityCode, parent, level, name);
  const area = await add(community, 'area', '第一片区');
  const estate = await add(area, 'estate', '幸福小区');
  const b1 = await add(estate, 'building', '1栋');
  const b2 = await add(estate, 'building', '2栋');
  return { districtId, community, area, estate, b1, b2 };
}

const id = (birth: string, seq: number) => makeIdNumber('430304', birth, seq);

function person(
  householdNo: string,
  relation: string,
  name: string,
  idNumber: string | number,
  extra: Row = {},
): Row {
  return {
    area: '第一片区',
    estate: '幸福小区',
    building: '1栋',
    unit: '1单元',
    room: '101',
    householdNo,
    relation,
    name,
    idNumber,
    ...extra,
  };
}

/** A roster workbook as a cadre would fill it: headers, the hint row, then data. */
async function workbook(
  rows: Row[],
  options: { headers?: string[]; hints?: boolean; numberIds?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民花名册');
  const headers = options.headers ?? HEADERS;
  ws.addRow(headers);
  if (options.hints !== false) ws.addRow(RESIDENT_COLUMNS.map((c) => ('hint' in c ? c.hint : '')));
  for (const r of rows) {
    ws.addRow(RESIDENT_COLUMNS.map((c) => r[c.key] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----gongzhi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(client: TestClient, communityId: string, data: Buffer, kind = 'residents') {
  const m = multipart({ kind, communityId }, { name: '花名册.xlsx', data });
  return client.request('POST', '/api/v1/ledgers/imports', m.payload, m.headers);
}

async function settle(client: TestClient, batchId: string) {
  for (;;) {
    const res = await client.get(`/api/v1/ledgers/imports/${batchId}`);
    if (!['validating', 'committing'].includes(res.json().status)) return res.json();
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function issuesOf(client: TestClient, batchId: string) {
  const res = await client.get(`/api/v1/ledgers/imports/${batchId}/issues?limit=200`);
  return res.json().items as { rowNo: number; column: string; message: string; severity: string }[];
}

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  return wb;
}

describe('ledgers: roster import and export', async () => {
  const t = await buildTestApp();
  await givenCommunity(t.db, WULIDUI, 'wang');
  await givenCommunity(t.db, XINJI, 'zhao');
  const tree = await givenTree(t.db, WULIDUI);
  const xinji = await givenTree(t.db, XINJI);
  const wang = await t.client().login('wang', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);
  const residentCount = async (districtId = tree.districtId) =>
    (
      await t.db
        .selectFrom('resident')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('districtId', '=', districtId)
        .executeTakeFirstOrThrow()
    ).n;

  const family = [
    person('H001', '户主', '王建国', id('1960-03-15', 11), {
      gender: '男',
      phone: '13812345678',
      tags: '空巢老人',
      residenceType: '户籍',
    }),
    person('H001', '配偶', '李秀英', id('1962-07-08', 22), { birthDate: '1962-07-08' }),
    person('H002', '户主', '张伟', id('1985-01-20', 31), { unit: '2单元', room: '201' }),
    person('H002', '子', '张小明', id('2012-09-01', 41), {
      unit: '2单元',
      room: '201',
      residenceType: '常住',
    }),
  ];

  it('serves templates with headers, hints, text-formatted ID columns and a hidden _meta sheet', async () => {
    const res = await wang.get('/api/v1/ledgers/templates/residents.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(2).getCell(12).value).toBe('18 位，设置为文本');
    expect(ws.getColumn(12).numFmt).toBe('@');
    expect(ws.getColumn(8).numFmt).toBe('@');
    const meta = wb.getWorksheet('_meta')!;
    expect(meta.state).toBe('hidden');
    expect(meta.getRow(1).values).toEqual([undefined, 'template', 'gongzhi.residents']);
    const chiefs = await readXlsx((await wang.get('/api/v1/ledgers/templates/chiefs.xlsx')).rawPayload);
    expect((chiefs.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(
      CHIEF_COLUMNS.map((c) => c.header),
    );
  });

  it('imports a roster: households grouped, IDs encrypted and masked, dwellings created, audited', async () => {
    const res = await upload(wang, tree.community.id, await workbook(family));
    expect(res.statusCode).toBe(200);
    const batch = await settle(wang, res.json().id);
    expect(batch).toMatchObject({ status: 'validated', totalRows: 4, validRows: 4, errorRows: 0 });
    const preview = (await wang.get(`/api/v1/ledgers/imports/${batch.id}/preview`)).json();
    expect(preview.rows).toHaveLength(4);
    expect(preview.rows[0].cells).toContain(
      `${'430304********0112'.slice(0, 6)}********${id('1960-03-15', 11).slice(-4)}`,
    );
    expect(JSON.stringify(preview)).not.toContain(id('1960-03-15', 11));
    expect(JSON.stringify(preview)).toContain('138****5678');

    const commit = await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'all_or_nothing' });
    expect(commit.statusCode).toBe(200);
    const done = await settle(wang, batch.id);
    expect(done).toMatchObject({ status: 'committed', committedRows: 4 });

    const residents = await t.db
      .selectFrom('resident')
      .selectAll()
      .where('importBatchId', '=', batch.id)
      .orderBy('name')
      .execute();
    expect(residents).toHaveLength(4);
    const wangJg = residents.find((r) => r.name === '王建国')!;
    expect(t.deps.crypto.decrypt(wangJg.idNoEnc!)).toBe(id('1960-03-15', 11));
    expect(wangJg.idNoEnc!.toString('utf8')).not.toContain(id('1960-03-15', 11));
    expect(wangJg.idNoMasked).toBe(`430304********${id('1960-03-15', 11).slice(-4)}`);
    expect(wangJg).toMatchObject({
      gender: 'male',
      birthDate: '1960-03-15',
      phoneMasked: '138****5678',
      residenceType: 'registered',
    });
    const households = await t.db
      .selectFrom('household')
      .selectAll()
      .where('districtId', '=', tree.districtId)
      .orderBy('householdNo')
      .execute();
    expect(households.map((h) => h.householdNo)).toEqual(['H001', 'H002']);
    expect(households[0]!.headResidentId).toBe(wangJg.id);
    expect(residents.filter((r) => r.householdId === households[0]!.id)).toHaveLength(2);
    const dwelling = await t.db
      .selectFrom('territoryNode')
      .selectAll()
      .where('id', '=', households[0]!.nodeId)
      .executeTakeFirstOrThrow();
    expect(dwelling).toMatchObject({ level: 'dwelling', name: '101' });
    const unit = await t.db
      .selectFrom('territoryNode')
      .selectAll()
      .where('id', '=', dwelling.parentId!)
      .executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ level: 'unit', name: '1单元', parentId: tree.b1.id });
    expect(unit.code).toMatch(/^430304008004-DY\d{4}$/);
    const tags = await t.db
      .selectFrom('residentTag')
      .select('tagCode')
      .where('residentId', '=', wangJg.id)
      .execute();
    expect(tags.map((x) => x.tagCode)).toEqual(['empty_nest']);
    const events = await t.db
      .selectFrom('residentEvent')
      .select('kind')
      .where('districtId', '=', tree.districtId)
      .execute();
    expect(events).toHaveLength(4);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'ledger.import')
      .where('entityId', '=', batch.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ written: 4, mode: 'all_or_nothing' });
    const files = await import('node:fs').then((fs) =>
      fs.readdirSync(`${t.deps.config.dataDir}/uploads/imports`),
    );
    expect(files.filter((f) => f.startsWith(batch.id))).toEqual([]);
  });

  it('adds members to an existing household and refuses a second head', async () => {
    const rows = [
      person('H001', '女', '王小红', id('1990-02-02', 62)),
      person('H001', '户主', '王二', id('1991-02-02', 71)),
    ];
    const batch = await settle(wang, (await upload(wang, tree.community.id, await workbook(rows))).json().id);
    expect(batch).toMatchObject({ validRows: 1, errorRows: 1 });
    expect(await issuesOf(wang, batch.id)).toEqual([
      { rowNo: 4, column: '与户主关系', message: '户编号“H001”在系统中已有户主', severity: 'error' },
    ]);
    await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'valid_only' });
    expect(await settle(wang, batch.id)).toMatchObject({ status: 'committed', committedRows: 1 });
    const h001 = await t.db
      .selectFrom('household')
      .select('id')
      .where('householdNo', '=', 'H001')
      .where('districtId', '=', tree.districtId)
      .executeTakeFirstOrThrow();
    expect(
      await t.db.selectFrom('resident').select('name').where('householdId', '=', h001.id).execute(),
    ).toHaveLength(3);
  });

  it('reports every malformed row by row and column; all_or_nothing writes nothing, valid_only only the valid rows', async () => {
    const good = id('1970-05-05', 51);
    const dup = id('1975-06-06', 53);
    const badCheck = `${id('1980-01-01', 61).slice(0, 17)}${id('1980-01-01', 61).endsWith('0') ? '1' : '0'}`;
    const rows: Row[] = [
      person('H010', '户主', '甲', good),
      person('H011', '户主', '乙', badCheck),
      person('H012', '户主', '丙', id('1980-01-01', 63), { birthDate: '1981-01-01' }),
      person('H013', '户主', '丁', id('1980-01-01', 65), { gender: '女' }),
      person('H014', '户主', '戊', dup),
      person('H015', '户主', '己', dup),
      person('H016', '户主', '庚', id('1960-03-15', 11)),
      person('H017', '户主', '辛', id('1980-02-02', 67), { building: '9栋' }),
      person('H018', '户主', '壬', Number(id('1980-03-03', 69).slice(0, 17))),
      person('H019', '户主', '癸', '4.30304198003E+17'),
    ];
    const before = await residentCount();
    const batch = await settle(wang, (await upload(wang, tree.community.id, await workbook(rows))).json().id);
    expect(batch).toMatchObject({ status: 'validated', totalRows: 10, validRows: 1, errorRows: 9 });
    const issues = await issuesOf(wang, batch.id);
    const at = (rowNo: number) =>
      issues.filter((i) => i.rowNo === rowNo).map((i) => `${i.column}:${i.message}`);
    expect(at(4)).toEqual(['公民身份号码:公民身份号码校验位不正确，请核对']);
    expect(at(5)).toEqual([`出生日期:出生日期 1981-01-01 与公民身份号码不符（号码显示为 1980-01-01）`]);
    expect(at(6)[0]).toMatch(/^性别:性别“女”与公民身份号码不符/);
    expect(at(7)).toEqual(['公民身份号码:与第 8 行的公民身份号码重复']);
    expect(at(8)).toEqual(['公民身份号码:与第 7 行的公民身份号码重复']);
    expect(at(9)).toEqual(['公民身份号码:本区已登记该公民身份号码的居民，不能重复导入']);
    expect(at(10)[0]).toMatch(/^楼栋:“幸福小区”下没有名为“9栋”的楼栋/);
    expect(at(11)).toEqual([`公民身份号码:${NUMBER_CELL_MESSAGE}`]);
    expect(at(12)).toEqual([`公民身份号码:${NUMBER_CELL_MESSAGE}`]);

    const refused = await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'all_or_nothing' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('IMPORT_STATE');
    expect(refused.json().message).toContain('有 9 行存在错误');
    expect(await residentCount()).toBe(before);

    await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'valid_only' });
    expect(await settle(wang, batch.id)).toMatchObject({ status: 'committed', committedRows: 1 });
    expect(await residentCount()).toBe(before + 1);
    const stored = await t.db
      .selectFrom('resident')
      .select('idNoMasked')
      .where('importBatchId', '=', batch.id)
      .execute();
    expect(stored).toEqual([{ idNoMasked: `430304********${good.slice(-4)}` }]);
  });

  it('refuses a file missing a required column, naming it, and creates no batch', async () => {
    const headers = HEADERS.map((h) => (h === '公民身份号码' ? '证件' : h));
    const res = await upload(
      wang,
      tree.community.id,
      await workbook([person('H090', '户主', '某', id('1990-01-01', 11))], { headers }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'UPLOAD_REJECTED' });
    expect(res.json().message).toContain('缺少必填列：“公民身份号码”');
    expect(
      await t.db
        .selectFrom('importBatch')
        .select('id')
        .where('fileName', '=', '花名册.xlsx')
        .where('status', '=', 'failed')
        .execute(),
    ).toEqual([]);
  });

  it('refuses files that are not xlsx, old .xls files and files over 30 MB, with no batch rows', async () => {
    const count = async () =>
      (
        await t.db
          .selectFrom('importBatch')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const text = await upload(wang, tree.community.id, Buffer.from('姓名,公民身份号码\n张三,1\n'));
    expect(text.statusCode).toBe(422);
    expect(text.json().message).toContain('不是 Excel 工作簿');
    const xls = await upload(
      wang,
      tree.community.id,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]),
    );
    expect(xls.json().message).toContain('.xls');
    const brokenZip = await upload(
      wang,
      tree.community.id,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
    );
    expect(brokenZip.statusCode).toBe(422);
    const huge = await upload(wang, tree.community.id, Buffer.alloc(30 * 1024 * 1024 + 10, 1));
    expect(huge.statusCode).toBe(422);
    expect(huge.json().message).toContain('30 MB');
    expect(await count()).toBe(before);
  });

  it('reads a sheet with a merged title row and a two-level merged header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['五里堆社区居民花名册']);
    ws.mergeCells(1, 1, 1, HEADERS.length);
    const top: (string | null)[] = HEADERS.map((h) =>
      ['小区', '楼栋', '单元', '房号'].includes(h) ? null : h,
    );
    top[3] = '住址';
    ws.addRow(top);
    ws.addRow(HEADERS.map((h) => (['小区', '楼栋', '单元', '房号'].includes(h) ? h : null)));
    ws.mergeCells(2, 4, 2, 7);
    const r = person('H030', '户主', '合并', id('1988-08-08', 13));
    ws.addRow(RESIDENT_COLUMNS.map((c) => r[c.key] ?? null));
    const res = await upload(wang, tree.community.id, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(200);
    expect(await settle(wang, res.json().id)).toMatchObject({
      status: 'validated',
      totalRows: 1,
      validRows: 1,
    });
    expect((await wang.post(`/api/v1/ledgers/imports/${res.json().id}/cancel`)).statusCode).toBe(200);
    expect((await wang.get(`/api/v1/ledgers/imports/${res.json().id}`)).json().status).toBe('cancelled');
  });

  it('exports masked by default and unmasked only with a reason, both audited; the unmasked file re-imports', async () => {
    const masked = await wang.get(`/api/v1/ledgers/exports/residents.xlsx?nodeId=${tree.community.id}`);
    expect(masked.statusCode).toBe(200);
    const mws = (await readXlsx(masked.rawPayload)).worksheets[0]!;
    const idCol = HEADERS.indexOf('公民身份号码') + 1;
    const maskedIds = mws.getColumn(idCol).values.slice(2) as string[];
    expect(maskedIds.length).toBe(await residentCount());
    expect(maskedIds.every((v) => /^\d{6}\*{8}[\dX]{4}$/.test(v))).toBe(true);

    const short = await wang.post('/api/v1/ledgers/exports/residents', {
      nodeId: tree.community.id,
      unmasked: true,
      reason: '查',
    });
    expect(short.statusCode).toBe(400);
    const reason = '民政低保年审核对户籍信息';
    const full = await wang.post('/api/v1/ledgers/exports/residents', {
      nodeId: tree.community.id,
      unmasked: true,
      reason,
    });
    expect(full.statusCode).toBe(200);
    const fws = (await readXlsx(full.rawPayload)).worksheets[0]!;
    const ids = fws.getColumn(idCol).values.slice(2) as string[];
    expect(ids).toContain(id('1960-03-15', 11));
    expect(fws.getRow(2).getCell(idCol).type).toBe(ExcelJS.ValueType.String);
    const audits = await t.db
      .selectFrom('auditLog')
      .select(['reason', 'detail'])
      .where('action', '=', 'ledger.export')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => [a.reason, (a.detail as { unmasked: boolean }).unmasked])).toEqual([
      [null, false],
      [reason, true],
    ]);

    // Round trip: XINJI has a tree with the same names, so the unmasked roster imports there unchanged.
    const res = await upload(zhao, xinji.community.id, full.rawPayload);
    expect(res.statusCode).toBe(200);
    const batch = await settle(zhao, res.json().id);
    expect(batch).toMatchObject({ status: 'validated', errorRows: 0, totalRows: ids.length });
    await zhao.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'all_or_nothing' });
    expect(await settle(zhao, batch.id)).toMatchObject({ status: 'committed', committedRows: ids.length });
    const copied = await t.db
      .selectFrom('resident')
      .select('idNoHash')
      .where('districtId', '=', xinji.districtId)
      .execute();
    const original = await t.db
      .selectFrom('resident')
      .select('idNoHash')
      .where('districtId', '=', tree.districtId)
      .execute();
    expect(copied.map((r) => r.idNoHash!.toString('hex')).sort()).toEqual(
      original.map((r) => r.idNoHash!.toString('hex')).sort(),
    );
  });

  it('imports the chiefs roster: positions at their nodes, household links, span warnings, row errors', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('户长花名册');
    ws.addRow(CHIEF_COLUMNS.map((c) => c.header));
    ws.addRow(['刘邻长', '邻长', '党员', '13900001111', '1栋', 'H001;H002', '推选', '2024-01-01', null]);
    ws.addRow(['陈片长', '片长', '社区工作者', null, tree.area.code, null, '指定', null, null]);
    ws.addRow(['错层级', '队长', null, null, '1栋', null, null, null, null]);
    ws.addRow(['缺户', '户长', null, null, '1栋', 'H404', null, null, null]);
    const res = await upload(wang, tree.community.id, Buffer.from(await wb.xlsx.writeBuffer()), 'chiefs');
    expect(res.statusCode).toBe(200);
    const batch = await settle(wang, res.json().id);
    expect(batch, `failure: ${batch.failure}`).toMatchObject({
      status: 'validated',
      totalRows: 4,
      validRows: 2,
      errorRows: 2,
      warningCount: 1,
    });
    const issues = await issuesOf(wang, batch.id);
    expect(issues.find((i) => i.rowNo === 2)).toMatchObject({
      severity: 'warning',
      column: '联系户清单',
      message: '邻长联系 2 户，建议 5–15 户',
    });
    expect(issues.find((i) => i.rowNo === 4)?.column).toBe('层级');
    expect(issues.find((i) => i.rowNo === 5)?.message).toContain('H404');
    await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'valid_only' });
    expect(await settle(wang, batch.id)).toMatchObject({ status: 'committed', committedRows: 2 });
    const positions = await t.db
      .selectFrom('position')
      .selectAll()
      .where('districtId', '=', tree.districtId)
      .where('holderName', 'in', ['刘邻长', '陈片长'])
      .orderBy('holderName')
      .execute();
    expect(positions.map((p) => [p.holderName, p.kind, p.nodeId, p.origin])).toEqual([
      ['刘邻长', 'neighbour_chief', tree.b1.id, 'elected'],
      ['陈片长', 'area_chief', tree.area.id, 'appointed'],
    ]);
    expect(positions[0]!.phoneMasked).toBe('139****1111');
    const links = await t.db
      .selectFrom('householdLink')
      .select('householdId')
      .where('positionId', '=', positions[0]!.id)
      .execute();
    expect(links).toHaveLength(2);

    const exported = await wang.get(`/api/v1/ledgers/exports/chiefs.xlsx?nodeId=${tree.community.id}`);
    const rows = (await readXlsx(exported.rawPayload)).worksheets[0]!.getSheetValues().slice(
      2,
    ) as unknown[][];
    expect(rows.map((r) => [r[1], r[4], r[6]])).toContainEqual(['刘邻长', '139****1111', 'H001;H002']);
  });

  it("answers 403 to a user without registry.import and 404 for another district's batch", async () => {
    const user = await t.db
      .insertInto('appUser')
      .values({
        username: 'gridworker',
        displayName: '网格员小周',
        passwordHash: await hashPassword(PASSWORD),
        homeDistrictId: tree.districtId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('position')
      .values({
        districtId: tree.districtId,
        nodeId: tree.community.id,
        kind: 'grid_worker',
        holderName: '小周',
        holderUserId: user.id,
      })
      .execute();
    const zhou = await t.client().login('gridworker', PASSWORD);
    const denied = await upload(zhou, tree.community.id, await workbook(family));
    expect(denied.statusCode).toBe(403);
    const unmasked = await zhou.post('/api/v1/ledgers/exports/residents', {
      nodeId: tree.community.id,
      unmasked: true,
      reason: '核对户籍信息一下',
    });
    expect(unmasked.statusCode).toBe(403);
    expect(
      (await zhou.get(`/api/v1/ledgers/exports/residents.xlsx?nodeId=${tree.community.id}`)).statusCode,
    ).toBe(200);

    const mine = await settle(
      wang,
      (
        await upload(
          wang,
          tree.community.id,
          await workbook([person('H050', '户主', '某人', id('1999-09-09', 15))]),
        )
      ).json().id,
    );
    expect((await zhao.get(`/api/v1/ledgers/imports/${mine.id}`)).statusCode).toBe(404);
    expect(
      (await zhao.post(`/api/v1/ledgers/imports/${mine.id}/commit`, { mode: 'valid_only' })).statusCode,
    ).toBe(404);
    expect(
      (await zhao.get(`/api/v1/ledgers/exports/residents.xlsx?nodeId=${tree.community.id}`)).statusCode,
    ).toBe(404);
    expect((await upload(zhao, tree.community.id, await workbook(family))).statusCode).toBe(404);
  });

  it('marks a batch a crash left in committing as failed at the next start', async () => {
    const batchId = crypto.randomUUID();
    await t.db
      .insertInto('importBatch')
      .values({
        districtId: tree.districtId,
        id: batchId,
        kind: 'residents',
        communityId: tree.community.id,
        fileName: 'x.xlsx',
        status: 'committing',
      })
      .execute();
    expect(await recoverInterruptedImports(t.db, t.deps.config.dataDir)).toBeGreaterThanOrEqual(1);
    const row = await t.db
      .selectFrom('importBatch')
      .select(['status', 'failure'])
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.failure).toContain('未写入任何数据');
  });

  it('streams a 5,000-row roster through validation and commit', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 5000; i++) {
      const hh = Math.floor(i / 2);
      rows.push({
        area: '第一片区',
        estate: '幸福小区',
        building: '2栋',
        unit: `${(hh % 4) + 1}单元`,
        room: String(100 + (hh % 600)),
        householdNo: `S${hh}`,
        relation: i % 2 === 0 ? '户主' : '配偶',
        name: `居民${i}`,
        idNumber: makeIdNumber('430304', `19${50 + Math.floor(i / 800)}-01-01`, 100 + (i % 800)),
      });
    }
    const before = await residentCount();
    const res = await upload(wang, tree.community.id, await workbook(rows, { hints: false }));
    const batch = await settle(wang, res.json().id);
    expect(batch).toMatchObject({ status: 'validated', totalRows: 5000, errorRows: 0, processedRows: 5000 });
    await wang.post(`/api/v1/ledgers/imports/${batch.id}/commit`, { mode: 'all_or_nothing' });
    expect(await settle(wang, batch.id)).toMatchObject({ status: 'committed', committedRows: 5000 });
    expect(await residentCount()).toBe(before + 5000);
  });
});
