import fs from 'node:fs';
import { POSITION_LABELS } from '../../platform/access/positions.ts';
import { maskPhone } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import type { HeaderLayout, RowIssue } from '../../platform/spreadsheet/index.ts';
import {
  CHIEF_COLUMNS,
  CHIEF_HEADER,
  type ChiefColumn,
  type MappedChief,
  mapChiefRow,
  ORIGIN_LABELS,
} from './chiefs.spreadsheet.ts';
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
  activePositionsUnder,
  householdsOfCommunity,
  placesUnder,
  updateBatch,
} from './ledgers.repository.ts';
import { PlaceIndex } from './location.ts';

interface StagedChief extends Omit<MappedChief, 'phone' | 'householdNos'> {
  rowNo: number;
  nodeId: string;
  phoneEnc: string | null;
  phoneMasked: string | null;
  householdIds: string[];
}

/** Span checks of AS-12: warnings beside the rows, never errors. */
const SPAN: Partial<Record<string, { min: number; max: number; label: string }>> = {
  neighbour_chief: { min: 5, max: 15, label: '邻长' },
  household_chief: { min: 5, max: 15, label: '户长' },
  group_chief: { min: 50, max: 150, label: '组长' },
};

/**
 * Checks the chiefs' roster: level, node (name or code inside the community), phone, dates, linked
 * households (must exist in the community), duplicates; stages valid rows as JSON lines.
 * @throws BatchCancelled when the batch is cancelled meanwhile
 */
export async function validateChiefs(job: ImportJob, layout: HeaderLayout<ChiefColumn>): Promise<void> {
  const { db, crypto, config } = job.deps;
  const { districtId, batchId, community } = job;
  const files = importFiles(config.dataDir, batchId);
  const [nodes, households, positions] = await Promise.all([
    placesUnder(db, districtId, community.path, { withDwellings: false }),
    householdsOfCommunity(db, districtId, community.id),
    activePositionsUnder(db, districtId, community.path),
  ]);
  const index = new PlaceIndex(community, nodes);
  const householdIds = new Map(households.map((h) => [h.householdNo, h.id]));
  const existing = new Set(positions.map((p) => `${p.holderName}|${p.kind}|${p.nodeId}`));
  const sink = new IssueSink(db, districtId, batchId);
  const seen = new Map<string, number>();
  const linkedBy = new Map<string, number>();
  const staged: StagedChief[] = [];
  const preview: PreviewFile = {
    headers: ['姓名', '层级', '所属节点', '电话', '联系户数', '产生方式', '任职起止'],
    rows: [],
  };
  const err = (
    rowNo: number,
    column: ChiefColumn,
    message: string,
    severity: RowIssue['severity'] = 'error',
  ): RowIssue => ({
    rowNo,
    column: CHIEF_HEADER[column],
    message,
    severity,
  });
  let total = 0;
  for await (const r of dataRows(files.upload, layout, CHIEF_COLUMNS)) {
    total++;
    const mapped = mapChiefRow(r.rowNo, r.values, layout.columns);
    const issues = mapped.ok ? [] : mapped.issues;
    if (mapped.ok) {
      const row = mapped.row;
      const found =
        row.nodeRef === community.name || row.nodeRef === community.code
          ? [community]
          : index.find(row.nodeRef, community);
      if (found.length === 0)
        issues.push(
          err(r.rowNo, 'node', `本社区没有名称或编码为“${row.nodeRef}”的节点，请先在区域管理中建立`),
        );
      if (found.length > 1)
        issues.push(
          err(r.rowNo, 'node', `有 ${found.length} 个名为“${row.nodeRef}”的节点，请填写其编码以区分`),
        );
      const missing = row.householdNos.filter((no) => !householdIds.has(no));
      if (missing.length > 0) {
        const shown = missing.slice(0, 5).join('、');
        issues.push(
          err(
            r.rowNo,
            'households',
            `户编号 ${shown}${missing.length > 5 ? ` 等 ${missing.length} 户` : ''} 在本社区不存在，请先导入居民花名册`,
          ),
        );
      }
      const node = found.length === 1 ? found[0]! : null;
      if (node) {
        const key = `${row.name}|${row.kind}|${node.id}`;
        if (existing.has(key))
          issues.push(err(r.rowNo, 'name', `${row.name} 已是“${node.name}”的${POSITION_LABELS[row.kind]}`));
        else if (seen.has(key)) issues.push(err(r.rowNo, 'name', `与第 ${seen.get(key)} 行重复`));
        else seen.set(key, r.rowNo);
      }
      if (issues.length === 0 && node) {
        const span = SPAN[row.kind];
        const n = row.householdNos.length;
        if (span && (n < span.min || n > span.max)) {
          sink.add(
            err(
              r.rowNo,
              'households',
              `${span.label}联系 ${n} 户，建议 ${span.min}–${span.max} 户`,
              'warning',
            ),
          );
        }
        if (row.kind === 'neighbour_chief') {
          for (const no of row.householdNos) {
            const other = linkedBy.get(no);
            if (other)
              sink.add(
                err(
                  r.rowNo,
                  'households',
                  `户编号 ${no} 已由第 ${other} 行的邻长联系，每户应只有一位邻长`,
                  'warning',
                ),
              );
            else linkedBy.set(no, r.rowNo);
          }
        }
        staged.push({
          rowNo: r.rowNo,
          name: row.name,
          kind: row.kind,
          identity: row.identity,
          nodeRef: row.nodeRef,
          nodeId: node.id,
          phoneEnc: row.phone ? crypto.encrypt(row.phone).toString('base64') : null,
          phoneMasked: row.phone ? maskPhone(row.phone) : null,
          householdIds: row.householdNos.map((no) => householdIds.get(no)!),
          origin: row.origin,
          validFrom: row.validFrom,
          validTo: row.validTo,
        });
        if (preview.rows.length < PREVIEW_ROWS) {
          preview.rows.push({
            rowNo: r.rowNo,
            isValid: true,
            cells: [
              row.name,
              POSITION_LABELS[row.kind],
              node.name,
              row.phone ? maskPhone(row.phone) : '',
              String(row.householdNos.length),
              ORIGIN_LABELS[row.origin],
              [row.validFrom, row.validTo].filter(Boolean).join(' 至 '),
            ],
          });
        }
      }
    }
    if (issues.length > 0) {
      for (const i of issues) sink.add(i);
      if (preview.rows.length < PREVIEW_ROWS)
        preview.rows.push({ rowNo: r.rowNo, isValid: false, cells: preview.headers.map(() => '') });
    }
    if (total % 500 === 0) {
      await sink.flush();
      if (!(await updateBatch(db, districtId, batchId, { processedRows: total }, ['validating'])))
        throw new BatchCancelled();
    }
  }
  await sink.flush();
  fs.writeFileSync(files.stage, staged.map((s) => JSON.stringify(s)).join('\n'));
  fs.writeFileSync(files.preview, JSON.stringify(preview));
  await finishValidation(job, total, sink);
}

