import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-db.ts';

/** Tables without district_id, each for a stated reason (docs/decisions/003-tenancy.md). */
const GLOBAL_TABLES = new Set([
  'division', // national reference data
  'tag', // code table
  'district', // the tenants themselves
  'app_user', // login accounts; personal data lives in tenant tables
  'user_session', // auth plumbing, points at app_user
  'job_lease', // scheduler plumbing: one lease per job across all districts and server instances
  'kysely_migration',
  'kysely_migration_lock',
]);

describe('tenancy rule (DESIGN.md "Tenancy")', async () => {
  const { db } = await createTestDatabase();

  it('every tenant table has district_id first in its primary key', async () => {
    const { rows } = await sql<{ tableName: string; firstPk: string | null }>`
      select c.relname as table_name,
        (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indrelid = c.oid and i.indisprimary) as first_pk
      from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = 'public' and c.relkind = 'r'`.execute(db);
    expect(rows.length).toBeGreaterThan(10);
    const broken = rows
      .filter((r) => !GLOBAL_TABLES.has(r.tableName) && r.firstPk !== 'district_id')
      .map((r) => r.tableName);
    expect(broken).toEqual([]);
  });

  it('every foreign key between tenant tables carries district_id', async () => {
    const { rows } = await sql<{ fromTable: string; toTable: string; cols: string[]; name: string }>`
      select con.conname as name, src.relname as from_table, dst.relname as to_table,
        array(select a.attname::text from unnest(con.conkey) k join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k) as cols
      from pg_constraint con
      join pg_class src on src.oid = con.conrelid
      join pg_class dst on dst.oid = con.confrelid
      join pg_namespace ns on ns.oid = src.relnamespace
      where con.contype = 'f' and ns.nspname = 'public'`.execute(db);
    const broken = rows
      .filter((r) => !GLOBAL_TABLES.has(r.fromTable) && !GLOBAL_TABLES.has(r.toTable))
      .filter((r) => r.cols[0] !== 'district_id')
      .map((r) => `${r.fromTable} → ${r.toTable} (${r.name})`);
    expect(broken).toEqual([]);
  });
});
