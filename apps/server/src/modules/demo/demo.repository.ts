import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';

/** Multi-row inserts of this many rows keep each statement well under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

export async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Serialises concurrent demo loads (CLI and setup page at once); held until the transaction ends. */
export async function lockDemo(trx: Tx, alsoSetup: boolean): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('gongzhi-demo'))`.execute(trx);
  // The same lock as first-run setup, so that setup and the demo cannot both claim a fresh install.
  if (alsoSetup) await sql`select pg_advisory_xact_lock(hashtext('gongzhi-setup'))`.execute(trx);
}

export async function anyUserExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function districtNodeId(db: Executor, districtId: string) {
  return db
    .selectFrom('territoryNode')
    .select('id')
    .where('districtId', '=', districtId)
    .where('level', '=', 'district')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}
