import { type Kysely, sql } from 'kysely';

// Cases (民情诉求, research/domain.md §5.1). "case" is an SQL keyword, hence the quotes in raw SQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_category (
      district_id text not null references district(id),
      code text not null check (code ~ '^[a-z_.]{1,40}$'),
      parent_code text,
      name text not null check (char_length(name) between 1 and 30),
      default_urgency text not null default 'normal' check (default_urgency in ('normal', 'urgent', 'critical')),
      sign_limit_hours integer not null default 24 check (sign_limit_hours between 1 and 720),
      handle_limit integer not null check (handle_limit between 1 and 60),
      handle_unit text not null default 'working_days'
        check (handle_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      sort smallint not null default 0,
      primary key (district_id, code),
      foreign key (district_id, parent_code) references case_category (district_id, code)
    );

    create table case_counter (
      district_id text not null,
      community_id uuid not null,
      day date not null,
      last_value integer not null default 0,
      primary key (district_id, community_id, day),
      foreign key (district_id, community_id) references territory_node (district_id, id)
    );

    create table "case" (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      case_no text not null,
      community_id uuid not null,
      node_id uuid not null,
      node_path ltree not null,
      household_id uuid,
      category_code text not null,
      channel text not null check (channel in ('resident_app', 'proxy', 'suggestion_box', 'phone', 'wechat',
        'patrol', 'meeting', 'hotline_12345')),
      urgency text not null check (urgency in ('normal', 'urgent', 'critical')),
      title text not null check (char_length(title) between 1 and 60),
      description text not null check (char_length(description) between 1 and 1000),
      -- Who filled in the form (the resident herself or her proxy); the idempotency key is unique per submitter.
      submitted_by uuid not null references app_user(id),
      reporter_user_id uuid references app_user(id),
      reporter_resident_id uuid,
      proxy_user_id uuid references app_user(id),
      contact_name text check (char_length(contact_name) <= 50),
      contact_phone_enc bytea,
      contact_phone_masked text,
      state text not null check (state in ('SUBMITTED', 'ACCEPTED', 'TRIAGE', 'NOT_ACCEPTED', 'DISPATCHED',
        'IN_PROGRESS', 'EXTENSION_PENDING', 'PARKED', 'TO_DELIBERATION', 'ESCALATED', 'VERIFYING',
        'AWAITING_CONFIRMATION', 'CLOSED', 'REOPENED', 'WITHDRAWN', 'MERGED')),
      handled_locally boolean not null default false,
      first_responder_position_id uuid,
      assignee_position_id uuid,
      assignee_user_id uuid references app_user(id),
      handler_user_id uuid references app_user(id),
      handler_name text check (char_length(handler_name) <= 50),
      handler_contact text check (char_length(handler_contact) <= 50),
      escalated_platform text check (char_length(escalated_platform) <= 50),
      node_started_at timestamptz not null default now(),
      due_at timestamptz,
      due_unit text check (due_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      overall_due_at timestamptz,
      handle_limit integer not null,
      handle_unit text not null check (handle_unit in ('natural_hours', 'natural_days', 'working_hours', 'working_days')),
      sla_level smallint not null default 0 check (sla_level in (0, 50, 80, 100)),
      escalation_level smallint not null default 0 check (escalation_level between 0 and 3),
      extension_days_total integer not null default 0 check (extension_days_total between 0 and 15),
      extension_requested_days integer check (extension_requested_days between 1 and 15),
      return_count integer not null default 0,
      rework_count integer not null default 0,
      reply text check (char_length(reply) <= 500),
      reply_at timestamptz,
      resolved boolean,
      satisfaction smallint check (satisfaction between 1 and 5),
      is_proxy_rating boolean,
      rated_at timestamptz,
      rating_round integer not null default 0,
      rating_reminded_at timestamptz,
      merged_into uuid,
      parked_review_on date,
      reopen_count integer not null default 0,
      idempotency_key text check (char_length(idempotency_key) <= 80),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      closed_at timestamptz,
      primary key (district_id, id),
      unique (district_id, case_no),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      foreign key (district_id, household_id) references household (district_id, id),
      foreign key (district_id, reporter_resident_id) references resident (district_id, id),
      foreign key (district_id, category_code) references case_category (district_id, code),
      foreign key (district_id, first_responder_position_id) references position (district_id, id),
      foreign key (district_id, assignee_position_id) references position (district_id, id),
      foreign key (district_id, merged_into) references "case" (district_id, id)
    );
    create unique index case_idempotency_idx on "case" (district_id, submitted_by, idempotency_key)
      where idempotency_key is not null;
    create index case_assignee_user_idx on "case" (district_id, assignee_user_id, updated_at desc)
      where assignee_user_id is not null;
    create index case_assignee_position_idx on "case" (district_id, assignee_position_id, updated_at desc)
      where assignee_position_id is not null;
    create index case_handler_idx on "case" (district_id, handler_user_id) where handler_user_id is not null;
    create index case_reporter_idx on "case" (district_id, reporter_user_id, created_at desc);
    create index case_proxy_idx on "case" (district_id, proxy_user_id, created_at desc) where proxy_user_id is not null;
    create index case_board_idx on "case" (district_id, community_id, state, updated_at desc);
    create index case_node_path_idx on "case" using gist (node_path);
    -- SLA sweeps scan every district's open cases by due date.
    create index case_sla_idx on "case" (due_at)
      where due_at is not null and state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED');
    create index case_rating_due_idx on "case" (district_id, node_started_at) where state = 'AWAITING_CONFIRMATION';

    create table case_event (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      at timestamptz not null default clock_timestamp(),
      actor_user_id uuid references app_user(id),
      actor_name text,
      action text not null,
      from_state text,
      to_state text,
      note text check (char_length(note) <= 1000),
      detail jsonb not null default '{}',
      primary key (district_id, id),
      foreign key (district_id, case_id) references "case" (district_id, id)
    );
    create index case_event_case_idx on case_event (district_id, case_id, at);

    create table case_rating (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      round integer not null,
      resolved boolean not null,
      satisfaction smallint not null check (satisfaction between 1 and 5),
      is_proxy_rating boolean not null,
      rated_by_user_id uuid references app_user(id),
      comment text check (char_length(comment) <= 500),
      rated_at timestamptz not null default now(),
      primary key (district_id, id),
      unique (district_id, case_id, round),
      foreign key (district_id, case_id) references "case" (district_id, id)
    );

    -- Uploaded before the case or action that uses them, so case_id and event_id start empty.
    create table case_attachment (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      case_id uuid,
      event_id uuid,
      uploaded_by uuid not null references app_user(id),
      file_name text not null check (char_length(file_name) <= 200),
      mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
      size integer not null check (size > 0),
      stored_path text not null,
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, case_id) references "case" (district_id, id),
      foreign key (district_id, event_id) references case_event (district_id, id)
    );
    create index case_attachment_case_idx on case_attachment (district_id, case_id) where case_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table case_attachment, case_rating, case_event, "case", case_counter, case_category`.execute(
    db,
  );
}
