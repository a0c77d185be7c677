import { migrateToLatest } from '../../platform/db/migrate.ts';
import type { CliEnv } from '../cli-env.ts';

/** `gongzhi migrate`: brings the schema up to date and exits (opening the database has usually done it already). */
export async function run(_args: string[], env: CliEnv): Promise<number> {
  const applied = await migrateToLatest(env.deps.db as never);
  env.out.write(applied.length > 0 ? `已应用迁移：${applied.join(', ')}\n` : '数据库结构已是最新。\n');
  return 0;
}
