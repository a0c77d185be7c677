import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Which login account reports as which resident (self-service: her household is the default subject).
    create table resident_account (
      district_id text not null,
      user_id uuid not null references app_user(id),
      resident_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (district_id, user_id),
      -- One account per resident.
      unique (district_id, resident_id),
      foreign key (district_id, resident_id) references resident (district_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table resident_account`.execute(db);
}
