import { type Kysely, sql } from 'kysely';

// notification and outbox_message are tenant tables; job_lease is global scheduler plumbing (one row per job).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      recipient_user_id uuid not null references app_user(id),
      event text not null check (char_length(event) between 1 and 100),
      title text not null check (char_length(title) between 1 and 200),
      body text not null check (char_length(body) <= 2000),
      link text check (char_length(link) <= 500),
      entity_type text check (char_length(entity_type) <= 50),
      entity_id text check (char_length(entity_id) <= 100),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (district_id, id)
    );
    create index notification_inbox_idx on notification (district_id, recipient_user_id, created_at desc, id desc);
    create index notification_unread_idx on notification (district_id, recipient_user_id) where read_at is null;

    create table outbox_message (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      notification_id uuid not null,
      channel text not null check (channel in ('sms', 'wechat')),
      recipient_user_id uuid not null references app_user(id),
      recipient_enc bytea not null,
      recipient_masked text not null,
      body text not null check (char_length(body) <= 2000),
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts smallint not null default 0,
      next_attempt_at timestamptz not null default now(),
      delivered_via text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      error text,
      primary key (district_id, id),
      foreign key (district_id, notification_id) references notification (district_id, id)
    );
    create index outbox_message_pending_idx on outbox_message (district_id, next_attempt_at) where status = 'pending';
    create index outbox_message_list_idx on outbox_message (district_id, created_at desc, id desc);

    create table job_lease (
      name text primary key,
      holder text,
      lease_until timestamptz not null default '-infinity',
      next_run_at timestamptz not null default '-infinity',
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_error text
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_lease, outbox_message, notification`.execute(db);
}
