import { type Kysely, sql } from 'kysely';

// Deliberation councils and topics (协商议事, research/domain.md §2.3, §5.2).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table council (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      community_id uuid not null,
      -- A sub-council (妇女议事会) forwards its important suggestions to 两委 as topics.
      parent_id uuid,
      name text not null check (char_length(name) between 1 and 60),
      leader_position_id uuid,
      leader_name text not null check (char_length(leader_name) between 1 and 50),
      -- Regular day = the n-th ISO weekday of the month (default: first Friday).
      regular_week smallint not null default 1 check (regular_week between 1 and 4),
      regular_weekday smallint not null default 5 check (regular_weekday between 1 and 7),
      holiday_rule text not null default 'next_working_day' check (holiday_rule in ('keep', 'next_working_day')),
      -- Attendance must exceed quorum_percent of members; a vote passes when "for" exceeds majority_percent of those present.
      quorum_percent smallint not null default 50 check (quorum_percent between 1 and 99),
      majority_percent smallint not null default 50 check (majority_percent between 1 and 99),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, parent_id) references council (district_id, id),
      foreign key (district_id, leader_position_id) references position (district_id, id)
    );
    create index council_community_idx on council (district_id, community_id);

    create table council_member (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      council_id uuid not null,
      name text not null check (char_length(name) between 1 and 50),
      party text not null check (party in ('residents_committee', 'volunteer_alliance', 'property_management',
        'owners_committee', 'social_organisation', 'police', 'party_representative', 'resident_representative')),
      -- Members with an account vote online and receive the results.
      user_id uuid references app_user(id),
      active boolean not null default true,
      -- Members list in the order they were entered (several are inserted in one transaction).
      created_at timestamptz not null default clock_timestamp(),
      primary key (district_id, id),
      foreign key (district_id, council_id) references council (district_id, id)
    );
    create index council_member_council_idx on council_member (district_id, council_id);
    create unique index council_member_user_idx on council_member (district_id, council_id, user_id)
      where user_id is not null and active;

    create table council_meeting (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      council_id uuid not null,
      held_on date not null,
      note text check (char_length(note) <= 1000),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, council_id) references council (district_id, id)
    );

    create table topic (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      community_id uuid not null,
      council_id uuid,
      source text not null check (source in ('resident', 'staff', 'council_member', 'sub_council', 'case')),
      source_council_id uuid,
      source_meeting_id uuid,
      case_id uuid,
      converted_case_id uuid,
      category text not null default 'other' check (category ~ '^[a-z_.]{1,40}$'),
      title text not null check (char_length(title) between 1 and 60),
      description text not null check (char_length(description) between 1 and 2000),
      -- The units the topic affects; residents under it receive the published result.
      node_id uuid not null,
      node_path ltree not null,
      proposer_user_id uuid references app_user(id),
      proposer_name text not null check (char_length(proposer_name) between 1 and 50),
      state text not null check (state in ('PROPOSED', 'REJECTED_WITH_REPLY', 'CONVERTED_TO_CASE',
        'ACCEPTED_FOR_AGENDA', 'SCHEDULED', 'DELIBERATED', 'DECIDED', 'DEFERRED', 'IMPLEMENTING',
        'FEEDBACK_PUBLISHED', 'ARCHIVED')),
      reply text check (char_length(reply) <= 1000),
      regular_day date,
      scheduled_on date,
      holiday_conflict text check (char_length(holiday_conflict) <= 100),
      mode text check (mode in ('plenary', 'visiting', 'door_to_door', 'online')),
      vote_opens_at timestamptz,
      vote_closes_at timestamptz,
      deliberated_on date,
      deliberation_note text check (char_length(deliberation_note) <= 2000),
      member_count integer,
      present_count integer,
      outcome_kind text check (outcome_kind in ('consensus', 'vote')),
      votes_for integer,
      votes_against integer,
      votes_abstain integer,
      quorum_met boolean,
      passed boolean,
      decision text check (char_length(decision) <= 2000),
      case_outcome text check (case_outcome in ('dispatch', 'close')),
      feedback text check (char_length(feedback) <= 2000),
      decided_at timestamptz,
      published_at timestamptz,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, node_id) references territory_node (district_id, id),
      foreign key (district_id, council_id) references council (district_id, id),
      foreign key (district_id, source_council_id) references council (district_id, id),
      foreign key (district_id, source_meeting_id) references council_meeting (district_id, id),
      foreign key (district_id, case_id) references "case" (district_id, id),
      foreign key (district_id, converted_case_id) references "case" (district_id, id),
      check (vote_closes_at is null or vote_closes_at > vote_opens_at)
    );
    create index topic_board_idx on topic (district_id, community_id, state, updated_at desc);
    -- One topic per case sent to deliberation.
    create unique index topic_case_idx on topic (district_id, case_id) where case_id is not null;

    create table topic_attendance (
      district_id text not null,
      topic_id uuid not null,
      member_id uuid not null,
      present boolean not null,
      -- What this member's party said (各方意见).
      position_text text check (char_length(position_text) <= 1000),
      primary key (district_id, topic_id, member_id),
      foreign key (district_id, topic_id) references topic (district_id, id),
      foreign key (district_id, member_id) references council_member (district_id, id)
    );

    create table topic_vote (
      district_id text not null,
      topic_id uuid not null,
      member_id uuid not null,
      choice text not null check (choice in ('for', 'against', 'abstain')),
      voted_at timestamptz not null default now(),
      primary key (district_id, topic_id, member_id),
      foreign key (district_id, topic_id) references topic (district_id, id),
      foreign key (district_id, member_id) references council_member (district_id, id)
    );

    create table topic_item (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      topic_id uuid not null,
      description text not null check (char_length(description) between 1 and 500),
      implementer text not null check (char_length(implementer) between 1 and 50),
      deadline date not null,
      done_at timestamptz,
      done_note text check (char_length(done_note) <= 500),
      primary key (district_id, id),
      foreign key (district_id, topic_id) references topic (district_id, id)
    );
    create index topic_item_topic_idx on topic_item (district_id, topic_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table topic_item;
    drop table topic_vote;
    drop table topic_attendance;
    drop table topic;
    drop table council_meeting;
    drop table council_member;
    drop table council;
  `.execute(db);
}
