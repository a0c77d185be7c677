// B3 (research/perf.md §5.1): the district case dashboard read from the case_stat roll-up, through the whole
// HTTP stack, against the naive GROUP BY over the raw cases joined to the territory nodes, on dataset M: one
// district, 25 streets, 300 communities, 3,000 grids, 25,000 buildings, 380,000 households and ~1 M cases over
// two years (Zipf-like categories, 80 % closed, ~2 % open past due). Targets: p95 ≤ 50 ms at the district root,
// ≥ 20× faster than the naive query, p95(district) ÷ p95(community) ≤ 2.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../apps/server/src/app.ts';
import { hashPassword } from '../apps/server/src/platform/auth/password.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createFieldCrypto } from '../apps/server/src/platform/crypto.ts';
import { withRawTransaction } from '../apps/server/src/platform/db/database.ts';
import { copyLines, random, treeBuilder } from './district-tree.ts';
import { openBenchDb, report, timed } from './lib.ts';

const DISTRICT = '990101';
const SHAPE = { streets: 25, communities: 300, grids: 3_000, buildings: 25_000, households: 380_000 };
const CASES = Number(process.env.B3_CASES ?? 1_000_000);
const RUNS = 60;
const PERIOD = 'from=2024-12&to=2026-11';
const PASSWORD = 'bench-password-9';

function buildTree() {
  const rand = random(20261129);
  const { add, spread, nodeLines, count } = treeBuilder(DISTRICT, rand);
  const district = add(null, 'district', '基准区');
  const streets = Array.from({ length: SHAPE.streets }, (_, i) =>
    add(district, 'subdistrict', `第${i + 1}街道`),
  );
  const communities = spread(streets, SHAPE.communities, (s, i) => {
    const c = add(s, 'community', `社区${i + 1}`);
    c.communityId = c.id;
    return c;
  });
  const grids = spread(communities, SHAPE.grids, (c, i) => add(c, 'grid', `网格${i + 1}`));
  const buildings = spread(grids, SHAPE.buildings, (g, i) => add(g, 'building', `${i + 1}栋`));
  const householdLines = spread(buildings, SHAPE.households, (b) => b).map((b, i) =>
    [DISTRICT, randomUUID(), b.communityId, b.id, `H${i}`, 'active'].join('\t'),
  );
  return { nodeLines, householdLines, district, community: communities[0]!, nodeCount: count() };
}

const CATEGORIES = Array.from({ length: 20 }, (_, i) => `cat_${String.fromCharCode(97 + i)}`);

function p95(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1]!;
}

async function p95Of(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  return p95(times);
}

