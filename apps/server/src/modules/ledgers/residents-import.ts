import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { maskIdNumber, maskPhone } from '../../platform/crypto.ts';
import {
  cellText,
  type HeaderLayout,
  type RowIssue,
  type SheetRow,
} from '../../platform/spreadsheet/index.ts';
import { newGeneratedCode, sortKey } from '../territory/index.ts';
import {
  BatchCancelled,
  dataRows,
  finishValidation,
  type ImportJob,
  IssueSink,
  importFiles,
  PREVIEW_ROWS,
  type PreviewFile,
} from './import-run.ts';
import {
  existingIdHashes,
  householdsOfCommunity,
  kyselyOnClient,
  listTags,
  placesUnder,
  updateBatch,
} from './ledgers.repository.ts';
import { PlaceIndex, type PlaceNode, resolvePlace } from './location.ts';
import {
  GENDER_LABELS,
  type MappedResident,
  mapResidentRow,
  RESIDENCE_TYPE_LABELS,
  RESIDENT_COLUMNS,
  RESIDENT_HEADER,
  type ResidentColumn,
  STATUS_LABELS,
} from './residents.spreadsheet.ts';

/** Rows that became duplicates of residents registered after validation; all_or_nothing refuses them. */
export class CommitConflict extends Error {
  constructor(readonly issues: RowIssue[]) {
    super(`有 ${issues.length} 行的公民身份号码已在本区登记（校验之后新增），未写入任何数据`);
  }
}

const CHUNK = 1000;
const STAGE_COLUMNS = [
  'row_no',
  'household_no',
  'is_head',
  'anchor_id',
  'unit_name',
  'unit_sort',
  'room_name',
  'room_sort',
  'address',
  'name',
  'name_sort',
  'gender',
  'birth_date',
  'id_no_enc',
  'id_no_hash',
  'id_no_masked',
  'phone_enc',
  'phone_hash',
  'phone_masked',
  'relation_to_head',
  'ethnicity',
  'political_status',
  'education',
  'residence_type',
  'status',
  'note',
  'data_source',
  'search',
  'tags',
];
const PREVIEW_HEADERS = [
  '位置',
  '户编号',
  '与户主关系',
  '姓名',
  '性别',
  '出生日期',
  '公民身份号码',
  '联系电话',
  '人口类型',
  '居住状态',
  '标签',
];

// COPY text format: backslash escapes, \N for null, bytea as \\x<hex>.
const t = (v: string | null) =>
  v === null
    ? '\\N'
    : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const b = (v: Buffer | null) => (v === null ? '\\N' : `\\\\x${v.toString('hex')}`);

const sortKeys = new Map<string, string>();
/** Unit and room names repeat on every row of a building: their pinyin keys are computed once. */
function cachedSortKey(name: string | null): string | null {
  if (name === null) return null;
  let key = sortKeys.get(name);
  if (key === undefined) {
    if (sortKeys.size > 50_000) sortKeys.clear();
    key = sortKey(name);
    sortKeys.set(name, key);
  }
  return key;
}

function stageLine(rowNo: number, row: MappedResident, anchor: PlaceNode): string {
  const v = row.values;
  const l = row.location;
  const address = [l.estate, l.building, l.unit, l.room].filter(Boolean).join(' ').slice(0, 200);
  return [
    String(rowNo),
    t(row.householdNo),
    row.isHead ? 't' : 'f',
    anchor.id,
    t(l.unit),
    t(cachedSortKey(l.unit)),
    t(l.room),
    t(cachedSortKey(l.room)),
    t(address),
    t(v.name),
    t(v.nameSort),
    v.gender,
    t(v.birthDate),
    b(v.idNoEnc),
    b(v.idNoHash),
    t(v.idNoMasked),
    b(v.phoneEnc),
    b(v.phoneHash),
    t(v.phoneMasked),
    t(v.relationToHead),
    t(v.ethnicity),
    t(v.politicalStatus),
    t(v.education),
    v.residenceType,
    row.status,
    t(v.note),
    t(v.dataSource),
    t(v.search),
    `{${row.tagCodes.join(',')}}`,
  ].join('\t');
}

