import { type Kysely, sql } from 'kysely';

// 述职 of 户长/邻长 with evaluation (research/domain.md §5.3, AS-14) and party lessons with scores (AS-25).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Per community: the grade scale (best first) and the day of the month reports fall due.
    create table duty_setting (
      district_id text not null,
      community_id uuid not null,
      grades jsonb not null default '["优秀", "良好", "合格", "不合格"]',
      due_day smallint not null default 25 check (due_day between 1 and 28),
      updated_at timestamptz not null default now(),
      primary key (district_id, community_id),
      foreign key (district_id, community_id) references territory_node (district_id, id)
    );

    -- One row per chief position and period once it is due (reminder job) or submitted, whichever comes first.
    create table duty_report (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      community_id uuid not null,
      position_id uuid not null,
      period_kind text not null check (period_kind in ('month', 'year')),
      period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'),
      due_on date not null,
      state text not null default 'DUE' check (state in ('DUE', 'SUBMITTED', 'EVALUATED', 'ACKNOWLEDGED')),
      form text check (form in ('written', 'oral')),
      content text check (char_length(content) <= 2000),
      recorded_by_user_id uuid references app_user(id),
      recorded_by_name text,
      submitted_at timestamptz,
      figures jsonb,
      grade text check (char_length(grade) <= 10),
      grade_rank smallint,
      evaluator_user_id uuid references app_user(id),
      evaluator_name text,
      evaluation_comment text check (char_length(evaluation_comment) <= 500),
      evaluated_at timestamptz,
      acknowledged_at timestamptz,
      reminded_d7_at timestamptz,
      reminded_d1_at timestamptz,
      reminded_d0_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (district_id, id),
      unique (district_id, position_id, period_kind, period),
      foreign key (district_id, community_id) references territory_node (district_id, id),
      foreign key (district_id, position_id) references position (district_id, id),
      check ((period_kind = 'year') = (period !~ '-'))
    );
    create index duty_report_period_idx on duty_report (district_id, community_id, period_kind, period);
    create index duty_report_due_idx on duty_report (due_on) where state = 'DUE';

    -- 党课菜单: topics a party organisation offers.
    create table party_lesson_topic (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      title text not null check (char_length(title) between 1 and 100),
      summary text check (char_length(summary) <= 500),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, org_id) references party_org (district_id, id)
    );
    create index party_lesson_topic_org_idx on party_lesson_topic (district_id, org_id);

    create table party_lesson (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      topic_id uuid not null,
      held_on date not null,
      speaker_name text not null check (char_length(speaker_name) between 1 and 50),
      place text check (char_length(place) <= 100),
      score_window_days smallint not null default 7 check (score_window_days between 1 and 60),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, org_id) references party_org (district_id, id),
      foreign key (district_id, topic_id) references party_lesson_topic (district_id, id)
    );
    create index party_lesson_org_idx on party_lesson (district_id, org_id, held_on);

    -- One score per user per lesson; the rater's kind is fixed when the score is given.
    create table party_lesson_score (
      district_id text not null,
      lesson_id uuid not null,
      user_id uuid not null references app_user(id),
      stars smallint not null check (stars between 1 and 5),
      rater_kind text not null check (rater_kind in ('member', 'resident')),
      scored_at timestamptz not null default now(),
      primary key (district_id, lesson_id, user_id),
      foreign key (district_id, lesson_id) references party_lesson (district_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table party_lesson_score, party_lesson, party_lesson_topic, duty_report, duty_setting`.execute(
    db,
  );
}