const bench = await openBenchDb('b3');
try {
  const { db } = bench;
  const tree = buildTree();
  const user = randomUUID();
  const passwordHash = await hashPassword(PASSWORD);
  const load = await timed(async () => {
    await withRawTransaction(db, async (client) => {
      await client.query(
        `insert into division (code, name, level, full_name) values ('${DISTRICT}', '基准区', 3, '基准区')`,
      );
      await client.query(
        `insert into district (id, name, full_name) values ('${DISTRICT}', '基准区', '基准区')`,
      );
      await copyLines(
        client,
        'copy territory_node (district_id, id, node_no, parent_id, level, code, name, path) from stdin',
        tree.nodeLines,
      );
      await copyLines(
        client,
        'copy household (district_id, id, community_id, node_id, household_no, status) from stdin',
        tree.householdLines,
      );
      await client.query(
        `insert into app_user (id, username, display_name, password_hash, is_superuser, home_district_id)
         values ($1, 'bench', '基准管理员', $2, true, '${DISTRICT}')`,
        [user, passwordHash],
      );
      await client.query(
        `insert into position (district_id, node_id, kind, holder_name, holder_user_id)
         values ('${DISTRICT}', $1, 'admin', '基准管理员', $2)`,
        [tree.district.id, user],
      );
      await client.query(
        `insert into case_category (district_id, code, name, handle_limit)
         select '${DISTRICT}', c, '类别' || c, 7 from unnest($1::text[]) c`,
        [CATEGORIES],
      );
    });
    // Bulk load with the roll-up trigger off, then one set-based rebuild: what a data migration would do.
    await sql`alter table "case" disable trigger case_stats_sync`.execute(db);
    await withRawTransaction(db, async (client) => {
      await client.query('select setseed(0.2026)');
      await client.query(`create temp table hh on commit drop as
        select row_number() over (order by household_no) as rn, h.id, h.community_id, h.node_id, h.node_path
        from household h where h.district_id = '${DISTRICT}'`);
      await client.query('create unique index on hh (rn)');
      // Two years of cases; categories Zipf-like (the top few carry most), 80 % closed, ~2 % open past due.
      await client.query(
        `insert into "case" (district_id, case_no, community_id, node_id, node_path, household_id, category_code,
           channel, urgency, title, description, submitted_by, state, handled_locally, sla_level, overall_due_at,
           handle_limit, handle_unit, rework_count, reply, reply_at, resolved, satisfaction, rated_at, created_at,
           closed_at)
         select '${DISTRICT}', 'B3-' || g.i, hh.community_id, hh.node_id, hh.node_path, hh.id,
           ($1::text[])[1 + least(19, floor(20 * power(g.r1, 2.2))::int)],
           (array['resident_app','proxy','suggestion_box','phone','wechat','patrol','meeting','hotline_12345'])
             [1 + floor(8 * power(g.r2, 1.5))::int],
           case when g.r3 < 0.85 then 'normal' when g.r3 < 0.97 then 'urgent' else 'critical' end,
           '诉求' || g.i, '基准数据', '${user}', g.state, g.state = 'CLOSED' and g.r2 < 0.3,
           case when g.state = 'IN_PROGRESS' and g.r4 < 0.1 then 100 else 0 end,
           g.created + interval '7 days', 7, 'working_days', (g.r4 < 0.04)::int,
           case when g.state in ('CLOSED', 'NOT_ACCEPTED') then '已答复' end,
           case when g.state in ('CLOSED', 'NOT_ACCEPTED') then g.closed end,
           case when g.state = 'CLOSED' and g.r5 < 0.9 then g.r3 < 0.93 end,
           case when g.state = 'CLOSED' and g.r5 < 0.9 then 5 - floor(5 * power(g.r5 / 0.9, 3))::int end,
           case when g.state = 'CLOSED' and g.r5 < 0.9 then g.closed end,
           g.created, case when g.state in ('CLOSED', 'NOT_ACCEPTED') then g.closed end
         from (
           select s.i, s.r1, s.r2, s.r3, s.r4, s.r5, s.created,
             s.created + make_interval(secs => exp(s.r4 * 6.5) * 3600) as closed,
             case when s.r6 < 0.80 then 'CLOSED' when s.r6 < 0.83 then 'WITHDRAWN' when s.r6 < 0.84 then 'MERGED'
               when s.r6 < 0.85 then 'NOT_ACCEPTED' when s.r6 < 0.88 then 'SUBMITTED' else 'IN_PROGRESS' end as state
           from (
             select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
               timestamptz '2024-12-01 00:00+08' + make_interval(days => floor(random() * 730)::int,
                 hours => 8 + floor(random() * 12)::int, mins => floor(random() * 60)::int) as created
             from generate_series(1, ${CASES}) i
           ) s
         ) g
         join hh on hh.rn = 1 + (g.i::bigint * 7919) % ${SHAPE.households}`,
        [CATEGORIES],
      );
    });
    await sql`alter table "case" enable trigger case_stats_sync`.execute(db);
    const rebuild = await timed(() => sql`select case_stats_rebuild(${DISTRICT})`.execute(db));
    console.log(
      `  roll-up rebuilt from ${CASES.toLocaleString('en')} cases in ${(rebuild.ms / 1000).toFixed(1)} s`,
    );
    await sql`vacuum analyze`.execute(db);
  });
  const rows = await sql<{ cases: number; stats: number }>`
    select (select count(*)::int from "case") as cases, (select count(*)::int from case_stat) as stats`.execute(
    db,
  );
  console.log(
    `  loaded ${tree.nodeCount.toLocaleString('en')} nodes, ${SHAPE.households.toLocaleString('en')} households, ` +
      `${rows.rows[0]!.cases.toLocaleString('en')} cases (${rows.rows[0]!.stats.toLocaleString('en')} roll-up rows) ` +
      `in ${(load.ms / 1000).toFixed(1)} s`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-b3-'));
  const app = await buildApp(
    {
      db,
      config: { ...loadConfig({}), dataDir, webDist: path.join(dataDir, 'no-web') },
      crypto: createFieldCrypto(Buffer.from('bench-master-secret-for-gongzhi-only')),
      database: { kind: 'embedded', version: '15' },
      divisionsReady: Promise.resolve(),
    },
    { logger: false },
  );
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'bench', password: PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const cookie = `gz_session=${login.cookies.find((c) => c.name === 'gz_session')!.value}`;
  const dashboard = async (nodeId: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/case-stats/dashboard?nodeId=${nodeId}&${PERIOD}`,
      headers: { cookie },
    });
    if (res.statusCode !== 200) throw new Error(`dashboard ${res.statusCode}: ${res.body}`);
    return res.json() as { totals: { received: number; closed: number; open: number }; children: unknown[] };
  };

  // The same figures straight from the cases: per direct child, the totals, channel, urgency, category, trend.
  const range = sql`c.created_at >= timestamptz '2024-12-01 00:00+08' and c.created_at < timestamptz '2026-12-01 00:00+08'`;
  const naive = async (nodeId: string) => {
    const node = sql`(select path from territory_node where district_id = ${DISTRICT} and id = ${nodeId})`;
    // One pass over the subtree's cases, grouped by the child label of their path, rolled up for the totals.
    const perChild = await sql<{ received: number; closed: number; open: number }>`
      select subpath(c.node_path, 0, nlevel(${node}) + 1) as child,
        count(*) filter (where c.state <> 'MERGED')::int as received,
        count(*) filter (where c.state = 'WITHDRAWN')::int as withdrawn,
        count(*) filter (where c.state = 'CLOSED')::int as closed,
        count(*) filter (where c.state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED'))::int as open,
        count(*) filter (where c.state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED')
          and (c.sla_level = 100 or c.overall_due_at < now()))::int as open_overdue,
        count(c.satisfaction)::int as rated, count(*) filter (where c.resolved)::int as resolved,
        count(*) filter (where c.satisfaction >= 3)::int as satisfied,
        count(*) filter (where c.state = 'CLOSED' and c.closed_at <= c.overall_due_at)::int as on_time,
        count(*) filter (where c.state = 'CLOSED' and c.handled_locally)::int as local,
        count(c.reply_at)::int as replied, count(*) filter (where c.rework_count > 0)::int as reworked,
        avg(extract(epoch from c.closed_at - c.created_at)) filter (where c.state = 'CLOSED') as avg_seconds,
        percentile_cont(0.9) within group (order by extract(epoch from c.closed_at - c.created_at))
          filter (where c.state = 'CLOSED') as p90_seconds
      from "case" c
      where c.district_id = ${DISTRICT} and c.node_path <@ ${node} and nlevel(c.node_path) > nlevel(${node})
        and ${range}
      group by rollup (1)`.execute(db);
    await sql`select c.channel, c.urgency, count(*) from "case" c
      where c.district_id = ${DISTRICT} and c.node_path <@ ${node} and ${range} group by c.channel, c.urgency`.execute(
      db,
    );
    await sql`select c.category_code, count(*) from "case" c
      where c.district_id = ${DISTRICT} and c.node_path <@ ${node} and ${range} group by c.category_code`.execute(
      db,
    );
    await sql`select date_trunc('month', c.created_at), count(*), count(*) filter (where c.state = 'CLOSED')
      from "case" c where c.district_id = ${DISTRICT} and c.node_path <@ ${node} and ${range} group by 1`.execute(
      db,
    );
    return perChild.rows;
  };

  const ours = await dashboard(tree.district.id);
  const theirs = await naive(tree.district.id);
  const total = theirs.reduce((a, r) => a + r.received, 0) / 2;
  if (ours.totals.received !== total || ours.children.length !== SHAPE.streets)
    throw new Error(`dashboard and naive query disagree: ${ours.totals.received} vs ${total}`);
  console.log(
    `  check: dashboard total ${ours.totals.received.toLocaleString('en')} received = naive recount; ${ours.children.length} streets`,
  );

  const district = await p95Of(RUNS, () => dashboard(tree.district.id));
  const community = await p95Of(RUNS, () => dashboard(tree.community.id));
  const baseline = await p95Of(Math.max(10, Math.floor(RUNS / 6)), () => naive(tree.district.id));
  report({
    id: 'B3',
    what: `district case dashboard over 24 months, ${CASES.toLocaleString('en')} cases, p95 of ${RUNS} requests`,
    ours: `roll-up via HTTP p95 ${district.toFixed(1)} ms`,
    baseline: `naive GROUP BY p95 ${baseline.toFixed(1)} ms`,
    ratio: baseline / district,
    target: '≥ 20× faster and p95 ≤ 50 ms',
    isMet: baseline / district >= 20 && district <= 50,
  });
  console.log(
    `  p95 district ÷ community = ${district.toFixed(1)} ÷ ${community.toFixed(1)} ms = ${(district / community).toFixed(2)} (target ≤ 2) ${district / community <= 2 ? 'MET' : 'NOT MET'}`,
  );
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
} finally {
  await bench.close();
}