function previewOf(rowNo: number, row: MappedResident, tagNames: Map<string, string>) {
  const v = row.values;
  const l = row.location;
  return {
    rowNo,
    isValid: true,
    cells: [
      [l.area, l.group, l.estate, l.building, l.unit, l.room].filter(Boolean).join(' '),
      row.householdNo,
      v.relationToHead,
      v.name,
      GENDER_LABELS[v.gender],
      v.birthDate ?? '',
      v.idNoMasked ?? '',
      v.phoneMasked ?? '',
      RESIDENCE_TYPE_LABELS[v.residenceType],
      STATUS_LABELS[row.status],
      row.tagCodes.map((c) => tagNames.get(c) ?? c).join('；'),
    ],
  };
}

function invalidPreview(r: SheetRow, layout: HeaderLayout<ResidentColumn>) {
  const cell = (k: ResidentColumn) => {
    const col = layout.columns.get(k);
    return (col === undefined ? null : cellText(r.values[col])) ?? '';
  };
  const id = cell('idNumber');
  const phone = cell('phone');
  return {
    rowNo: r.rowNo,
    isValid: false,
    cells: [
      (['area', 'group', 'estate', 'building', 'unit', 'room'] as const).map(cell).filter(Boolean).join(' '),
      cell('householdNo'),
      cell('relation'),
      cell('name'),
      cell('gender'),
      cell('birthDate'),
      id ? maskIdNumber(id) : '',
      phone ? maskPhone(phone) : '',
      cell('residenceType'),
      cell('residenceStatus'),
      cell('tags'),
    ].map((c) => c.slice(0, 100)),
  };
}

/**
 * Streams the roster once: checks every row (ID, dates, place, household, duplicates in the file and in the
 * district), records row issues, and writes the valid rows' stored values to a COPY-ready stage file.
 * @throws BatchCancelled when the batch is cancelled meanwhile
 */
