import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDb, type Database } from '../src/platform/db/database.ts';
import { withDatabase } from './global-setup.ts';

/** A fresh database cloned from the migrated template, dropped after the file's tests. */
export async function createTestDatabase(): Promise<{ db: Database; url: string }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `gz_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject('pgTemplate')}" strategy file_copy`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 5 });
  afterAll(async () => {
    await db.destroy();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  });
  return { db, url };
}
