import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { givenCommunity, WULIDUI } from '../../test/factories.ts';
import { buildTestApp } from '../../test/test-app.ts';
import { NUMBER_CELL_MESSAGE, RESIDENT_COLUMNS } from '../modules/ledgers/residents.spreadsheet.ts';
import { makeIdNumber } from '../modules/people/id-number.ts';
import { findNodeByCode, insertNode, newGeneratedCode } from '../modules/territory/index.ts';
import { createCliEnv } from './cli-env.ts';
import { run as exportResidents } from './commands/export-residents.ts';
import { run as importResidents } from './commands/import-residents.ts';

type Row = Partial<Record<(typeof RESIDENT_COLUMNS)[number]['key'], string | number>>;
const HEADERS = RESIDENT_COLUMNS.map((c) => c.header);
const col = (header: (typeof HEADERS)[number]) => HEADERS.indexOf(header) + 1;
const id = (birth: string, seq: number) => makeIdNumber('430304', birth, seq);

/** Streams that remember what a command wrote. */
function io() {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c) => (chunks.out += String(c)));
  err.on('data', (c) => (chunks.err += String(c)));
  return { streams: { out, err }, chunks };
}

function person(
  householdNo: string,
  relation: string,
  name: string,
  idNumber: string | number,
  extra: Row = {},
) {
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
  } satisfies Row;
}

