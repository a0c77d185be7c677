import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence territory_node_no_seq;

    create table territory_node (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      node_no bigint not null default nextval('territory_node_no_seq'),
      parent_id uuid,
      level text not null check (level in ('district', 'subdistrict', 'community', 'natural_village', 'area', 'grid',
        'resident_group', 'estate', 'building_cluster', 'building', 'unit', 'dwelling')),
      code text not null,
      name text not null check (char_length(name) between 1 and 100),
      path ltree not null,
      sort_key text not null default '',
      valid_from date not null default current_date,
      valid_to date,
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, parent_id) references territory_node (district_id, id),
      unique (district_id, code),
      unique (node_no)
    );
    create index territory_node_path_idx on territory_node using gist (path);
    create index territory_node_parent_idx on territory_node (district_id, parent_id);

    -- Generated codes below community level are never reused: each (community, level) counts up forever.
    create table code_counter (
      district_id text not null references district(id),
      scope text not null,
      last_value integer not null default 0,
      primary key (district_id, scope)
    );

    create table level_template (
      district_id text not null,
      community_id uuid not null,
      levels jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (district_id, community_id),
      foreign key (district_id, community_id) references territory_node (district_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table level_template, code_counter, territory_node; drop sequence territory_node_no_seq`.execute(
    db,
  );
}
