import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../src/platform/config.ts';
import { createDb } from '../src/platform/db/database.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/platform/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { ensureDivisions } from '../src/platform/reference/divisions.ts';

/**
 * Starts one PostgreSQL for the whole run and prepares a migrated template database (national divisions
 * included) that each test file clones. GONGZHI_TEST_PG picks the server: `embedded` (default, the npm
 * package's binaries), `system` (Debian's PostgreSQL 15), or a postgres:// URL. GONGZHI_TEST_PG_DIR moves
 * the cluster's folder, so that two runs at once each have their own.
 */
export default async function setup(project: TestProject) {
  const choice = process.env.GONGZHI_TEST_PG ?? 'embedded';
  let server: EmbeddedPostgres | null = null;
  let adminUrl: string;
  if (choice.startsWith('postgres')) {
    adminUrl = choice;
  } else {
    const binDir = choice === 'system' ? '/usr/lib/postgresql/15/bin' : undefined;
    server = await startEmbeddedPostgres({
      dataDir: path.resolve(
        process.env.GONGZHI_TEST_PG_DIR ?? path.join(repoRoot, '.tmp', `test-pg-${choice}`),
      ),
      ...(binDir ? { binDir } : {}),
      log: () => {},
    });
    adminUrl = server.url;
  }
  const template = `gongzhi_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
  if (exists.rowCount === 0) {
    const stale = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'gongzhi_template_%' or datname like 'gz_test_%'",
    );
    for (const { datname } of stale.rows)
      await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(
      `create database "${template}" template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
    );
    const url = withDatabase(adminUrl, template);
    const db = createDb(url, { max: 2 });
    await migrateToLatest(db as never);
    await ensureDivisions(db);
    await db.destroy();
  }
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgKind', choice.startsWith('postgres') ? 'external' : choice);
  return async () => {
    await server?.stop();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function migrationsHash(): string {
  const dir = path.join(import.meta.dirname, '../src/db/migrations');
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgKind: string;
  }
}
