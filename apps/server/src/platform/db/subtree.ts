import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * `column <@ path` as a btree range, so a plain (district_id, node_path) index serves a subtree as one range scan
 * (index-only where it covers the query) instead of a GiST probe and heap checks. Exact because territory labels
 * are `n<digits>` (ADR 004) and ltree compares label by label, a shorter label first: every descendant of `a.n5`
 * sorts between `a.n5` and `a.n50`, and nothing else does.
 */
export function inSubtree(column: RawBuilder<unknown>, path: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} >= ${path} and ${column} < (${path}::text || '0')::ltree`;
}
