// B2 (research/perf.md §5.1): the case work queue, GET /api/v1/cases (the community/street board: every open
// case in the caller's cases.view subtree, keyset cursor), through the whole app on 127.0.0.1, against a
// hand-written keyset query returning the same columns through a bare Fastify route on the same pool. Dataset M:
// ~1 M cases in the district, ~40 k in one street. Targets: ≥ 60 % of the baseline's req/s; ≤ 3 SQL statements a
// request and the same at limit 10, 50 and 100 (counted on pg.Client#query); p95 district ÷ p95 community ≤ 2.
// The list is ordered by last activity (updated_at desc), which is the order the route offers: the only
// due-ordered list, the SLA board, is measured below for information.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINAL_CASE_STATES } from '@gongzhi/contract/cases';
import Fastify from 'fastify';
import { buildApp } from '../apps/server/src/app.ts';
import { slaLevelAt } from '../apps/server/src/modules/cases/case-sla.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createFieldCrypto } from '../apps/server/src/platform/crypto.ts';
import { decodeCursor, encodeCursor } from '../apps/server/src/platform/http/keyset-cursor.ts';
import {
  buildCaseDataset,
  DISTRICT,
  httpLoad,
  PASSWORD,
  percentile,
  sharedPool,
  takeStatementCount,
} from './case-dataset.ts';
import { openBenchDb, report } from './lib.ts';

const LIMITS = [10, 50, 100];
const WARMUP_MS = 3_000;
const DURATION_MS = 6_000;
const CONNECTIONS = 10;
const OPEN = [
  'SUBMITTED',
  'ACCEPTED',
  'TRIAGE',
  'DISPATCHED',
  'IN_PROGRESS',
  'EXTENSION_PENDING',
  'PARKED',
  'TO_DELIBERATION',
  'ESCALATED',
  'VERIFYING',
  'AWAITING_CONFIRMATION',
  'REOPENED',
].filter((s) => !(FINAL_CASE_STATES as readonly string[]).includes(s));

// The baseline: what one would write by hand for the same page (same joins for the names, same order and cursor).
const PAGE_SQL = `
  select c.id, c.case_no, c.title, c.category_code, cat.name as category_name, c.channel, c.urgency, c.state,
    coalesce(nullif(h.address, ''), n.name) as address, coalesce(au.display_name, ap.holder_name) as assignee_name,
    c.node_started_at, c.due_at, c.due_unit, c.overall_due_at, c.escalation_level, c.handled_locally,
    c.created_at, c.updated_at, c.updated_at::text as sort_key
  from "case" c
  join territory_node n on n.district_id = c.district_id and n.id = c.node_id
  join case_category cat on cat.district_id = c.district_id and cat.code = c.category_code
  left join household h on h.district_id = c.district_id and h.id = c.household_id
  left join position ap on ap.district_id = c.district_id and ap.id = c.assignee_position_id
  left join app_user au on au.id = c.assignee_user_id
  where c.district_id = $1 and c.node_path <@ $2::ltree and c.state = any($3::text[])`;