export async function validateResidents(job: ImportJob, layout: HeaderLayout<ResidentColumn>): Promise<void> {
  const { db, crypto, config } = job.deps;
  const { districtId, batchId } = job;
  const files = importFiles(config.dataDir, batchId);
  const [nodes, tagRows, households] = await Promise.all([
    placesUnder(db, districtId, job.community.path, { withDwellings: false }),
    listTags(db),
    householdsOfCommunity(db, districtId, job.community.id),
  ]);
  const index = new PlaceIndex(job.community, nodes);
  const tags = new Map(tagRows.map((tag) => [tag.nameZh, tag]));
  const tagNames = new Map(tagRows.map((tag) => [tag.code, tag.nameZh]));
  const withHead = new Set(households.filter((h) => h.headResidentId).map((h) => h.householdNo));
  const sink = new IssueSink(db, districtId, batchId);
  const places = new Map<string, ReturnType<typeof resolvePlace>>();
  const seenIds = new Map<string, number>();
  const inFile = new Map<string, { rowNo: number; placeKey: string; headRow: number | null }>();
  const out = fs.createWriteStream(files.stage);
  const preview: PreviewFile = { headers: PREVIEW_HEADERS, rows: [] };
  let pending: { rowNo: number; row: MappedResident; anchor: PlaceNode; hash: string | null }[] = [];
  let total = 0;
  const err = (rowNo: number, column: ResidentColumn, message: string): RowIssue => ({
    rowNo,
    column: RESIDENT_HEADER[column],
    message,
    severity: 'error',
  });

  const flush = async () => {
    const found = await existingIdHashes(
      db,
      districtId,
      pending.flatMap((p) => (p.row.values.idNoHash ? [p.row.values.idNoHash] : [])),
    );
    let text = '';
    for (const p of pending) {
      if (p.hash && found.has(p.hash))
        sink.add(err(p.rowNo, 'idNumber', '本区已登记该公民身份号码的居民，不能重复导入'));
      if (sink.errorRows.has(p.rowNo)) continue;
      if (preview.rows.length < PREVIEW_ROWS) preview.rows.push(previewOf(p.rowNo, p.row, tagNames));
      text += `${stageLine(p.rowNo, p.row, p.anchor)}\n`;
    }
    pending = [];
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await sink.flush();
    if (!(await updateBatch(db, districtId, batchId, { processedRows: total }, ['validating'])))
      throw new BatchCancelled();
  };

  try {
    for await (const r of dataRows(files.upload, layout, RESIDENT_COLUMNS)) {
      total++;
      const mapped = mapResidentRow(r.rowNo, r.values, layout.columns, { crypto, tags });
      const issues: RowIssue[] = mapped.ok ? [] : mapped.issues;
      if (mapped.ok) {
        const { row } = mapped;
        const l = row.location;
        const key = `${l.area}\u0001${l.group}\u0001${l.estate}\u0001${l.building}`;
        let place = places.get(key);
        if (!place) {
          place = resolvePlace(index, l);
          places.set(key, place);
        }
        if (!place.ok)
          issues.push({ rowNo: r.rowNo, column: place.column, message: place.message, severity: 'error' });
        const placeKey = place.ok ? `${place.node.id}|${l.unit ?? ''}|${l.room ?? ''}` : null;
        const household = inFile.get(row.householdNo);
        if (household && placeKey && household.placeKey !== placeKey) {
          issues.push(
            err(
              r.rowNo,
              'householdNo',
              `户编号“${row.householdNo}”在第 ${household.rowNo} 行的住址与本行不同，同一户应住在同一处`,
            ),
          );
        }
        if (row.isHead && withHead.has(row.householdNo))
          issues.push(err(r.rowNo, 'relation', `户编号“${row.householdNo}”在系统中已有户主`));
        else if (row.isHead && household?.headRow) {
          issues.push(
            err(r.rowNo, 'relation', `户编号“${row.householdNo}”已在第 ${household.headRow} 行登记户主`),
          );
        }
        const hash = row.values.idNoHash?.toString('base64') ?? null;
        if (hash) {
          const first = seenIds.get(hash);
          if (first === undefined) seenIds.set(hash, r.rowNo);
          else {
            issues.push(err(r.rowNo, 'idNumber', `与第 ${first} 行的公民身份号码重复`));
            sink.add(err(first, 'idNumber', `与第 ${r.rowNo} 行的公民身份号码重复`));
          }
        }
        if (placeKey && !household)
          inFile.set(row.householdNo, { rowNo: r.rowNo, placeKey, headRow: row.isHead ? r.rowNo : null });
        else if (household && row.isHead && !household.headRow && issues.length === 0)
          household.headRow = r.rowNo;
        if (issues.length === 0 && place.ok)
          pending.push({
            rowNo: r.rowNo,
            row,
            anchor: place.node,
            hash: hash && row.values.idNoHash!.toString('hex'),
          });
      }
      if (issues.length > 0) {
        for (const i of issues) sink.add(i);
        if (preview.rows.length < PREVIEW_ROWS) preview.rows.push(invalidPreview(r, layout));
      }
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
  } finally {
    await new Promise((resolve) => out.end(resolve));
  }
  preview.rows.sort((x, y) => x.rowNo - y.rowNo);
  fs.writeFileSync(files.preview, JSON.stringify(preview));
  await finishValidation(job, total, sink);
}

/** Counts COPY lines as they pass, reporting every half second. */
function lineCounter(report: (n: number) => void): Transform {
  let n = 0;
  let last = Date.now();
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
      if (Date.now() - last > 500) {
        last = Date.now();
        report(n);
      }
      cb(null, chunk);
    },
  });
}

/**
 * Creates the unit or dwelling nodes rows name but the tree lacks, with never-reused generated codes, and
 * points the staged rows at them. Parent paths are copied first so the insert never reads the table it
 * writes (a plan that did was quadratic).
 */
