import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { UnmaskedExportBodySchema } from '@gongzhi/contract/ledgers';
import { exportLedger } from '../../modules/ledgers/index.ts';
import { findNodeByCode } from '../../modules/territory/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { CliEnv } from '../cli-env.ts';

const USAGE =
  '用法：gongzhi export residents --community 社区代码 [--out 文件.xlsx] [--unmasked --reason 原因]';

/** Null for an unknown option or a missing value, which parseArgs would otherwise throw as a stack trace. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        community: { type: 'string' },
        out: { type: 'string' },
        unmasked: { type: 'boolean', default: false },
        reason: { type: 'string' },
      },
    });
  } catch {
    return null;
  }
}

/** `gongzhi export residents --community CODE [--out FILE] [--unmasked --reason TEXT]`. */
export async function run(args: string[], env: CliEnv): Promise<number> {
  const values = parseOptions(args)?.values;
  if (!values?.community || !/^\d{12}$/.test(values.community)) {
    env.err.write(`${USAGE}\n`);
    return 2;
  }
  if (values.out && !fs.existsSync(path.dirname(path.resolve(values.out)))) {
    env.err.write(`找不到输出目录：${path.dirname(path.resolve(values.out))}\n`);
    return 2;
  }
  const unmasked = values.unmasked === true;
  if (unmasked) {
    const check = UnmaskedExportBodySchema.shape.reason.safeParse(values.reason ?? '');
    if (!check.success) {
      env.err.write(`导出未脱敏台账须用 --reason 说明原因（5–200 字）\n`);
      return 2;
    }
  }
  const { deps } = env;
  const districtId = values.community.slice(0, 6);
  const community = await findNodeByCode(deps.db, districtId, values.community);
  if (community?.level !== 'community') {
    env.err.write(`系统中没有代码为 ${values.community} 的社区\n`);
    return 1;
  }
  try {
    const ctx = await env.contextFor(districtId);
    const { stream, fileName } = await exportLedger(deps, ctx, 'residents', {
      nodeId: community.id,
      unmasked,
      reason: unmasked ? values.reason!.trim() : null,
    });
    const target = path.resolve(values.out ?? fileName);
    try {
      await pipeline(stream, fs.createWriteStream(target));
    } catch (err) {
      // A half-written roster must not be mistaken for the whole one.
      fs.rmSync(target, { force: true });
      throw err;
    }
    env.out.write(`已导出到 ${target}${unmasked ? '（未脱敏，已记入审计）' : '（身份证号、电话已脱敏）'}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    env.err.write(`${err.message}\n`);
    return 1;
  }
}
