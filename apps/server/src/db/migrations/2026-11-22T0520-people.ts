import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table household (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      community_id uuid not null,
      node_id uuid not null,
      household_no text not null check (char_length(household_no) between 1 and 40),
      address text not null default '' check (char_length(address) <= 200),
      head_resident_id uuid,
      status text not null default 'active' check (status in ('active', 'moved_out')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (district_id, id),
      unique (district_id, community_id, household_no),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id)
    );
    create index household_node_idx on household (district_id, node_id);

    create table resident (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      household_id uuid not null,
      name text not null check (char_length(name) between 1 and 50),
      name_sort text not null default '',
      gender text not null check (gender in ('male', 'female', 'unknown')),
      birth_date date,
      id_no_enc bytea,
      id_no_hash bytea,
      id_no_masked text,
      phone_enc bytea,
      phone_hash bytea,
      phone_masked text,
      relation_to_head text not null default '其他' check (char_length(relation_to_head) <= 20),
      ethnicity text check (char_length(ethnicity) <= 20),
      political_status text check (char_length(political_status) <= 20),
      education text check (char_length(education) <= 20),
      residence_type text not null default 'registered'
        check (residence_type in ('registered', 'permanent', 'migrant', 'separated')),
      status text not null default 'active' check (status in ('active', 'moved_out', 'deceased')),
      note text check (char_length(note) <= 500),
      data_source text check (char_length(data_source) <= 50),
      search tsvector not null default ''::tsvector,
      import_batch_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, household_id) references household (district_id, id)
    );
    create unique index resident_id_no_idx on resident (district_id, id_no_hash) where id_no_hash is not null;
    create index resident_household_idx on resident (district_id, household_id);
    create index resident_search_idx on resident using gin (search);
    create index resident_phone_idx on resident (district_id, phone_hash) where phone_hash is not null;
    alter table household add foreign key (district_id, head_resident_id) references resident (district_id, id)
      deferrable initially deferred;

    create table resident_event (
      district_id text not null,
      id bigint generated always as identity,
      resident_id uuid not null,
      household_id uuid,
      kind text not null check (kind in ('registered', 'move_in', 'move_out', 'death', 'transfer', 'corrected')),
      occurred_on date not null,
      note text check (char_length(note) <= 500),
      actor_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, resident_id) references resident (district_id, id)
    );
    create index resident_event_resident_idx on resident_event (district_id, resident_id);

    create table tag (
      code text primary key,
      name_zh text not null,
      name_en text not null,
      is_sensitive boolean not null,
      category text not null
    );

    create table consent (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      resident_id uuid not null,
      purpose text not null check (char_length(purpose) <= 100),
      kind text not null check (kind in ('general', 'separate', 'written', 'guardian')),
      channel text not null check (channel in ('app', 'paper', 'verbal_via_proxy')),
      notice_version text not null default 'v1',
      given_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      recorded_by uuid references app_user(id),
      primary key (district_id, id),
      foreign key (district_id, resident_id) references resident (district_id, id)
    );

    create table resident_tag (
      district_id text not null,
      resident_id uuid not null,
      tag_code text not null references tag(code),
      lawful_basis text check (lawful_basis in ('consent', 'separate_consent', 'statutory_duty', 'vital_interest')),
      consent_id uuid,
      note text check (char_length(note) <= 200),
      assigned_by uuid references app_user(id),
      assigned_at timestamptz not null default now(),
      primary key (district_id, resident_id, tag_code),
      foreign key (district_id, resident_id) references resident (district_id, id),
      foreign key (district_id, consent_id) references consent (district_id, id)
    );

    insert into tag (code, name_zh, name_en, is_sensitive, category) values
      ('empty_nest', '空巢老人', 'Empty-nest elderly', false, 'care'),
      ('living_alone', '独居', 'Living alone', false, 'care'),
      ('elderly_80', '高龄', 'Aged 80+', false, 'care'),
      ('migrant', '流动人口', 'Migrant', false, 'population'),
      ('veteran', '退役军人', 'Veteran', false, 'population'),
      ('party_member', '党员', 'Party member', false, 'population'),
      ('difficult_family', '困难家庭', 'Family in difficulty', true, 'assistance'),
      ('dibao', '低保', 'Minimum living allowance', true, 'assistance'),
      ('tekun', '特困', 'Extreme poverty support', true, 'assistance'),
      ('tefu', '特扶家庭', 'Family-planning special family', true, 'assistance'),
      ('disability', '残疾', 'Disability', true, 'health'),
      ('limited_mobility', '行动不便', 'Limited mobility', true, 'health'),
      ('health_condition', '健康状况', 'Health condition', true, 'health'),
      ('left_behind_child', '留守儿童', 'Left-behind child', true, 'minor'),
      ('minor', '未成年人', 'Minor', true, 'minor');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table resident_tag, consent, tag, resident_event, resident, household cascade`.execute(db);
}
