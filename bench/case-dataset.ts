// Dataset M of research/perf.md §5.0 for the Cases benchmarks (B1a, B1b, B2, B8), built in SQL with
// generate_series: 1 district, 25 streets, 250 communities, 3,000 grids, 25,000 buildings, 380,000 households,
// a 网格员 per grid, a 书记 per community, an admin per street and one for the district, resident accounts for
// intake, and ~1 M cases over two years (20 % open, 2 % of all past due). Also the shared measuring tools: a pool
// like the app's with a statement counter, sessions, and an HTTP load generator running in a worker thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../apps/server/src/db/db.generated.ts';
import { hashPassword } from '../apps/server/src/platform/auth/password.ts';
import { createSession } from '../apps/server/src/platform/auth/session.ts';
import { BUSINESS_TIME_ZONE } from '../apps/server/src/platform/business-time.ts';
import type { Database } from '../apps/server/src/platform/db/database.ts';
import { timed } from './lib.ts';

export const DISTRICT = '990101';
export const PASSWORD = 'bench-password-9';
export const SHAPE = { streets: 25, communities: 250, grids: 3_000, buildings: 25_000, households: 380_000 };
/** Handling limit of every generated open case, in natural days (so SQL and the sweep agree on the SLA share). */
export const LIMIT_DAYS = 7;
export const CATEGORIES = Array.from({ length: 20 }, (_, i) => `cat_${String.fromCharCode(97 + i)}`);

export interface CaseDataset {
  cases: number;
  open: number;
  overdue: number;
  districtNodeId: string;
  districtPath: string;
  street: { id: string; path: string; cases: number };
  community: { id: string; path: string; cases: number };
  /** Usernames: district admin, the first street's admin, the first community's 书记. */
  users: { district: string; street: string; community: string };
  /** App users who are residents with a household (self-service intake), in creation order. */
  residentUserIds: string[];
  /** One household with its grid worker, for single-INSERT intake baselines. */
  sample: {
    householdId: string;
    nodeId: string;
    nodePath: string;
    communityId: string;
    communityCode: string;
  };
}

// Statement counter: Kysely and the pool both end in pg.Client#query, so one wrapper sees every round-trip.
const counter = { statements: 0 };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  counter.statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** SQL statements sent by this process since the last call (every pool and client). */
export function takeStatementCount(): number {
  const n = counter.statements;
  counter.statements = 0;
  return n;
}

/**
 * A pool configured as the app's createDb (size 10, business time zone) and a Kysely over it, so the app and the
 * bare baselines of one benchmark share the very same connections.
 */
export function sharedPool(url: string): { pool: pg.Pool; db: Database } {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    application_name: 'gongzhi-bench',
    options: `-c TimeZone=${BUSINESS_TIME_ZONE}`,
  });
  // Dropping the benchmark database at the end ends idle connections; that must not crash the run.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return { pool, db };
}

/**
 * Builds dataset M in `db` (a fresh migrated database). `cases` defaults to 1 M; `residentAccounts` logins are
 * residents of distinct households spread over the district; `rollup` rebuilds case_stat after the bulk load
 * (the roll-up trigger is off during it), needed when a benchmark writes cases.
 */
