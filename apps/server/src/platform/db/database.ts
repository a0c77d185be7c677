import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from '../../db/db.generated.ts';
import { BUSINESS_TIME_ZONE } from '../business-time.ts';

// int8 counts fit in a double for every figure we report; dates stay strings so no time zone shifts them.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** A repository method accepts either the pool or the caller's transaction. */
export type Executor = Database | Tx;

const pools = new WeakMap<Database, pg.Pool>();

export function createDb(url: string, options: { max?: number } = {}): Database {
  // Sessions run in business time, so `current_date` is the community's calendar day (platform/business-time.ts).
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'gongzhi',
    options: `-c TimeZone=${BUSINESS_TIME_ZONE}`,
  });
  // An idle connection dropped by the server (shutdown, restart) must not crash the process; the pool reconnects.
  pool.on('error', (err) =>
    process.stderr.write(`数据库连接中断 / database connection lost: ${err.message}\n`),
  );
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  pools.set(db, pool);
  return db;
}

/** Runs `fn` inside one transaction on a raw pg client: for COPY, which Kysely does not speak. */
export async function withRawTransaction<T>(
  db: Database,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const pool = pools.get(db);
  if (!pool) throw new Error('database was not created by createDb');
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Creates `name` (UTF-8, C.UTF-8 ctype so pg_trgm sees Chinese) when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(
        `create database ${client.escapeIdentifier(name)} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
      );
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function serverVersion(db: Database): Promise<string> {
  const { rows } = await sql<{ serverVersion: string }>`show server_version`.execute(db);
  return rows[0]?.serverVersion ?? 'unknown';
}
