import { type Kysely, sql } from 'kysely';

// 职责代理 (AS-09): while a chief is away, a 片长/组长 above him acts for his role — notices addressed to him reach
// the deputy too — alongside the stand-ins who cover his households (household_link.covers_position_id).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table position_deputy (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      position_id uuid not null,
      deputy_position_id uuid not null,
      valid_from date not null,
      valid_to date,
      reason text check (char_length(reason) <= 200),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id),
      foreign key (district_id, deputy_position_id) references position (district_id, id),
      check (position_id <> deputy_position_id),
      check (valid_to is null or valid_to >= valid_from - 1)
    );
    create index position_deputy_position_idx on position_deputy (district_id, position_id);
    create index position_deputy_deputy_idx on position_deputy (district_id, deputy_position_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table position_deputy`.execute(db);
}