export async function buildCaseDataset(
  db: Database,
  options: { cases?: number; residentAccounts?: number; rollup?: boolean } = {},
): Promise<CaseDataset> {
  const cases = options.cases ?? Number(process.env.BENCH_CASES ?? 1_000_000);
  const accounts = options.residentAccounts ?? 0;
  const passwordHash = await hashPassword(PASSWORD);
  const { streets, communities, grids, buildings, households } = SHAPE;
  const run = (q: string) => sql.raw(q).execute(db);
  const load = await timed(async () => {
    await run(`insert into division (code, name, level, full_name) values ('${DISTRICT}', '基准区', 3, '基准区');
      insert into district (id, name, full_name) values ('${DISTRICT}', '基准区', '基准区')`);
    // node_no: district 1, streets 2.., communities, grids, buildings in blocks; parents by integer division.
    const S0 = 2;
    const C0 = S0 + streets;
    const G0 = C0 + communities;
    const B0 = G0 + grids;
    await run(`create temp table tn as
      select 1::bigint as no, null::bigint as parent_no, 'district' as level
      union all select ${S0} + i, 1, 'subdistrict' from generate_series(0, ${streets - 1}) i
      union all select ${C0} + i, ${S0} + i * ${streets} / ${communities}, 'community'
        from generate_series(0, ${communities - 1}) i
      union all select ${G0} + i, ${C0} + i * ${communities} / ${grids}, 'grid' from generate_series(0, ${grids - 1}) i
      union all select ${B0} + i, ${G0} + i::bigint * ${grids} / ${buildings}, 'building'
        from generate_series(0, ${buildings - 1}) i`);
    await run(`alter table tn add column id uuid default gen_random_uuid(), add column path ltree;
      update tn set path = case level
        when 'district' then 'n1'::ltree
        when 'subdistrict' then ('n1.n' || no)::ltree
        else null end;
      update tn c set path = p.path || ('n' || c.no) from tn p where c.level = 'community' and p.no = c.parent_no;
      update tn c set path = p.path || ('n' || c.no) from tn p where c.level = 'grid' and p.no = c.parent_no;
      update tn c set path = p.path || ('n' || c.no) from tn p where c.level = 'building' and p.no = c.parent_no;
      insert into territory_node (district_id, id, node_no, parent_id, level, code, name, path)
      select '${DISTRICT}', c.id, c.no, p.id, c.level, 'C' || c.no,
        case c.level when 'district' then '基准区' when 'subdistrict' then '第' || c.no || '街道'
          when 'community' then '社区' || c.no when 'grid' then '网格' || c.no else c.no || '栋' end, c.path
      from tn c left join tn p on p.no = c.parent_no;
      select setval('territory_node_no_seq', ${B0 + buildings})`);
    // Households on buildings; the node_path trigger fills in the path.
    await run(`insert into household (district_id, community_id, node_id, household_no, address)
      select '${DISTRICT}', cn.id, b.id, 'H' || h, '基准路' || b.no || '号' || (h % 60 + 1) || '室'
      from generate_series(0, ${households - 1}) h
      join tn b on b.no = ${B0} + h::bigint * ${buildings} / ${households}
      join tn g on g.no = b.parent_no join tn cn on cn.no = g.parent_no`);
    // Position holders: one account each; admins (district, streets), 书记 per community, 网格员 per grid.
    await run(`insert into app_user (username, display_name, password_hash, home_district_id)
      select 'u' || no, case level when 'grid' then '网格员' when 'community' then '书记' else '管理员' end || no,
        '${passwordHash}', '${DISTRICT}'
      from tn where level <> 'building';
      insert into position (district_id, node_id, kind, holder_name, holder_user_id)
      select '${DISTRICT}', tn.id,
        case tn.level when 'grid' then 'grid_worker' when 'community' then 'secretary' else 'admin' end,
        u.display_name, u.id
      from tn join app_user u on u.username = 'u' || tn.no`);
    await run(`insert into case_category (district_id, code, name, handle_limit, handle_unit, sort)
      select '${DISTRICT}', c, '类别' || c, ${LIMIT_DAYS}, 'natural_days', o::int
      from unnest(array['${CATEGORIES.join("','")}']) with ordinality x(c, o)`);
    // Residents with a login on `accounts` households spread evenly over the district (self-service intake).
    if (accounts > 0) {
      await run(`create temp table ra as
        select k, h.id as household_id, gen_random_uuid() as resident_id, gen_random_uuid() as user_id
        from generate_series(0, ${accounts - 1}) k
        join household h on h.district_id = '${DISTRICT}'
          and h.household_no = 'H' || (k::bigint * ${households} / ${accounts});
        insert into app_user (id, username, display_name, password_hash, home_district_id)
        select user_id, 'r' || k, '居民' || k, '${passwordHash}', '${DISTRICT}' from ra;
        insert into resident (district_id, id, household_id, name, gender, relation_to_head)
        select '${DISTRICT}', resident_id, household_id, '居民' || k, 'unknown', '户主' from ra;
        insert into resident_account (district_id, user_id, resident_id)
        select '${DISTRICT}', user_id, resident_id from ra`);
    }
    await generateCases(db, cases);
    await run('vacuum analyze');
    if (options.rollup) await sql`select case_stats_rebuild(${DISTRICT})`.execute(db);
  });
  const counts = await sql<{
    open: number;
    overdue: number;
    street: number;
    community: number;
  }>`select count(*) filter (where state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED'))::int as open,
      count(*) filter (where due_at < now())::int as overdue,
      count(*) filter (where node_path <@ 'n1.n2')::int as street,
      count(*) filter (where node_path <@ (select path from territory_node where node_no = ${2 + streets}))::int
        as community
    from "case" where district_id = ${DISTRICT}`.execute(db);
  const nodes = await sql<{ no: number; id: string; path: string; code: string }>`
    select node_no::int as no, id, path::text as path, code from territory_node
    where node_no in (1, 2, ${2 + streets})`.execute(db);
  const node = (no: number) => nodes.rows.find((n) => n.no === no)!;
  const sample = await sql<{ householdId: string; nodeId: string; nodePath: string; communityId: string }>`
    select id as household_id, node_id, node_path::text as node_path, community_id from household
    where district_id = ${DISTRICT} and household_no = 'H0'`.execute(db);
  const residents = await sql<{ userId: string }>`
    select ra.user_id from resident_account ra join app_user u on u.id = ra.user_id
    where ra.district_id = ${DISTRICT} order by substr(u.username, 2)::int`.execute(db);
  const c = counts.rows[0]!;
  console.log(
    `  dataset M: ${SHAPE.streets} streets, ${SHAPE.communities} communities, ${SHAPE.grids.toLocaleString('en')} grids, ` +
      `${SHAPE.buildings.toLocaleString('en')} buildings, ${SHAPE.households.toLocaleString('en')} households, ` +
      `${cases.toLocaleString('en')} cases (${c.open.toLocaleString('en')} open, ${c.overdue.toLocaleString('en')} past due), ` +
      `${accounts.toLocaleString('en')} resident logins; built in ${(load.ms / 1000).toFixed(1)} s` +
      `${options.rollup ? ' with roll-up rebuild' : ''} (${os.cpus().length} cores)`,
  );
  return {
    cases,
    open: c.open,
    overdue: c.overdue,
    districtNodeId: node(1).id,
    districtPath: node(1).path,
    street: { id: node(2).id, path: node(2).path, cases: c.street },
    community: { id: node(2 + streets).id, path: node(2 + streets).path, cases: c.community },
    users: { district: 'u1', street: 'u2', community: `u${2 + streets}` },
    residentUserIds: residents.rows.map((r) => r.userId),
    sample: { ...sample.rows[0]!, communityCode: node(2 + streets).code },
  };
}

