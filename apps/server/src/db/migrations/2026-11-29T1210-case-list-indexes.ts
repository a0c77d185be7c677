import { type Kysely, sql } from 'kysely';

// Indexes for the case lists (bench B2): each branch of a list (the subtree scope, or one role on the case) gets
// an index delivering rows already in list order, so a keyset page reads about one page of index, not the district.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Scope branch, open cases (the work queue): newest activity first; node_path and state ride in the index so
    -- an index-only scan filters the subtree without touching the heap.
    create index case_open_recent_idx on "case" (district_id, updated_at desc, id desc) include (node_path, state)
      where state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED');
    -- Scope branch over every state (closed and withdrawn tabs).
    create index case_recent_idx on "case" (district_id, updated_at desc, id desc) include (node_path, state);
    -- Role branches: my cases as submitter, reporter, proxy or handler, in list order (these replace the
    -- reporter, proxy and handler indexes, which lead with the same columns; fewer indexes, faster planning).
    drop index case_reporter_idx;
    drop index case_proxy_idx;
    create index case_submitted_recent_idx on "case" (district_id, submitted_by, updated_at desc, id desc);
    create index case_reporter_recent_idx on "case" (district_id, reporter_user_id, updated_at desc, id desc)
      where reporter_user_id is not null;
    create index case_proxy_recent_idx on "case" (district_id, proxy_user_id, updated_at desc, id desc)
      where proxy_user_id is not null;
    drop index case_handler_idx;
    create index case_handler_recent_idx on "case" (district_id, handler_user_id, updated_at desc, id desc)
      where handler_user_id is not null;
    -- SLA board: running cases soonest due first, with what the traffic light needs for an index-only filter.
    create index case_running_due_idx on "case" (district_id, due_at, id)
      include (node_path, node_started_at, due_unit, sla_level)
      where due_at is not null and state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED');
    -- SLA board counts: a subtree is one btree range of node_path (see withRange in cases.repository.ts).
    create index case_running_path_idx on "case" (district_id, node_path)
      include (due_at, node_started_at, due_unit, sla_level)
      where due_at is not null and state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED');
  `.execute(db);
}
