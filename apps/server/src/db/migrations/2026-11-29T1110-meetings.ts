import { type Kysely, sql } from 'kysely';

// Meetings (会议) with invitees, attendance and suggestions; the 早点名会 roll-call rota; per-user calendar feeds.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table meeting (
      district_id text not null references district(id),
      id uuid not null default gen_random_uuid(),
      series_id uuid,
      node_id uuid not null,
      node_path ltree not null,
      kind text not null check (kind in ('roll_call', 'chiefs_monthly', 'chiefs_yearend', 'council', 'women_council',
        'party_lesson', 'revitalisation_lecture', 'party_forum')),
      title text not null check (char_length(title) between 1 and 100),
      place text not null check (char_length(place) between 1 and 100),
      organiser_user_id uuid not null references app_user(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      agenda jsonb not null default '[]',
      recurrence jsonb,
      urgent_reason text check (char_length(urgent_reason) <= 200),
      check_in_token text not null unique,
      check_in_code text not null check (check_in_code ~ '^[0-9]{6}$'),
      minutes text check (char_length(minutes) <= 20000),
      decisions jsonb not null default '[]',
      minutes_saved_at timestamptz,
      feedback_completed_at timestamptz,
      reminded_at timestamptz,
      cancelled_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      check (ends_at > starts_at)
    );
    create index meeting_starts_idx on meeting (district_id, starts_at);
    create index meeting_path_idx on meeting using gist (node_path);
    create index meeting_series_idx on meeting (district_id, series_id) where series_id is not null;
    create index meeting_remind_idx on meeting (starts_at) where reminded_at is null and cancelled_at is null;

    create table meeting_invitee (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      meeting_id uuid not null,
      user_id uuid references app_user(id),
      position_id uuid,
      name text not null check (char_length(name) between 1 and 50),
      attendance text check (attendance in ('attended', 'absent')),
      checked_in_via text check (checked_in_via in ('qr', 'code', 'organiser')),
      checked_in_at timestamptz,
      primary key (district_id, id),
      foreign key (district_id, meeting_id) references meeting (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id)
    );
    create unique index meeting_invitee_user_idx on meeting_invitee (district_id, meeting_id, user_id)
      where user_id is not null;
    create index meeting_invitee_meeting_idx on meeting_invitee (district_id, meeting_id);
    create index meeting_invitee_of_user_idx on meeting_invitee (district_id, user_id);

    create table meeting_suggestion (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      meeting_id uuid not null,
      seq integer not null,
      content text not null check (char_length(content) between 1 and 2000),
      raised_by text check (char_length(raised_by) <= 50),
      owner_user_id uuid not null references app_user(id),
      due_on date not null,
      reply text check (char_length(reply) <= 2000),
      replied_at timestamptz,
      replied_by uuid references app_user(id),
      reminded_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, meeting_id) references meeting (district_id, id),
      unique (district_id, meeting_id, seq)
    );
    create index meeting_suggestion_due_idx on meeting_suggestion (due_on) where reply is null and reminded_at is null;
    create index meeting_suggestion_owner_idx on meeting_suggestion (district_id, owner_user_id);

    create table calendar_feed (
      district_id text not null references district(id),
      user_id uuid not null references app_user(id),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      primary key (district_id, user_id)
    );

    create table rollcall_rota (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      node_id uuid not null,
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      per_day smallint not null check (per_day between 1 and 20),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      unique (district_id, node_id, month)
    );

    create table rollcall_duty (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      rota_id uuid not null,
      node_id uuid not null,
      day date not null,
      slot smallint not null,
      position_id uuid not null,
      substitute_position_id uuid,
      substitute_reason text check (char_length(substitute_reason) <= 200),
      status text not null default 'scheduled' check (status in ('scheduled', 'attended', 'absent', 'substituted')),
      checked_in_at timestamptz,
      reminded_at timestamptz,
      primary key (district_id, id),
      foreign key (district_id, rota_id) references rollcall_rota (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id),
      foreign key (district_id, substitute_position_id) references position (district_id, id),
      unique (district_id, rota_id, day, slot),
      check (status <> 'substituted' or substitute_position_id is not null)
    );
    create index rollcall_duty_node_day_idx on rollcall_duty (district_id, node_id, day);
    create index rollcall_duty_remind_idx on rollcall_duty (day) where reminded_at is null;

    create table rollcall_leave (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      position_id uuid not null,
      from_day date not null,
      to_day date not null,
      reason text check (char_length(reason) <= 200),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id),
      check (to_day >= from_day)
    );
    create index rollcall_leave_position_idx on rollcall_leave (district_id, position_id, from_day);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rollcall_leave, rollcall_duty, rollcall_rota, calendar_feed, meeting_suggestion,
    meeting_invitee, meeting`.execute(db);
}
