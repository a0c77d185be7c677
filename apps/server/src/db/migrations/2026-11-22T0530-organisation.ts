import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table party_org (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      org_no bigint generated always as identity,
      parent_id uuid,
      kind text not null check (kind in ('committee', 'general_branch', 'branch', 'group')),
      name text not null check (char_length(name) between 1 and 100),
      node_id uuid,
      path ltree not null,
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, parent_id) references party_org (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id)
    );
    create index party_org_path_idx on party_org using gist (path);

    create table party_member (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      resident_id uuid,
      name text not null check (char_length(name) between 1 and 50),
      kind text not null check (kind in ('community', 'in_service', 'mobile')),
      employer text check (char_length(employer) <= 100),
      post_rank smallint,
      joined_on date,
      status text not null default 'active' check (status in ('active', 'transferred')),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, org_id) references party_org (district_id, id),
      foreign key (district_id, resident_id) references resident (district_id, id)
    );
    create index party_member_org_idx on party_member (district_id, org_id);

    create table position (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      node_id uuid not null,
      kind text not null check (kind in ('admin', 'secretary', 'director', 'committee_member', 'area_chief',
        'group_chief', 'neighbour_chief', 'household_chief', 'grid_chief', 'grid_worker', 'building_chief',
        'team_leader', 'cadre', 'party_linker')),
      holder_name text not null check (char_length(holder_name) between 1 and 50),
      holder_resident_id uuid,
      holder_user_id uuid references app_user(id),
      party_member_id uuid,
      identity text check (char_length(identity) <= 20),
      phone_enc bytea,
      phone_masked text,
      origin text not null default 'appointed' check (origin in ('elected', 'self_nominated', 'appointed')),
      valid_from date not null default current_date,
      valid_to date,
      note text check (char_length(note) <= 200),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      foreign key (district_id, holder_resident_id) references resident (district_id, id),
      foreign key (district_id, party_member_id) references party_member (district_id, id)
    );
    create index position_node_idx on position (district_id, node_id);
    create index position_user_idx on position (holder_user_id) where holder_user_id is not null;

    create table household_link (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      position_id uuid not null,
      household_id uuid not null,
      valid_from date not null default current_date,
      valid_to date,
      covers_position_id uuid,
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id),
      foreign key (district_id, household_id) references household (district_id, id),
      foreign key (district_id, covers_position_id) references position (district_id, id),
      check (valid_to is null or valid_to >= valid_from)
    );
    create index household_link_position_idx on household_link (district_id, position_id);
    create index household_link_household_idx on household_link (district_id, household_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table household_link, position, party_member, party_org`.execute(db);
}