/**
 * ~`n` cases with the roll-up trigger off. 80 % closed or withdrawn over two years; 18 % open and on time, their
 * sla_level already what a sweep would have set; 2 % past due, warned at 80 % but not yet escalated. Open cases
 * sit with their grid's 网格员.
 */
async function generateCases(db: Database, n: number): Promise<void> {
  await sql`alter table "case" disable trigger case_stats_sync`.execute(db);
  await sql
    .raw(`
    select setseed(0.2026);
    create temp table hh as
      select row_number() over (order by h.household_no) as rn, h.id, h.community_id, h.node_id, h.node_path,
        p.id as position_id, p.holder_user_id
      from household h
      join territory_node b on b.district_id = h.district_id and b.id = h.node_id
      join position p on p.district_id = b.district_id and p.node_id = b.parent_id and p.kind = 'grid_worker'
      where h.district_id = '${DISTRICT}';
    create unique index on hh (rn);
    insert into "case" (district_id, case_no, community_id, node_id, node_path, household_id, category_code,
      channel, urgency, title, description, submitted_by, state, assignee_position_id, assignee_user_id,
      node_started_at, due_at, due_unit, overall_due_at, handle_limit, handle_unit, sla_level, escalation_level,
      reply, reply_at, created_at, updated_at, closed_at)
    select '${DISTRICT}', 'M-' || g.i, hh.community_id, hh.node_id, hh.node_path, hh.id,
      (array['${CATEGORIES.join("','")}'])[1 + least(19, floor(20 * power(g.r1, 2.2))::int)],
      (array['resident_app','proxy','suggestion_box','phone','wechat','patrol','meeting','hotline_12345'])
        [1 + floor(8 * power(g.r2, 1.5))::int],
      case when g.r3 < 0.85 then 'normal' when g.r3 < 0.97 then 'urgent' else 'critical' end,
      '诉求' || g.i, '基准数据：楼道灯不亮，请尽快处理。', hh.holder_user_id, g.state,
      case when g.open then hh.position_id end, case when g.open then hh.holder_user_id end,
      g.started, case when g.open then g.started + interval '${LIMIT_DAYS} days' end,
      case when g.open then 'natural_days' end, g.created + interval '10 days', ${LIMIT_DAYS}, 'natural_days',
      case when not g.open then 0 when g.share >= 1 or g.share >= 0.8 then 80 when g.share >= 0.5 then 50 else 0 end,
      0, case when not g.open then '已答复' end, case when not g.open then g.started end,
      least(g.created, g.started), g.started, case when not g.open then g.started end
    from (
      select s.*, s.r6 < 0.20 as open,
        case when s.r6 < 0.20 then now() - make_interval(secs => s.share * ${LIMIT_DAYS} * 86400)
          else s.created + make_interval(secs => exp(s.r4 * 6.5) * 3600) end as started,
        case when s.r6 >= 0.20 then (case when s.r5 < 0.9 then 'CLOSED' else 'WITHDRAWN' end)
          else (array['SUBMITTED','ACCEPTED','TRIAGE','DISPATCHED','IN_PROGRESS','IN_PROGRESS','IN_PROGRESS',
            'VERIFYING'])[1 + floor(s.r5 * 8)::int] end as state
      from (
        select i, r1, r2, r3, r4, r5, r6,
          -- Elapsed share of the node's limit: past due (1.02–2.5) for 2 %, else 0–0.98.
          case when r6 < 0.02 then 1.02 + r4 * 1.48 else r4 * 0.98 end as share,
          case when r6 < 0.20 then now() - make_interval(days => 3 + floor(r4 * 20)::int)
            else timestamptz '2024-12-01 00:00+08' + make_interval(days => floor(r5 * 720)::int,
              hours => 8 + floor(r3 * 12)::int, mins => floor(r2 * 60)::int) end as created
        from (select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
          from generate_series(1, ${n}) i) r
      ) s
    ) g
    join hh on hh.rn = 1 + (g.i::bigint * 7919) % ${SHAPE.households};
    drop table hh;
  `)
    .execute(db);
  await sql`alter table "case" enable trigger case_stats_sync`.execute(db);
}

