import { type Kysely, sql } from 'kysely';

// Open311 GeoReport v2 for the 12345 hotline: API keys per district, and where each hotline case came from.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open311_api_key (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 50),
      -- sha256 (hex) of the secret; the secret itself is shown once, at creation.
      key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
      -- The last characters of the secret, so a list can show which key is which.
      key_hint text not null check (char_length(key_hint) <= 8),
      -- The key's own account (no password can match): cases it files name it as submitter, like a proxy clerk.
      user_id uuid not null references app_user(id),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (district_id, id),
      unique (district_id, key_hash)
    );

    create table open311_request (
      district_id text not null,
      case_id uuid not null,
      api_key_id uuid not null,
      address_string text check (char_length(address_string) <= 200),
      lat double precision check (lat between -90 and 90),
      long double precision check (long between -180 and 180),
      email_enc bytea,
      created_at timestamptz not null default now(),
      primary key (district_id, case_id),
      foreign key (district_id, case_id) references "case" (district_id, id),
      foreign key (district_id, api_key_id) references open311_api_key (district_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table open311_request, open311_api_key`.execute(db);
}
