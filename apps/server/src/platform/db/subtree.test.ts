import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-db.ts';
import { createDb } from './database.ts';
import { inSubtree } from './subtree.ts';

const { url } = await createTestDatabase();
const db = createDb(url, { max: 1 });
afterAll(() => db.destroy());

// Neighbours that share a prefix with n5 as text (n50, n51, n5x…) or sort right next to it.
const PATHS = [
  'n1',
  'n1.n4',
  'n1.n4.n5',
  'n1.n5',
  'n1.n5.n7',
  'n1.n5.n7.n99',
  'n1.n5.n50',
  'n1.n50',
  'n1.n50.n5',
];
const more = [
  'n1.n51',
  'n1.n6',
  'n1.n5.n1',
  'n2.n5',
  'n1.n49',
  'n1.n500',
  'n1.n59.n5',
  'n10.n5',
  'n1.n5.n5.n5',
];

describe('inSubtree', () => {
  it('selects exactly what <@ selects, for every path as the root', async () => {
    const all = [...PATHS, ...more];
    for (const root of all) {
      const { rows } = await sql<{ byRange: string[]; byGist: string[] }>`
        with p(path) as (select unnest(${all}::ltree[]))
        select
          coalesce(array_agg(path::text order by path) filter (where ${inSubtree(sql`path`, sql`${root}::ltree`)}), '{}') as "byRange",
          coalesce(array_agg(path::text order by path) filter (where path <@ ${root}::ltree), '{}') as "byGist"
        from p`.execute(db);
      expect(rows[0]!.byRange, root).toEqual(rows[0]!.byGist);
      expect(rows[0]!.byGist.length, root).toBeGreaterThan(0);
    }
  });
});