async function createMissingNodes(
  client: pg.PoolClient,
  job: ImportJob,
  level: 'unit' | 'dwelling',
  parentSql: string,
  nameCol: string,
) {
  const { districtId } = job;
  const sortCol = nameCol.replace('_name', '_sort');
  await client.query('truncate new_node');
  await client.query(
    `insert into new_node (parent_id, name, sort) select distinct ${parentSql}, s.${nameCol}, s.${sortCol}
     from stage_resident s where s.${nameCol} is not null`,
  );
  await client.query('analyze new_node');
  await client.query(
    `update new_node nn set node_id = n.id from territory_node n
     where n.district_id = $1 and n.parent_id = nn.parent_id and n.level = $2 and n.name = nn.name and n.valid_to is null`,
    [districtId, level],
  );
  const need = await client.query(
    `update new_node nn set node_id = gen_random_uuid(), is_new = true, parent_path = p.path
     from territory_node p where nn.node_id is null and p.district_id = $1 and p.id = nn.parent_id`,
    [districtId],
  );
  const count = need.rowCount ?? 0;
  if (count > 0) {
    const first = await newGeneratedCode(kyselyOnClient(client), districtId, job.community.code, level);
    const stem = first.replace(/\d+$/, '');
    const start = Number(first.slice(stem.length));
    if (count > 1) {
      await client.query(
        `update code_counter set last_value = last_value + $3 where district_id = $1 and scope = $2`,
        [districtId, `${job.community.code}:${level}`, count - 1],
      );
    }
    // Foreign-key checks keep one cached plan per session; planned while the tree was small it is a seq scan,
    // which makes inserting thousands of dwellings under fresh units quadratic. Re-plan them as the table grows.
    await client.query('set local plan_cache_mode = force_custom_plan');
    await client.query(
      `insert into territory_node (district_id, id, node_no, parent_id, level, code, name, path, sort_key)
       select $1, x.node_id, x.node_no, x.parent_id, $2, $3 || lpad(($4 + x.k - 1)::text, greatest(4, length(($4 + x.k - 1)::text)), '0'),
         x.name, (x.parent_path::text || '.n' || x.node_no)::ltree, coalesce(x.sort, '')
       from (select nn.*, nextval('territory_node_no_seq') as node_no, row_number() over (order by nn.parent_id, nn.name) as k
             from new_node nn where nn.is_new) x`,
      [districtId, level, stem, start],
    );
    await client.query('set local plan_cache_mode = auto');
  }
  await client.query(
    `update stage_resident s set ${level === 'unit' ? 'unit_id' : 'dwelling_id'} = nn.node_id from new_node nn
     where s.${nameCol} is not null and nn.parent_id = ${parentSql} and nn.name = s.${nameCol}`,
  );
}

/**
 * Writes the staged rows in the caller's transaction: COPY into a temp table, then INSERT … SELECT into
 * territory_node (units, dwellings), household, resident, resident_event and resident_tag.
 * @returns the number of residents written
 * @throws CommitConflict in all_or_nothing mode when IDs were registered after validation
 */
