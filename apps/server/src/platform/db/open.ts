import type { Config } from '../config.ts';
import { createFieldCrypto, loadMasterSecret } from '../crypto.ts';
import type { AppDeps } from '../deps.ts';
import { ensureDivisions } from '../reference/divisions.ts';
import { createDb, ensureDatabase, serverVersion } from './database.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in the data directory; then migrates and
 * starts loading the national divisions in the background.
 */
export async function openDatabase(
  config: Config,
  log: (m: string) => void,
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const url = config.databaseUrl ?? (await ensureDatabase(embedded!.url, 'gongzhi'));
    const db = createDb(url);
    const applied = await migrateToLatest(db as never);
    if (applied.length > 0) log(`数据库已迁移：${applied.join(', ')}`);
    const divisionsReady = ensureDivisions(db, log);
    divisionsReady.catch((err: unknown) => log(`区划代码导入失败：${String(err)}`));
    const deps: AppDeps = {
      db,
      config,
      crypto: createFieldCrypto(loadMasterSecret(config.secret, config.dataDir)),
      database: { kind: embedded ? 'embedded' : 'external', version: await serverVersion(db) },
      divisionsReady,
    };
    return {
      deps,
      async close() {
        await divisionsReady.catch(() => {});
        await db.destroy();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
