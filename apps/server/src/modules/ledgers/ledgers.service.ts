import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import type {
  ImportBatch,
  ImportIssue,
  ImportMode,
  ImportPreview,
  LedgerKind,
} from '@gongzhi/contract/ledgers';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import { withRawTransaction } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { checkXlsxSignature, SpreadsheetRejected } from '../../platform/spreadsheet/index.ts';
import { CHIEF_COLUMNS } from './chiefs.spreadsheet.ts';
import { commitChiefs, validateChiefs } from './chiefs-import.ts';
import {
  BatchCancelled,
  type ImportJob,
  importFiles,
  type PreviewFile,
  probeLayout,
  removeImportFiles,
} from './import-run.ts';
import { requireAtNode, requireSomewhere } from './ledgers.policy.ts';
import { presentBatch } from './ledgers.presenter.ts';
import * as repo from './ledgers.repository.ts';
import { FILE_NAMES, writeChiefs, writeResidents, writeTemplate } from './ledgers-export.ts';
import type { PlaceNode } from './location.ts';
import { RESIDENT_COLUMNS } from './residents.spreadsheet.ts';
import { CommitConflict, commitResidents, validateResidents } from './residents-import.ts';

export { FILE_NAMES };

/** Streams an empty import template. */
export function templateStream(kind: LedgerKind): PassThrough {
  const out = new PassThrough();
  writeTemplate(kind, out).catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/** Where the upload is written while it arrives, before any batch exists. */
export function uploadTarget(deps: AppDeps, batchId: string): string {
  const { dir, upload } = importFiles(deps.config.dataDir, batchId);
  fs.mkdirSync(dir, { recursive: true });
  return upload;
}

/** May this caller import at all? Checked before the upload body is read. */
export function requireImporter(ctx: RequestContext): void {
  requireSomewhere(ctx.actor, 'registry.import');
}

async function communityFor(
  db: Database,
  ctx: RequestContext,
  communityId: string,
  permissions: Parameters<typeof requireAtNode>[1],
) {
  const node = await repo.findPlace(db, ctx.districtId, communityId);
  requireAtNode(ctx.actor, permissions, node?.path ?? '', '社区');
  if (node?.level !== 'community') throw notFound('社区');
  return node;
}

const running = new Set<Promise<unknown>>();
/** Background work (validation, commit) still running: tests and the CLI can wait for it. */
function track<T>(p: Promise<T>): Promise<T> {
  running.add(p);
  void p.finally(() => running.delete(p)).catch(() => {});
  return p;
}

async function readBatch(db: Database, districtId: string, id: string): Promise<ImportBatch> {
  const row = await repo.findBatch(db, districtId, id);
  if (!row) throw notFound('导入批次');
  return presentBatch(row);
}

function failureText(err: unknown): string {
  if (err instanceof AppError || err instanceof SpreadsheetRejected || err instanceof CommitConflict)
    return err.message;
  return `导入时发生意外错误：${String((err as Error)?.message ?? err).slice(0, 300)}`;
}

/**
 * Accepts an uploaded workbook (already on disk at `uploadTarget(id)`): checks it is an xlsx whose header
 * names every required column, creates the batch and validates it in the background.
 * @returns the batch and a promise that settles when validation ends
 * @throws FORBIDDEN, NOT_FOUND (community), UPLOAD_REJECTED (not an xlsx, missing columns)
 */
export async function startImport(
  deps: AppDeps,
  ctx: RequestContext,
  input: { batchId: string; kind: LedgerKind; communityId: string; fileName: string },
): Promise<{ batch: ImportBatch; validated: Promise<ImportBatch> }> {
  const { db } = deps;
  const file = importFiles(deps.config.dataDir, input.batchId).upload;
  try {
    const community = await communityFor(db, ctx, input.communityId, ['registry.import']);
    await checkXlsxSignature(file);
    const layout =
      input.kind === 'residents'
        ? await probeLayout(file, RESIDENT_COLUMNS)
        : await probeLayout(file, CHIEF_COLUMNS);
    await repo.insertBatch(db, {
      districtId: ctx.districtId,
      id: input.batchId,
      kind: input.kind,
      communityId: community.id,
      fileName: input.fileName.slice(0, 200),
      createdBy: ctx.actor.userId,
    });
    const job: ImportJob = {
      deps,
      districtId: ctx.districtId,
      batchId: input.batchId,
      community,
      userId: ctx.actor.userId,
    };
    const validated = track(
      (input.kind === 'residents'
        ? validateResidents(
            job,
            layout as Awaited<ReturnType<typeof probeLayout<(typeof RESIDENT_COLUMNS)[number]['key']>>>,
          )
        : validateChiefs(
            job,
            layout as Awaited<ReturnType<typeof probeLayout<(typeof CHIEF_COLUMNS)[number]['key']>>>,
          )
      )
        .catch(async (err: unknown) => {
          if (err instanceof BatchCancelled) return;
          await repo.updateBatch(
            db,
            ctx.districtId,
            input.batchId,
            { status: 'failed', failure: failureText(err), finishedAt: new Date() },
            ['validating'],
          );
          removeImportFiles(deps.config.dataDir, input.batchId);
        })
        .then(() => readBatch(db, ctx.districtId, input.batchId)),
    );
    return { batch: await readBatch(db, ctx.districtId, input.batchId), validated };
  } catch (err) {
    removeImportFiles(deps.config.dataDir, input.batchId);
    if (err instanceof SpreadsheetRejected)
      throw new AppError('UPLOAD_REJECTED', err.message, { file: err.message });
    throw err;
  }
}

async function batchFor(deps: AppDeps, ctx: RequestContext, id: string) {
  requireSomewhere(ctx.actor, 'registry.import');
  const batch = await repo.findBatch(deps.db, ctx.districtId, id);
  if (!batch) throw notFound('导入批次');
  const community = await communityFor(deps.db, ctx, batch.communityId, ['registry.import']);
  return { batch, community };
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getImport(deps: AppDeps, ctx: RequestContext, id: string): Promise<ImportBatch> {
  return presentBatch((await batchFor(deps, ctx, id)).batch);
}

/** Row issues in row order, 50 at a time by default. @throws FORBIDDEN, NOT_FOUND */
export async function listImportIssues(
  deps: AppDeps,
  ctx: RequestContext,
  id: string,
  cursor: string | undefined,
  limit: number,
) {
  await batchFor(deps, ctx, id);
  const rows = await repo.listIssues(deps.db, ctx.districtId, id, cursor ? Number(cursor) : 0, limit + 1);
  const items: ImportIssue[] = rows.slice(0, limit).map((r) => ({
    rowNo: r.rowNo,
    column: r.columnName,
    message: r.message,
    severity: r.severity as ImportIssue['severity'],
  }));
  return { items, nextCursor: rows.length > limit ? String(rows[limit - 1]!.seq) : null };
}

/** @throws FORBIDDEN, NOT_FOUND, IMPORT_STATE (not validated yet) */
export async function previewImport(deps: AppDeps, ctx: RequestContext, id: string): Promise<ImportPreview> {
  const { batch } = await batchFor(deps, ctx, id);
  const file = importFiles(deps.config.dataDir, id).preview;
  if (batch.status !== 'validated' || !fs.existsSync(file))
    throw new AppError('IMPORT_STATE', '该批次尚未校验完成或已结束，无法预览');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PreviewFile;
}

/**
 * Starts the commit: all_or_nothing refuses a batch with errors (409, nothing written); valid_only writes
 * the valid rows. The write is one transaction, so a crash leaves nothing half-imported.
 * @returns the batch (committing) and a promise of the final batch
 * @throws FORBIDDEN, NOT_FOUND, IMPORT_STATE
 */
export async function commitImport(
  deps: AppDeps,
  ctx: RequestContext,
  id: string,
  mode: ImportMode,
): Promise<{ batch: ImportBatch; committed: Promise<ImportBatch> }> {
  const { db } = deps;
  const { batch, community } = await batchFor(deps, ctx, id);
  if (batch.status !== 'validated')
    throw new AppError(
      'IMPORT_STATE',
      `该批次当前状态为“${STATUS_ZH[batch.status] ?? batch.status}”，不能提交`,
    );
  if (mode === 'all_or_nothing' && batch.errorRows > 0) {
    throw new AppError(
      'IMPORT_STATE',
      `有 ${batch.errorRows} 行存在错误，“全部成功才导入”模式下未写入任何数据；请修改后重新上传，或选择只导入无误的行`,
    );
  }
  if (batch.validRows === 0) throw new AppError('IMPORT_STATE', '没有可导入的有效行');
  const claimed = await repo.updateBatch(
    db,
    ctx.districtId,
    id,
    { status: 'committing', mode, committedRows: 0, failure: null },
    ['validated'],
  );
  if (!claimed) throw new AppError('IMPORT_STATE', '该批次正在被提交或已取消');
  const job: ImportJob = {
    deps,
    districtId: ctx.districtId,
    batchId: id,
    community,
    userId: ctx.actor.userId,
  };
  const committed = track(
    runCommit(job, ctx, batch.kind as LedgerKind, mode).then(() => readBatch(db, ctx.districtId, id)),
  );
  return { batch: await readBatch(db, ctx.districtId, id), committed };
}

const STATUS_ZH: Record<string, string> = {
  validating: '校验中',
  validated: '待提交',
  committing: '提交中',
  committed: '已导入',
  failed: '失败',
  cancelled: '已取消',
};

async function runCommit(
  job: ImportJob,
  ctx: RequestContext,
  kind: LedgerKind,
  mode: ImportMode,
): Promise<void> {
  const { db, config } = job.deps;
  const { districtId, batchId } = job;
  try {
    await withRawTransaction(db, async (client) => {
      const trx = repo.kyselyOnClient(client);
      let written = 0;
      let detail: Record<string, unknown> = {};
      if (kind === 'residents') {
        const result = await commitResidents(client, job, mode);
        written = result.written;
        if (result.lateIssues.length > 0) {
          await repo.insertIssues(
            trx,
            districtId,
            batchId,
            (await repo.maxIssueSeq(trx, districtId, batchId)) + 1,
            result.lateIssues,
          );
        }
        detail = { lateDuplicates: result.lateIssues.length };
      } else {
        const result = await commitChiefs(trx, job);
        written = result.written;
        detail = { householdLinks: result.links };
      }
      const errorRows = await repo.errorRowCount(trx, districtId, batchId);
      await repo.updateBatch(trx, districtId, batchId, {
        status: 'committed',
        committedRows: written,
        errorRows,
        validRows: written,
        finishedAt: new Date(),
      });
      await recordAudit(trx, ctx.audit, {
        action: 'ledger.import',
        entityType: 'import_batch',
        entityId: batchId,
        detail: { kind, mode, communityId: job.community.id, written, errorRows, ...detail },
      });
    });
  } catch (err) {
    if (err instanceof CommitConflict) {
      // Nothing was written; the batch goes back to 待提交 with the new problems listed.
      await repo.insertIssues(
        db,
        districtId,
        batchId,
        (await repo.maxIssueSeq(db, districtId, batchId)) + 1,
        err.issues,
      );
      const errorRows = await repo.errorRowCount(db, districtId, batchId);
      const b = await repo.findBatch(db, districtId, batchId);
      await repo.updateBatch(db, districtId, batchId, {
        status: 'validated',
        failure: err.message,
        errorRows,
        validRows: (b?.totalRows ?? 0) - errorRows,
        committedRows: 0,
      });
      return;
    }
    await repo.updateBatch(db, districtId, batchId, {
      status: 'failed',
      failure: failureText(err),
      committedRows: 0,
      finishedAt: new Date(),
    });
  }
  removeImportFiles(config.dataDir, batchId);
}

/** @throws FORBIDDEN, NOT_FOUND, IMPORT_STATE (committing or finished) */
export async function cancelImport(deps: AppDeps, ctx: RequestContext, id: string): Promise<void> {
  await batchFor(deps, ctx, id);
  const done = await repo.updateBatch(
    deps.db,
    ctx.districtId,
    id,
    { status: 'cancelled', finishedAt: new Date() },
    ['validating', 'validated'],
  );
  if (!done) throw new AppError('IMPORT_STATE', '该批次正在提交或已结束，不能取消');
  await recordAudit(deps.db, ctx.audit, {
    action: 'ledger.import_cancel',
    entityType: 'import_batch',
    entityId: id,
  });
  removeImportFiles(deps.config.dataDir, id);
}

/**
 * Marks batches a crash interrupted (validating, committing) as failed and removes their files. Their
 * commit transaction rolled back with the process, so nothing of them is in the registry. Call at start-up.
 */
export async function recoverInterruptedImports(db: Database, dataDir?: string): Promise<number> {
  const rows = await repo.failInterrupted(db, '服务在导入过程中中断，未写入任何数据；请重新上传');
  if (dataDir) for (const r of rows) removeImportFiles(dataDir, r.id);
  return rows.length;
}

/**
 * Streams a ledger of the residents or chiefs at and below `nodeId`; IDs and phones masked unless
 * `unmasked` (then registry.reveal is required and the reason is audited). Every export is audited.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function exportLedger(
  deps: AppDeps,
  ctx: RequestContext,
  kind: LedgerKind,
  input: { nodeId: string; unmasked: boolean; reason: string | null },
): Promise<{ stream: PassThrough; fileName: string }> {
  const { db, crypto } = deps;
  const permissions = input.unmasked
    ? (['registry.export', 'registry.reveal'] as const)
    : (['registry.export'] as const);
  const node = await repo.findPlace(db, ctx.districtId, input.nodeId);
  requireAtNode(ctx.actor, permissions, node?.path ?? '', '区域节点');
  if (!node) throw notFound('区域节点');
  const root: PlaceNode = (await repo.communityOf(db, ctx.districtId, node.path)) ?? node;
  await recordAudit(db, ctx.audit, {
    action: 'ledger.export',
    entityType: 'territory_node',
    entityId: node.id,
    reason: input.reason,
    detail: { kind, unmasked: input.unmasked, nodeName: node.name },
  });
  const out = new PassThrough();
  const write = (s: Writable) =>
    kind === 'residents'
      ? writeResidents(db, crypto, ctx.districtId, { node, root }, input.unmasked, s, ctx.audit.actorName)
      : writeChiefs(db, crypto, ctx.districtId, node, input.unmasked, s, ctx.audit.actorName);
  track(write(out).catch((err: unknown) => out.destroy(err as Error)));
  return { stream: out, fileName: `${FILE_NAMES[kind]}-${node.name}${input.unmasked ? '-未脱敏' : ''}.xlsx` };
}
