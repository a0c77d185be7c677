import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ImportBatch, ImportMode, MAX_IMPORT_BYTES } from '@gongzhi/contract/ledgers';
import {
  cancelImport,
  commitImport,
  getImport,
  listImportIssues,
  startImport,
  uploadTarget,
} from '../../modules/ledgers/index.ts';
import { findNodeByCode } from '../../modules/territory/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { CliEnv } from '../cli-env.ts';

const USAGE =
  '用法：gongzhi import residents 文件.xlsx --community 社区代码 [--mode valid_only|all_or_nothing]';

/** Prints what the batch is doing once a second until `until` settles. */
async function withProgress<T>(
  env: CliEnv,
  read: () => Promise<{ status: string; processedRows: number; committedRows: number }>,
  until: Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    read()
      .then((b) =>
        env.out.write(
          b.status === 'committing'
            ? `  已写入 ${b.committedRows} 行…\n`
            : `  已校验 ${b.processedRows} 行…\n`,
        ),
      )
      .catch(() => {});
  }, 1000);
  try {
    return await until;
  } finally {
    clearInterval(timer);
  }
}

/** Null for an unknown option or a missing value, which parseArgs would otherwise throw as a stack trace. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { community: { type: 'string' }, mode: { type: 'string', default: 'all_or_nothing' } },
    });
  } catch {
    return null;
  }
}

/** `gongzhi import residents FILE --community CODE [--mode …]`: validate, list row errors, commit. */
export async function run(args: string[], env: CliEnv): Promise<number> {
  const parsed = parseOptions(args);
  const code = parsed?.values.community ?? '';
  const mode = ImportMode.safeParse(parsed?.values.mode);
  if (parsed?.positionals.length !== 1 || !/^\d{12}$/.test(code) || !mode.success) {
    env.err.write(`${USAGE}\n`);
    return 2;
  }
  const file = path.resolve(parsed.positionals[0]!);
  if (!fs.existsSync(file)) {
    env.err.write(`找不到文件：${file}\n`);
    return 2;
  }
  if (fs.statSync(file).size > MAX_IMPORT_BYTES) {
    env.err.write(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB 上限，请拆分后分别导入\n`);
    return 1;
  }
  const { deps } = env;
  const districtId = code.slice(0, 6);
  const community = await findNodeByCode(deps.db, districtId, code);
  if (community?.level !== 'community') {
    env.err.write(`系统中没有代码为 ${code} 的社区\n`);
    return 1;
  }
  try {
    const ctx = await env.contextFor(districtId);
    const batchId = randomUUID();
    fs.copyFileSync(file, uploadTarget(deps, batchId));
    env.out.write(`正在校验 ${path.basename(file)}…\n`);
    const started = await startImport(deps, ctx, {
      batchId,
      kind: 'residents',
      communityId: community.id,
      fileName: path.basename(file),
    });
    const validated = await withProgress(env, () => getImport(deps, ctx, batchId), started.validated);
    env.out.write(
      `共 ${validated.totalRows} 行：无误 ${validated.validRows} 行，有错误 ${validated.errorRows} 行\n`,
    );
    if (validated.status === 'failed') {
      env.err.write(`校验失败：${validated.failure}\n`);
      return 1;
    }
    const issues = await listImportIssues(deps, ctx, batchId, undefined, 50);
    for (const i of issues.items)
      env.err.write(
        `  第 ${i.rowNo} 行【${i.column}】${i.severity === 'warning' ? '提示：' : ''}${i.message}\n`,
      );
    if (issues.nextCursor) env.err.write('  …（仅显示前 50 条）\n');
    let committed: Promise<ImportBatch>;
    try {
      ({ committed } = await commitImport(deps, ctx, batchId, mode.data));
    } catch (err) {
      // Nobody returns to a refused command-line batch: cancel it so its files do not linger in data/.
      if (err instanceof AppError) await cancelImport(deps, ctx, batchId).catch(() => {});
      if (err instanceof AppError && mode.data === 'all_or_nothing' && validated.errorRows > 0) {
        env.err.write(
          `有 ${validated.errorRows} 行存在错误，未写入任何数据；请修改后重新导入，或加 --mode valid_only 只导入无误的行\n`,
        );
        return 1;
      }
      throw err;
    }
    const final = await withProgress(env, () => getImport(deps, ctx, batchId), committed);
    if (final.status !== 'committed') {
      env.err.write(`导入未完成：${final.failure}\n`);
      return 1;
    }
    env.out.write(`已导入 ${final.committedRows} 位居民（批次 ${batchId}）\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    env.err.write(`${err.message}\n`);
    return 1;
  }
}