describe('gongzhi import residents / export residents', async () => {
  const t = await buildTestApp();
  await givenCommunity(t.db, WULIDUI, 'wang');
  const districtId = WULIDUI.slice(0, 6);
  const community = (await findNodeByCode(t.db, districtId, WULIDUI))!;
  // The roster names places that must already exist: 第一片区 › 幸福小区 › 1栋.
  let parent = community;
  for (const [level, name] of [
    ['area', '第一片区'],
    ['estate', '幸福小区'],
    ['building', '1栋'],
  ] as const) {
    parent = await insertNode(t.db, {
      districtId,
      parentId: parent.id,
      parentPath: parent.path,
      level,
      name,
      code: await newGeneratedCode(t.db, districtId, WULIDUI, level),
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-cli-ledgers-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes a roster as a cadre would fill it (headers, hint row, data) and returns its path. */
  async function rosterFile(name: string, rows: Row[]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民花名册');
    ws.addRow(HEADERS);
    ws.addRow(RESIDENT_COLUMNS.map((c) => ('hint' in c ? c.hint : '')));
    for (const r of rows) ws.addRow(RESIDENT_COLUMNS.map((c) => r[c.key] ?? null));
    const file = path.join(dir, name);
    await wb.xlsx.writeFile(file);
    return file;
  }

  async function runImport(args: string[]) {
    const { streams, chunks } = io();
    const code = await importResidents(args, createCliEnv(t.deps, streams));
    return { code, ...chunks };
  }

  async function runExport(args: string[]) {
    const { streams, chunks } = io();
    const code = await exportResidents(args, createCliEnv(t.deps, streams));
    return { code, ...chunks };
  }

  const residents = () =>
    t.db
      .selectFrom('resident')
      .select(['name', 'idNoMasked', 'phoneMasked', 'householdId', 'importBatchId'])
      .where('districtId', '=', districtId)
      .orderBy('name')
      .execute();
  const batches = () =>
    t.db
      .selectFrom('importBatch')
      .select(['id', 'status', 'mode', 'committedRows', 'createdBy'])
      .where('districtId', '=', districtId)
      .orderBy('createdAt')
      .execute();
  const leftoverFiles = () => fs.readdirSync(path.join(t.deps.config.dataDir, 'uploads', 'imports'));
  const wang = await t.db
    .selectFrom('appUser')
    .select('id')
    .where('username', '=', 'wang')
    .executeTakeFirstOrThrow();

  it('imports a valid roster into the community, as the district administrator, and audits it', async () => {
    const file = await rosterFile('花名册.xlsx', [
      person('H001', '户主', '王建国', id('1960-03-15', 11), { gender: '男', phone: '13812345678' }),
      person('H001', '配偶', '李秀英', id('1962-07-08', 22)),
      person('H002', '户主', '张伟', id('1985-01-20', 31), { room: '102' }),
    ]);
    const r = await runImport([file, '--community', WULIDUI]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('正在校验 花名册.xlsx');
    expect(r.out).toContain('共 3 行：无误 3 行，有错误 0 行');
    expect(r.out).toMatch(/已导入 3 位居民（批次 [0-9a-f-]{36}）/);

    const [batch] = await batches();
    expect(batch).toMatchObject({
      status: 'committed',
      mode: 'all_or_nothing',
      committedRows: 3,
      createdBy: wang.id,
    });
    const rows = await residents();
    expect(rows.map((x) => x.name).sort()).toEqual(['张伟', '李秀英', '王建国'].sort());
    expect(rows.every((x) => x.importBatchId === batch!.id)).toBe(true);
    const wangJg = rows.find((x) => x.name === '王建国')!;
    expect(wangJg).toMatchObject({
      idNoMasked: `430304********${id('1960-03-15', 11).slice(-4)}`,
      phoneMasked: '138****5678',
    });
    expect(rows.find((x) => x.name === '李秀英')!.householdId).toBe(wangJg.householdId);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'detail'])
      .where('action', '=', 'ledger.import')
      .where('entityId', '=', batch!.id)
      .execute();
    expect(audit).toEqual([{ actorUserId: wang.id, detail: expect.objectContaining({ written: 3 }) }]);
    expect(leftoverFiles()).toEqual([]);
  });

  it('prints row errors naming row and column; all_or_nothing writes nothing, --mode valid_only the good rows', async () => {
    const lost = id('1980-03-03', 69);
    const file = await rosterFile('有错.xlsx', [
      person('H010', '户主', '甲', id('1970-05-05', 51), { room: '201' }),
      // Excel turned the 18-digit number into a float and dropped its last digits.
      person('H011', '户主', '乙', Number(lost), { room: '202' }),
      person('H012', '户主', '丙', id('1971-01-01', 53), { room: '203', gender: '男性' }),
    ]);
    const before = await residents();

    const refused = await runImport([file, '--community', WULIDUI]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('共 3 行：无误 1 行，有错误 2 行');
    expect(refused.err).toContain(`第 4 行【公民身份号码】${NUMBER_CELL_MESSAGE}`);
    expect(refused.err).toContain('第 5 行【性别】性别应为“男”或“女”，不是“男性”');
    expect(refused.err).toContain('有 2 行存在错误，未写入任何数据');
    expect(refused.err).toContain('--mode valid_only');
    expect(refused.out).not.toContain('已导入');
    expect(await residents()).toEqual(before);
    // The refused batch is closed, not left waiting with its files in data/.
    expect((await batches()).at(-1)).toMatchObject({ status: 'cancelled', committedRows: 0 });
    expect(leftoverFiles()).toEqual([]);

    const partial = await runImport([file, '--community', WULIDUI, '--mode', 'valid_only']);
    expect(partial.code).toBe(0);
    expect(partial.err).toContain('第 4 行【公民身份号码】');
    expect(partial.out).toContain('已导入 1 位居民');
    const after = await residents();
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((x) => !before.some((b) => b.name === x.name)).map((x) => x.name)).toEqual(['甲']);
    expect((await batches()).at(-1)).toMatchObject({
      status: 'committed',
      mode: 'valid_only',
      committedRows: 1,
    });
  });

  it('exits 1 with a message for a community the system does not have', async () => {
    const file = await rosterFile('无社区.xlsx', [person('H020', '户主', '某', id('1990-01-01', 11))]);
    const before = await batches();
    const r = await runImport([file, '--community', '430304008999']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('系统中没有代码为 430304008999 的社区');
    const other = await runExport(['--community', '110101001001']);
    expect(other.code).toBe(1);
    expect(other.err).toContain('系统中没有代码为 110101001001 的社区');
    expect(await batches()).toEqual(before);
  });

  it('exits 2 with the usage for bad arguments, writing nothing', async () => {
    const file = await rosterFile('用法.xlsx', [person('H030', '户主', '某', id('1990-01-01', 13))]);
    const before = await batches();
    for (const args of [
      [],
      [file],
      [file, '--community', '4303'],
      [file, '--community'],
      [file, '--community', WULIDUI, '--mode', 'some'],
      [file, '--community', WULIDUI, '--force'],
      [file, file, '--community', WULIDUI],
    ]) {
      const r = await runImport(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain('用法：gongzhi import residents 文件.xlsx --community 社区代码');
    }
    const missing = await runImport([path.join(dir, '不存在.xlsx'), '--community', WULIDUI]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('找不到文件');
    expect(await batches()).toEqual(before);

    const auditsBefore = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'ledger.export')
      .execute();
    for (const args of [
      [],
      ['--community', 'abc'],
      ['--community', WULIDUI, '--format', 'csv'],
      ['extra', '--community', WULIDUI],
    ]) {
      const r = await runExport(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain('用法：gongzhi export residents --community 社区代码');
    }
    const noReason = await runExport(['--community', WULIDUI, '--unmasked', '--reason', '查']);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--reason');
    const noDir = await runExport(['--community', WULIDUI, '--out', path.join(dir, 'nope', 'x.xlsx')]);
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain('找不到输出目录');
    expect(
      await t.db.selectFrom('auditLog').select('id').where('action', '=', 'ledger.export').execute(),
    ).toEqual(auditsBefore);
  });

  it('exports the roster to an xlsx file with IDs and phones masked, and audits the export', async () => {
    const out = path.join(dir, '导出.xlsx');
    const r = await runExport(['--community', WULIDUI, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`已导出到 ${out}（身份证号、电话已脱敏）`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    const body = ws.getSheetValues().slice(2) as unknown[][];
    const stored = await residents();
    expect(body).toHaveLength(stored.length);
    const ids = body.map((row) => row[col('公民身份号码')]);
    expect(ids.every((v) => typeof v === 'string' && /^\d{6}\*{8}[\dX]{4}$/.test(v))).toBe(true);
    expect(ids.sort()).toEqual(stored.map((s) => s.idNoMasked).sort());
    const wangRow = body.find((row) => row[col('姓名')] === '王建国')!;
    expect(wangRow[col('联系电话')]).toBe('138****5678');
    const content = JSON.stringify(body);
    expect(content).not.toContain(id('1960-03-15', 11));
    expect(content).not.toContain('13812345678');

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'entityId', 'reason', 'detail'])
      .where('action', '=', 'ledger.export')
      .execute();
    expect(audit).toEqual([
      {
        actorUserId: wang.id,
        entityId: community.id,
        reason: null,
        detail: expect.objectContaining({ kind: 'residents', unmasked: false }),
      },
    ]);
  });
});
