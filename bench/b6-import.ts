// B6: bulk import of 100,000 residents from an xlsx roster (validate + commit through the ledger service)
// against a raw COPY of the same rows, with values pre-computed, into the same resident table.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { createCliEnv } from '../apps/server/src/cli/cli-env.ts';
import { commitImport, startImport, uploadTarget } from '../apps/server/src/modules/ledgers/index.ts';
import { RESIDENT_COLUMNS } from '../apps/server/src/modules/ledgers/residents.spreadsheet.ts';
import { makeIdNumber } from '../apps/server/src/modules/people/id-number.ts';
import { prepareResident } from '../apps/server/src/modules/people/resident-record.ts';
import { createAdmin } from '../apps/server/src/modules/setup/index.ts';
import { findNodeByCode } from '../apps/server/src/modules/territory/index.ts';
import { hashPassword } from '../apps/server/src/platform/auth/password.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createFieldCrypto } from '../apps/server/src/platform/crypto.ts';
import { withRawTransaction } from '../apps/server/src/platform/db/database.ts';
import type { AppDeps } from '../apps/server/src/platform/deps.ts';
import { ensureDivisions } from '../apps/server/src/platform/reference/divisions.ts';
import { readSheetRows } from '../apps/server/src/platform/spreadsheet/index.ts';
import { givenNode } from '../apps/server/test/factories.ts';
import { openBenchDb, report, timed } from './lib.ts';

const N = Number(process.env.B6_ROWS ?? 100_000);
const BUILDINGS = 20;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂';

function rowOf(i: number) {
  // 13 residents in every 5 households (2.6 a household); the first of each is the head.
  const hh = Math.floor((i * 5) / 13);
  const first = i === 0 || Math.floor(((i - 1) * 5) / 13) !== hh;
  const b = hh % BUILDINGS;
  const unit = (Math.floor(hh / BUILDINGS) % 4) + 1;
  const room = 101 + (Math.floor(hh / (BUILDINGS * 4)) % 600);
  const birth = new Date(Date.UTC(1940, 0, 1) + (i % 20000) * 86400000).toISOString().slice(0, 10);
  return {
    area: '第一片区',
    estate: '幸福小区',
    building: `${b + 1}栋`,
    unit: `${unit}单元`,
    room: String(room),
    householdNo: `H${String(hh).padStart(6, '0')}`,
    relation: first ? '户主' : '家庭成员',
    name: `${SURNAMES[i % 20]}${GIVEN[Math.floor(i / 20) % 24]}${GIVEN[Math.floor(i / 480) % 24]}`,
    idNumber: makeIdNumber('430304', birth, 100 + Math.floor(i / 20000)),
    phone: `13${String(100000000 + i).slice(-9)}`,
    residenceType: i % 7 === 0 ? '流动' : '户籍',
  };
}

