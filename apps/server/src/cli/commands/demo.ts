import { parseArgs } from 'node:util';
import { loadDemo } from '../../modules/demo/index.ts';
import type { CliEnv } from '../cli-env.ts';

/** `gongzhi demo [--serve]`: loads the five seed communities unless they are loaded; the dispatcher serves after. */
export async function run(args: string[], env: CliEnv): Promise<number> {
  parseArgs({ args, options: { serve: { type: 'boolean' } } });
  const result = await loadDemo(env.deps, { onProgress: (m) => env.err.write(`${m}\n`) });
  if (result.status === 'already_loaded') env.out.write('演示数据已存在，未重复载入。\n');
  env.out.write(
    `演示登录：用户名 ${result.username}，密码 ${result.password}（另有 yucheng 邻长、yangyao 片长、xinji-grid 网格员，密码相同）\n`,
  );
  return 0;
}
