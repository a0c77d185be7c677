import { type Kysely, sql } from 'kysely';

// A 户长's duties newest first (bench B12): rota generation looks up each 户长's last duty with one index probe
// instead of sorting the node's whole rota history, and "my duties" find the user's rows directly.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index rollcall_duty_position_day_idx on rollcall_duty (district_id, position_id, day desc, slot desc)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index rollcall_duty_position_day_idx`.execute(db);
}