const bench = await openBenchDb('b6');
try {
  const { db } = bench;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-b6-'));
  const deps: AppDeps = {
    db,
    config: { ...loadConfig({}), dataDir },
    crypto: createFieldCrypto(Buffer.from('b6-benchmark-secret-0123456789abcdef')),
    database: { kind: 'embedded', version: '' },
    divisionsReady: Promise.resolve(),
  };
  await ensureDivisions(db, () => {});
  const hash = await hashPassword('bench-password-1');
  const communityCode = '430304008004';
  await db
    .transaction()
    .execute((trx) =>
      createAdmin(trx, { username: 'bench', displayName: '基准', password: '', communityCode }, hash),
    );
  await db
    .transaction()
    .execute((trx) =>
      createAdmin(
        trx,
        { username: 'bench2', displayName: '基准', password: '', communityCode: '320116007001' },
        hash,
      ),
    );
  const districtId = '430304';
  const community = (await findNodeByCode(db, districtId, communityCode))!;
  const add = (parent: { id: string; path: string }, level: 'area' | 'estate' | 'building', name: string) =>
    givenNode(db, communityCode, parent, level, name);
  const estate = await add(await add(community, 'area', '第一片区'), 'estate', '幸福小区');
  for (let b = 1; b <= BUILDINGS; b++) await add(estate, 'building', `${b}栋`);

  // The roster, written the way Excel writes it (shared strings), with text ID and phone cells.
  const batchId = randomUUID();
  const file = uploadTarget(deps, batchId);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const ws = wb.addWorksheet('居民花名册');
  ws.addRow(RESIDENT_COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < N; i++) {
    const r = rowOf(i) as Record<string, string>;
    ws.addRow(RESIDENT_COLUMNS.map((c) => (c.key === 'seq' ? i + 1 : (r[c.key] ?? null)))).commit();
  }
  ws.commit();
  await wb.commit();
  const size = fs.statSync(file).size;

  // Where the time goes: parsing alone, then the full import.
  const parse = await timed(async () => {
    let n = 0;
    for await (const _ of readSheetRows(file)) n++;
    return n;
  });
  const ctx = await createCliEnv(deps).contextFor(districtId);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  const validate = await timed(async () => {
    const started = await startImport(deps, ctx, {
      batchId,
      kind: 'residents',
      communityId: community.id,
      fileName: 'b6.xlsx',
    });
    return started.validated;
  });
  if (validate.result.errorRows > 0 || validate.result.status !== 'validated')
    throw new Error(`validation: ${JSON.stringify(validate.result)}`);
  const commit = await timed(
    async () => (await commitImport(deps, ctx, batchId, 'all_or_nothing')).committed,
  );
  clearInterval(sampler);
  if (commit.result.committedRows !== N) throw new Error(`commit: ${JSON.stringify(commit.result)}`);
  const ours = N / ((validate.ms + commit.ms) / 1000);

  // Baseline: the same rows, values computed beforehand, COPY'd into resident of the second district.
  const other = '320116';
  const otherCommunity = (await findNodeByCode(db, other, '320116007001'))!;
  await sql`insert into household (district_id, community_id, node_id, household_no)
    select ${other}, ${otherCommunity.id}::uuid, ${otherCommunity.id}::uuid, 'H' || lpad(g::text, 6, '0') from generate_series(0, ${Math.ceil((N * 5) / 13)}) g`.execute(
    db,
  );
  const hhIds = new Map(
    (
      await db.selectFrom('household').select(['id', 'householdNo']).where('districtId', '=', other).execute()
    ).map((h) => [h.householdNo, h.id]),
  );
  const hex = (b: Buffer | null) => (b ? `\\\\x${b.toString('hex')}` : '\\N');
  const esc = (s: string | null) => (s === null ? '\\N' : s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t'));
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const r = rowOf(i);
    const p = prepareResident(
      { name: r.name, idNumber: r.idNumber, phone: r.phone, relationToHead: r.relation },
      deps.crypto,
    );
    if (!p.ok) throw new Error('bad row');
    const v = p.values;
    lines.push(
      `${[
        other,
        hhIds.get(r.householdNo)!,
        esc(v.name),
        esc(v.nameSort),
        v.gender,
        v.birthDate,
        hex(v.idNoEnc),
        hex(v.idNoHash),
        v.idNoMasked,
        hex(v.phoneEnc),
        hex(v.phoneHash),
        v.phoneMasked,
        v.relationToHead,
        v.residenceType,
        esc(v.search),
      ].join('\t')}\n`,
    );
  }
  const copy = await timed(() =>
    withRawTransaction(db, (client) =>
      pipeline(
        Readable.from(lines),
        client.query(
          copyFrom(`copy resident (district_id, household_id, name, name_sort, gender, birth_date,
        id_no_enc, id_no_hash, id_no_masked, phone_enc, phone_hash, phone_masked, relation_to_head, residence_type, search) from stdin`),
        ),
      ),
    ),
  );
  const baseline = N / (copy.ms / 1000);
  console.log(
    `B6 roster ${(size / 1024 / 1024).toFixed(1)} MB, ${N} rows: parse only ${(parse.ms / 1000).toFixed(1)} s; validate ${(validate.ms / 1000).toFixed(1)} s; commit ${(commit.ms / 1000).toFixed(1)} s; COPY ${(copy.ms / 1000).toFixed(1)} s; RSS peak +${((rssPeak - rssBefore) / 1024 / 1024).toFixed(0)} MB (${(rssPeak / 1024 / 1024).toFixed(0)} MB)`,
  );
  const ratio = ours / baseline;
  report({
    id: 'B6',
    what: `import ${N} rows from xlsx`,
    ours: `${Math.round(ours).toLocaleString('en')} rows/s`,
    baseline: `COPY ${Math.round(baseline).toLocaleString('en')} rows/s`,
    ratio,
    target: '≥ 0.20',
    isMet: ratio >= 0.2,
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
} finally {
  await bench.close();
}
