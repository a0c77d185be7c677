import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batch (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind in ('residents', 'chiefs')),
      community_id uuid not null,
      file_name text not null check (char_length(file_name) <= 200),
      status text not null check (status in ('validating', 'validated', 'committing', 'committed', 'failed', 'cancelled')),
      mode text check (mode in ('all_or_nothing', 'valid_only')),
      total_rows integer not null default 0,
      valid_rows integer not null default 0,
      error_rows integer not null default 0,
      committed_rows integer not null default 0,
      processed_rows integer not null default 0,
      failure text,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (district_id, id),
      foreign key (district_id, community_id) references territory_node (district_id, id)
    );

    create table import_issue (
      district_id text not null,
      batch_id uuid not null,
      seq integer not null,
      row_no integer not null,
      column_name text not null,
      message text not null,
      primary key (district_id, batch_id, seq),
      foreign key (district_id, batch_id) references import_batch (district_id, id) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table import_issue, import_batch`.execute(db);
}