export async function commitResidents(
  client: pg.PoolClient,
  job: ImportJob,
  mode: 'all_or_nothing' | 'valid_only',
): Promise<{ written: number; lateIssues: RowIssue[] }> {
  const { districtId, batchId } = job;
  const { db } = job.deps;
  const files = importFiles(job.deps.config.dataDir, batchId);
  await client.query(`
    create temp table stage_resident (
      row_no int, household_no text, is_head boolean, anchor_id uuid, unit_name text, unit_sort text, room_name text, room_sort text,
      address text, name text, name_sort text, gender text, birth_date date, id_no_enc bytea, id_no_hash bytea, id_no_masked text,
      phone_enc bytea, phone_hash bytea, phone_masked text, relation_to_head text, ethnicity text, political_status text,
      education text, residence_type text, status text, note text, data_source text, search tsvector, tags text[],
      resident_id uuid not null default gen_random_uuid(), unit_id uuid, dwelling_id uuid, household_id uuid
    ) on commit drop;
    create temp table new_node (parent_id uuid, name text, sort text, node_id uuid, is_new boolean not null default false, parent_path ltree) on commit drop;`);
  const report = (n: number) =>
    void updateBatch(db, districtId, batchId, { committedRows: n }, ['committing']).catch(() => {});
  await pipeline(
    fs.createReadStream(files.stage),
    lineCounter(report),
    client.query(copyFrom(`copy stage_resident (${STAGE_COLUMNS.join(', ')}) from stdin`)),
  );
  // Rows flagged after they were staged (the first of two duplicates) never reach the registry.
  await client.query(
    `delete from stage_resident s using import_issue i
     where i.district_id = $1 and i.batch_id = $2 and i.severity = 'error' and i.row_no = s.row_no`,
    [districtId, batchId],
  );
  await client.query('analyze stage_resident');
  const late = await client.query<{ row_no: number }>(
    `select s.row_no from stage_resident s join resident r on r.district_id = $1 and r.id_no_hash = s.id_no_hash order by s.row_no`,
    [districtId],
  );
  const lateIssues: RowIssue[] = late.rows.map((r) => ({
    rowNo: r.row_no,
    column: RESIDENT_HEADER.idNumber,
    message: '本区已登记该公民身份号码的居民，不能重复导入',
    severity: 'error',
  }));
  if (lateIssues.length > 0) {
    if (mode === 'all_or_nothing') throw new CommitConflict(lateIssues);
    await client.query(`delete from stage_resident where row_no = any($1::int[])`, [
      late.rows.map((r) => r.row_no),
    ]);
  }
  await createMissingNodes(client, job, 'unit', 's.anchor_id', 'unit_name');
  await createMissingNodes(client, job, 'dwelling', 'coalesce(s.unit_id, s.anchor_id)', 'room_name');
  const hh = [districtId, job.community.id];
  const attach = `update stage_resident s set household_id = h.id from household h
     where s.household_id is null and h.district_id = $1 and h.community_id = $2 and h.household_no = s.household_no`;
  await client.query(attach, hh);
  await client.query(
    // A new household gets its head in the same insert (the head foreign key is deferred to commit).
    `insert into household (district_id, community_id, node_id, household_no, address, head_resident_id)
     select distinct on (household_no) $1, $2, coalesce(dwelling_id, unit_id, anchor_id), household_no, coalesce(address, ''),
       case when is_head then resident_id end
     from stage_resident where household_id is null order by household_no, is_head desc, row_no`,
    hh,
  );
  await client.query(attach, hh);
  const inserted = await client.query(
    `insert into resident (district_id, id, household_id, name, name_sort, gender, birth_date, id_no_enc, id_no_hash, id_no_masked,
       phone_enc, phone_hash, phone_masked, relation_to_head, ethnicity, political_status, education, residence_type, status, note,
       data_source, search, import_batch_id)
     select $1, resident_id, household_id, name, name_sort, gender, birth_date, id_no_enc, id_no_hash, id_no_masked, phone_enc,
       phone_hash, phone_masked, relation_to_head, ethnicity, political_status, education, residence_type, status, note, data_source,
       search, $2 from stage_resident order by row_no`,
    [districtId, batchId],
  );
  await client.query(
    `update household h set head_resident_id = s.resident_id, updated_at = now() from stage_resident s
     where s.is_head and h.district_id = $1 and h.id = s.household_id and h.head_resident_id is null`,
    [districtId],
  );
  await client.query(
    `insert into resident_event (district_id, resident_id, household_id, kind, occurred_on, note, actor_user_id)
     select $1, resident_id, household_id, 'registered', current_date, '花名册导入', $2 from stage_resident`,
    [districtId, job.userId],
  );
  await client.query(
    `insert into resident_tag (district_id, resident_id, tag_code, assigned_by)
     select $1, s.resident_id, tag, $2 from stage_resident s, unnest(s.tags) tag`,
    [districtId, job.userId],
  );
  return { written: inserted.rowCount ?? 0, lateIssues };
}