/** Creates the staged positions and their household links in the caller's transaction. */
export async function commitChiefs(
  trx: Database,
  job: ImportJob,
): Promise<{ written: number; links: number }> {
  const { districtId, batchId } = job;
  const text = fs.readFileSync(importFiles(job.deps.config.dataDir, batchId).stage, 'utf8');
  const staged = text ? text.split('\n').map((line) => JSON.parse(line) as StagedChief) : [];
  const errorRows = new Set(
    (
      await trx
        .selectFrom('importIssue')
        .select('rowNo')
        .where('districtId', '=', districtId)
        .where('batchId', '=', batchId)
        .where('severity', '=', 'error')
        .execute()
    ).map((r) => r.rowNo),
  );
  let written = 0;
  let links = 0;
  for (const s of staged) {
    if (errorRows.has(s.rowNo)) continue;
    const position = await trx
      .insertInto('position')
      .values({
        districtId,
        nodeId: s.nodeId,
        kind: s.kind,
        holderName: s.name,
        identity: s.identity,
        phoneEnc: s.phoneEnc ? Buffer.from(s.phoneEnc, 'base64') : null,
        phoneMasked: s.phoneMasked,
        origin: s.origin,
        ...(s.validFrom ? { validFrom: s.validFrom } : {}),
        validTo: s.validTo,
        note: `台账导入 ${batchId.slice(0, 8)}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    written++;
    if (s.householdIds.length > 0) {
      await trx
        .insertInto('householdLink')
        .values(
          s.householdIds.map((householdId) => ({
            districtId,
            positionId: position.id,
            householdId,
            ...(s.validFrom ? { validFrom: s.validFrom } : {}),
            validTo: s.validTo,
          })),
        )
        .execute();
      links += s.householdIds.length;
    }
  }
  return { written, links };
}