const bench = await openBenchDb('b2');
const { pool, db } = sharedPool(bench.url);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-b2-'));
try {
  const data = await buildCaseDataset(db);
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
  const login = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    return `gz_session=${res.cookies.find((c) => c.name === 'gz_session')!.value}`;
  };
  const cookies = {
    district: await login(data.users.district),
    street: await login(data.users.street),
    community: await login(data.users.community),
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  const appPort = (app.server.address() as { port: number }).port;

  const base = Fastify({ logger: false });
  base.get<{ Querystring: { path: string; limit: string; cursor?: string } }>('/cases', async (request) => {
    const limit = Number(request.query.limit);
    const after = decodeCursor(request.query.cursor, 2);
    const { rows } = await pool.query(
      after
        ? {
            name: 'b2_after',
            text: `${PAGE_SQL} and (c.updated_at, c.id) < ($4::timestamptz, $5::uuid)
              order by c.updated_at desc, c.id desc limit $6`,
            values: [DISTRICT, request.query.path, OPEN, after[0], after[1], limit + 1],
          }
        : {
            name: 'b2_first',
            text: `${PAGE_SQL} order by c.updated_at desc, c.id desc limit $4`,
            values: [DISTRICT, request.query.path, OPEN, limit + 1],
          },
    );
    const now = new Date();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: r.id,
        caseNo: r.case_no,
        title: r.title,
        categoryCode: r.category_code,
        categoryName: r.category_name,
        channel: r.channel,
        urgency: r.urgency,
        state: r.state,
        address: r.address,
        assigneeName: r.assignee_name,
        dueAt: r.due_at?.toISOString() ?? null,
        overallDueAt: r.overall_due_at?.toISOString() ?? null,
        sla: slaLevelAt({ nodeStartedAt: r.node_started_at, dueAt: r.due_at, dueUnit: r.due_unit }, now),
        escalationLevel: r.escalation_level,
        handledLocally: r.handled_locally,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
    };
  });
  await base.listen({ host: '127.0.0.1', port: 0 });
  const basePort = (base.server.address() as { port: number }).port;

  const states = OPEN.join(',');
  const ourUrl = (limit: number, cursor?: string) =>
    `/api/v1/cases?state=${states}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  const baseUrl = (scopePath: string, limit: number, cursor?: string) =>
    `/cases?path=${scopePath}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  const getOurs = async (cookie: string, url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { items: { id: string }[]; nextCursor: string | null };
  };

  console.log(
    `  street scope: ${data.street.cases.toLocaleString('en')} cases; community scope: ${data.community.cases.toLocaleString('en')}; district: ${data.cases.toLocaleString('en')} (${data.open.toLocaleString('en')} open)`,
  );
  const counts: number[] = [];
  for (const limit of LIMITS) {
    // Page 2 of the street's open cases: the request a clerk makes when scrolling the queue.
    const first = await getOurs(cookies.street, ourUrl(limit));
    const cursor = first.nextCursor!;
    takeStatementCount();
    const page = await getOurs(cookies.street, ourUrl(limit, cursor));
    const statements = takeStatementCount();
    counts.push(statements);
    const theirs = (await (
      await fetch(`http://127.0.0.1:${basePort}${baseUrl(data.street.path, limit, cursor)}`)
    ).json()) as { items: { id: string }[] };
    if (page.items.map((i) => i.id).join() !== theirs.items.map((i) => i.id).join())
      throw new Error(`limit ${limit}: the app and the baseline return different pages`);
    const load = (port: number, url: string, cookie?: string) =>
      httpLoad({
        port,
        connections: CONNECTIONS,
        warmupMs: WARMUP_MS,
        durationMs: DURATION_MS,
        requests: [{ method: 'GET', path: url, headers: cookie ? { cookie } : {} }],
      });
    const ours = await load(appPort, ourUrl(limit, cursor), cookies.street);
    const baseline = await load(basePort, baseUrl(data.street.path, limit, cursor));
    if (ours.errors + baseline.errors > 0)
      throw new Error(`errors: ${JSON.stringify(ours.codes)} ${JSON.stringify(baseline.codes)}`);
    const ratio = ours.reqPerSec / baseline.reqPerSec;
    report({
      id: 'B2',
      what: `street work queue page 2, limit ${limit}, ${CONNECTIONS} connections ${DURATION_MS / 1000} s`,
      ours: `GET /api/v1/cases ${ours.reqPerSec.toFixed(0)} req/s (p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms, ${statements} SQL statements)`,
      baseline: `hand keyset SQL on bare Fastify ${baseline.reqPerSec.toFixed(0)} req/s (p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms, 1 statement)`,
      ratio,
      target: '≥ 0.60',
      isMet: ratio >= 0.6,
    });
  }
  const sameCount = counts.every((c) => c === counts[0]);
  console.log(
    `  SQL statements per request at limit ${LIMITS.join('/')}: ${counts.join('/')} (session look-up and positions included; target ≤ 3 and equal) ${sameCount && Math.max(...counts) <= 3 ? 'MET' : 'NOT MET'}`,
  );

  // p95 of page 1 at limit 50, one request at a time, for a district-wide and a one-community scope.
  const p95Of = async (cookie: string, url: string) => {
    for (let i = 0; i < 5; i++) await getOurs(cookie, url);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = process.hrtime.bigint();
      await getOurs(cookie, url);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return percentile(
      times.sort((a, b) => a - b),
      0.95,
    );
  };
  const districtP95 = await p95Of(cookies.district, ourUrl(50));
  const communityP95 = await p95Of(cookies.community, ourUrl(50));
  const streetP95 = await p95Of(cookies.street, ourUrl(50));
  console.log(
    `  p95 district ÷ community, limit 50, 100 sequential requests: ${districtP95.toFixed(1)} ÷ ${communityP95.toFixed(1)} ms = ${(districtP95 / communityP95).toFixed(2)} (street ${streetP95.toFixed(1)} ms; target ≤ 2) ${districtP95 / communityP95 <= 2 ? 'MET' : 'NOT MET'}`,
  );

  // For information: the due-ordered SLA board of the street (it reads up to 5,000 rows and pages in memory).
  takeStatementCount();
  await getOurs(cookies.street, '/api/v1/cases/sla-board?limit=50');
  const slaStatements = takeStatementCount();
  const slaP95 = await p95Of(cookies.street, '/api/v1/cases/sla-board?limit=50');
  console.log(
    `  (for information: GET /api/v1/cases/sla-board?limit=50 at street scope, sorted by due: p95 ${slaP95.toFixed(1)} ms, ${slaStatements} SQL statements)`,
  );
  await base.close();
  await app.close();
} finally {
  await db.destroy();
  await bench.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
