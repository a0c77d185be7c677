import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import {
  type CellValue,
  type ColumnSpec,
  type HeaderLayout,
  isHintRow,
  locateHeader,
  type RowIssue,
  readSheetRows,
  type SheetRow,
  SpreadsheetRejected,
} from '../../platform/spreadsheet/index.ts';
import { insertIssues, updateBatch } from './ledgers.repository.ts';
import type { PlaceNode } from './location.ts';

export interface ImportJob {
  deps: AppDeps;
  districtId: string;
  batchId: string;
  community: PlaceNode;
  userId: string | null;
}

/** Validation stopped because the batch was cancelled meanwhile. */
export class BatchCancelled extends Error {}

/** Where an upload and what validation derived from it live until commit or cancel. */
export function importFiles(dataDir: string, batchId: string) {
  const dir = path.join(dataDir, 'uploads', 'imports');
  return {
    dir,
    upload: path.join(dir, `${batchId}.xlsx`),
    stage: path.join(dir, `${batchId}.stage`),
    preview: path.join(dir, `${batchId}.preview.json`),
  };
}

export function removeImportFiles(dataDir: string, batchId: string): void {
  const f = importFiles(dataDir, batchId);
  for (const file of [f.upload, f.stage, f.preview]) fs.rmSync(file, { force: true });
}

/** Reads only the first rows: the header must name every required column before a batch is created. */
export async function probeLayout<K extends string>(
  file: string,
  specs: readonly ColumnSpec<K>[],
): Promise<HeaderLayout<K>> {
  const first: SheetRow[] = [];
  for await (const row of readSheetRows(file)) {
    first.push(row);
    if (first.length >= 8) break;
  }
  const layout = locateHeader(first, specs);
  if (layout.lastHeaderRow === 0) {
    throw new SpreadsheetRejected(
      `没有找到表头：请使用下载的模板，第 1 行应为列名（${specs
        .filter((s) => s.isRequired)
        .map((s) => s.header)
        .join('、')}…）`,
    );
  }
  if (layout.missing.length > 0) {
    throw new SpreadsheetRejected(
      `缺少必填列：${layout.missing.map((s) => `“${s.header}”`).join('、')}（第 ${layout.lastHeaderRow} 行表头）。请使用下载的模板，不要修改列名`,
    );
  }
  return layout;
}

const isEmpty = (values: CellValue[]) =>
  values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));

/** Data rows after the header (and its hint row), skipping blank rows. */
export async function* dataRows<K extends string>(
  file: string,
  layout: HeaderLayout<K>,
  specs: readonly ColumnSpec<K>[],
): AsyncGenerator<SheetRow> {
  for await (const row of readSheetRows(file)) {
    if (row.rowNo <= layout.lastHeaderRow || isEmpty(row.values)) continue;
    if (row.rowNo === layout.lastHeaderRow + 1 && isHintRow(row.values, layout, specs)) continue;
    yield row;
  }
}

/** Collects row issues, writes them in chunks, and remembers which rows have errors. */
export class IssueSink {
  private seq = 0;
  private pending: RowIssue[] = [];
  readonly errorRows = new Set<number>();
  warnings = 0;

  constructor(
    private readonly db: Database,
    private readonly districtId: string,
    private readonly batchId: string,
  ) {}

  add(issue: RowIssue): void {
    this.pending.push(issue);
    if (issue.severity === 'error') this.errorRows.add(issue.rowNo);
    else this.warnings++;
  }

  async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = [];
    for (let i = 0; i < chunk.length; i += 1000) {
      await insertIssues(this.db, this.districtId, this.batchId, this.seq + 1, chunk.slice(i, i + 1000));
      this.seq += Math.min(1000, chunk.length - i);
    }
  }
}

/**
 * Marks the batch validated with its row counts, unless it was cancelled meanwhile.
 * @throws BatchCancelled
 */
export async function finishValidation(job: ImportJob, total: number, sink: IssueSink): Promise<void> {
  const errorRows = sink.errorRows.size;
  const done = await updateBatch(
    job.deps.db,
    job.districtId,
    job.batchId,
    { status: 'validated', totalRows: total, validRows: total - errorRows, errorRows, processedRows: total },
    ['validating'],
  );
  if (!done) throw new BatchCancelled();
}

/** Up to 20 rows shown before commit, as they will be stored (masked). */
export interface PreviewFile {
  headers: string[];
  rows: { rowNo: number; isValid: boolean; cells: string[] }[];
}
export const PREVIEW_ROWS = 20;
