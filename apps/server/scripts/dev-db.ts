// Starts the embedded PostgreSQL of ./data, migrates, and prints the URL; for db:codegen and manual checks.

import { loadConfig } from '../src/platform/config.ts';
import { createDb, ensureDatabase } from '../src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { ensureDivisions } from '../src/platform/reference/divisions.ts';

const config = loadConfig();
const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
const url = await ensureDatabase(pg.url, 'gongzhi');
const db = createDb(url);
console.log('migrated', await migrateToLatest(db as never));
const t = Date.now();
console.log('divisions', await ensureDivisions(db, console.log), Date.now() - t, 'ms');
await db.destroy();
console.log(url);
if (process.argv.includes('--stop')) await pg.stop();
else await new Promise(() => {});
