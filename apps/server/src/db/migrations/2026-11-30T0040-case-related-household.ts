import { type Kysely, sql } from 'kysely';

// AS-01: the other party of a case (e.g. the upstairs household whose leak damaged the reporter's flat). It is
// told how the case ended when the case closes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table "case" add column related_household_id uuid;
    alter table "case" add foreign key (district_id, related_household_id) references household (district_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table "case" drop column related_household_id`.execute(db);
}