/** Real sessions (the login route's createSession) for these users in the benchmark district. */
export async function sessionsFor(
  db: Database,
  userIds: readonly string[],
): Promise<{ cookie: string; csrf: string }[]> {
  const out: { cookie: string; csrf: string }[] = [];
  for (const id of userIds) {
    const s = await createSession(db, id, DISTRICT);
    out.push({ cookie: `gz_session=${s.token}`, csrf: s.csrfToken });
  }
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  codes: Record<string, number>;
}

// The client runs in its own thread (own event loop) so it does not queue behind the server it measures.
const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData: w } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: w.connections });
const start = performance.now();
const measureFrom = start + w.warmupMs;
const end = measureFrom + w.durationMs;
const lat = [];
let next = 0, ok = 0, errors = 0;
const codes = {};
function one() {
  return new Promise((resolve) => {
    const r = w.requests[next++ % w.requests.length];
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port: w.port, path: r.path, method: r.method, agent, headers: r.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const t1 = performance.now();
        const good = res.statusCode < 300;
        if (!good) { errors++; codes[res.statusCode] = (codes[res.statusCode] || 0) + 1; }
        if (t0 >= measureFrom && t1 <= end) { lat.push(t1 - t0); if (good) ok++; }
        resolve();
      });
    });
    req.on('error', (e) => { errors++; codes[e.code] = (codes[e.code] || 0) + 1; resolve(); });
    req.end(r.body);
  });
}
async function loop() { while (performance.now() < end) await one(); }
Promise.all(Array.from({ length: w.connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ ok, errors, codes, lat });
});
`;

/**
 * Drives `requests` (rotated, one per call) against 127.0.0.1:`port` from `connections` concurrent keep-alive
 * connections: `warmupMs` unmeasured, then `durationMs` measured (no pipelining, as perf.md §5.0 says).
 */
export function httpLoad(opts: {
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  requests: { method: string; path: string; headers: Record<string, string>; body?: string }[];
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: opts });
    worker.once('error', reject);
    worker.once(
      'message',
      (m: { ok: number; errors: number; codes: Record<string, number>; lat: number[] }) => {
        const sorted = [...m.lat].sort((a, b) => a - b);
        resolve({
          reqPerSec: m.ok / (opts.durationMs / 1000),
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          requests: m.ok,
          errors: m.errors,
          codes: m.codes,
        });
        void worker.terminate();
      },
    );
  });
}

/** JSON POST requests carrying a session cookie and its CSRF token, one per session. */
export function jsonPosts(
  path: string,
  body: unknown,
  sessions: readonly { cookie: string; csrf: string }[] = [{ cookie: '', csrf: '' }],
) {
  const text = JSON.stringify(body);
  return sessions.map((s) => ({
    method: 'POST',
    path,
    body: text,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...(s.cookie ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
    },
  }));
}
