import { type Kysely, sql } from 'kysely';

// Active households of a subtree as one btree range (platform/db/subtree.ts, bench B5a): the count is an
// index-only scan instead of a GiST probe plus a heap check of each household's status.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index household_active_path_idx on household (district_id, node_path) where status = 'active'
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index household_active_path_idx`.execute(db);
}
