import { type Kysely, sql } from 'kysely';

// Voting and record rules (issue 4): one ballot per member, proxies (委托), append-only records with amendments,
// topics raised from a meeting's suggestion.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Who actually cast the ballot: the member himself, or the member he authorised by proxy.
    alter table topic_vote add column cast_by_member_id uuid;
    update topic_vote set cast_by_member_id = member_id;
    alter table topic_vote alter column cast_by_member_id set not null;
    alter table topic_vote add foreign key (district_id, cast_by_member_id) references council_member (district_id, id);

    create table topic_proxy (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      topic_id uuid not null,
      grantor_member_id uuid not null,
      proxy_member_id uuid not null,
      recorded_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      primary key (district_id, id),
      foreign key (district_id, topic_id) references topic (district_id, id),
      foreign key (district_id, grantor_member_id) references council_member (district_id, id),
      foreign key (district_id, proxy_member_id) references council_member (district_id, id),
      -- One proxy per absent member and topic.
      unique (district_id, topic_id, grantor_member_id),
      check (grantor_member_id <> proxy_member_id)
    );

    create table topic_amendment (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      topic_id uuid not null,
      corrects text not null check (char_length(corrects) between 1 and 100),
      text text not null check (char_length(text) between 1 and 2000),
      author_user_id uuid not null references app_user(id),
      created_at timestamptz not null default clock_timestamp(),
      primary key (district_id, id),
      foreign key (district_id, topic_id) references topic (district_id, id)
    );
    create index topic_amendment_topic_idx on topic_amendment (district_id, topic_id);

    -- Once closed, the minutes and attendance stay as they are; corrections go in meeting_amendment.
    alter table meeting add column closed_at timestamptz;

    create table meeting_amendment (
      district_id text not null,
      id uuid not null default gen_random_uuid(),
      meeting_id uuid not null,
      corrects text not null check (char_length(corrects) between 1 and 100),
      text text not null check (char_length(text) between 1 and 2000),
      author_user_id uuid not null references app_user(id),
      created_at timestamptz not null default clock_timestamp(),
      primary key (district_id, id),
      foreign key (district_id, meeting_id) references meeting (district_id, id)
    );
    create index meeting_amendment_meeting_idx on meeting_amendment (district_id, meeting_id);

    -- A topic raised from a meeting's suggestion (one topic per suggestion).
    alter table topic drop constraint topic_source_check;
    alter table topic add constraint topic_source_check
      check (source in ('resident', 'staff', 'council_member', 'sub_council', 'case', 'meeting'));
    alter table topic add column source_suggestion_id uuid;
    alter table topic add foreign key (district_id, source_suggestion_id)
      references meeting_suggestion (district_id, id);
    create unique index topic_suggestion_idx on topic (district_id, source_suggestion_id)
      where source_suggestion_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index topic_suggestion_idx;
    alter table topic drop column source_suggestion_id;
    alter table topic drop constraint topic_source_check;
    alter table topic add constraint topic_source_check
      check (source in ('resident', 'staff', 'council_member', 'sub_council', 'case'));
    drop table meeting_amendment;
    alter table meeting drop column closed_at;
    drop table topic_amendment;
    drop table topic_proxy;
    alter table topic_vote drop column cast_by_member_id;
  `.execute(db);
}
