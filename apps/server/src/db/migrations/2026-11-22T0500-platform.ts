import { type Kysely, sql } from 'kysely';

// Global reference tables (division, tag) and auth plumbing (app_user, user_session) carry no district_id;
// every other table is a tenant table keyed (district_id, …). See docs/decisions/003-tenancy.md.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists ltree;
    create extension if not exists pg_trgm;

    create table division (
      code text primary key check (code ~ '^[0-9]{2,12}$'),
      name text not null,
      level smallint not null check (level between 1 and 5),
      parent_code text,
      full_name text not null
    );
    create index division_parent_idx on division (parent_code);
    create index division_code_prefix_idx on division (code text_pattern_ops);

    create table district (
      id text primary key check (id ~ '^[0-9]{6}$') references division(code),
      name text not null,
      full_name text not null,
      created_at timestamptz not null default now()
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null check (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
      display_name text not null check (char_length(display_name) between 1 and 50),
      password_hash text not null,
      is_superuser boolean not null default false,
      home_district_id text references district(id),
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index app_user_username_idx on app_user (lower(username));

    create table user_session (
      id text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      district_id text references district(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index user_session_user_idx on user_session (user_id);

    create table audit_log (
      district_id text not null references district(id),
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor_user_id uuid references app_user(id),
      actor_name text not null,
      action text not null,
      entity_type text not null,
      entity_id text,
      outcome text not null check (outcome in ('success', 'denied', 'failed')),
      reason text,
      detail jsonb not null default '{}',
      request_id text,
      ip text,
      primary key (district_id, id)
    );
    create index audit_log_at_idx on audit_log (district_id, at desc);
    create index audit_log_entity_idx on audit_log (district_id, entity_type, entity_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log, user_session, app_user, district, division`.execute(db);
}
