import { type Kysely, sql } from 'kysely';

// Span checks of the chiefs' roster (AS-12) are warnings: shown beside row errors, never blocking a commit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table import_issue add column severity text not null default 'error' check (severity in ('error', 'warning'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_issue drop column severity`.execute(db);
}
