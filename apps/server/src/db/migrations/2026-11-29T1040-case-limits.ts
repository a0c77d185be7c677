import { type Kysely, sql } from 'kysely';

// Editable case categories and per-community time limits (research/domain.md §5.1). A category in use is
// retired, never deleted; its code stays taken, so the primary key alone forbids reuse.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table case_category
      add column is_retired boolean not null default false,
      add column triage_limit integer not null default 1 check (triage_limit between 1 and 60),
      add column triage_unit text not null default 'working_days'
        check (triage_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      add column updated_by uuid references app_user(id),
      add column updated_at timestamptz not null default now();

    -- A null limit inherits the category's; a row with every limit null is deleted instead.
    create table case_limit_override (
      district_id text not null,
      community_id uuid not null,
      category_code text not null,
      sign_limit_hours integer check (sign_limit_hours between 1 and 720),
      triage_limit integer check (triage_limit between 1 and 60),
      triage_unit text check (triage_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      handle_limit integer check (handle_limit between 1 and 60),
      handle_unit text check (handle_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      updated_by uuid not null references app_user(id),
      updated_at timestamptz not null default now(),
      primary key (district_id, community_id, category_code),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, category_code) references case_category (district_id, code),
      check ((triage_limit is null) = (triage_unit is null)),
      check ((handle_limit is null) = (handle_unit is null))
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table case_limit_override;
    alter table case_category
      drop column is_retired, drop column triage_limit, drop column triage_unit,
      drop column updated_by, drop column updated_at;
  `.execute(db);
}
