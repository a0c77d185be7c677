// B1a and B1b (research/perf.md §5.1): case submission over HTTP on 127.0.0.1 with dataset M loaded, driven by the
// same load (50 keep-alive connections, 3 s warm-up, 10 s measured, no pipelining) from a worker thread.
//
// Baseline (both): a bare Fastify route on the same pg pool that runs one prepared INSERT of a case row.
// B1a, framework overhead, like with like: the same INSERT of the same row, but inside the full app (buildApp with
//   real deps): session cookie look-up with the caller's positions, CSRF check, the intake rate limiter, zod
//   validation of the real SubmitCaseBody, the tenant-scoped RequestContext and zod serialisation of the reply.
// B1b, full intake: the real POST /api/v1/cases as a resident: household and community resolution, category,
//   routing to the 网格员 (no 联户 link here, so the grid rule), case number counter, the case, its first timeline
//   event, the audit row, notifications to the reporter and the responder, and the case detail in the reply.
// Intake allows 20 submissions a minute per account, so the load rotates over thousands of real resident
// sessions (the login route's createSession; the first one through the login route itself) instead of lifting it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SubmitCaseBodySchema } from '@gongzhi/contract/cases';
import { defineRoute } from '@gongzhi/contract/route';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createFieldCrypto } from '../apps/server/src/platform/crypto.ts';
import { registerRoute } from '../apps/server/src/platform/http/register-route.ts';
import {
  buildCaseDataset,
  CATEGORIES,
  DISTRICT,
  httpLoad,
  jsonPosts,
  LIMIT_DAYS,
  PASSWORD,
  sessionsFor,
  sharedPool,
  takeStatementCount,
} from './case-dataset.ts';
import { openBenchDb, report } from './lib.ts';

const ACCOUNTS = 4_000;
const CONNECTIONS = 50;
const WARMUP_MS = 3_000;
const DURATION_MS = 10_000;
const BODY = {
  title: '楼道灯不亮',
  description: '三单元二楼楼道灯坏了一周，晚上看不清台阶。',
  categoryCode: CATEGORIES[0]!,
};

// The single row both B1a sides insert: a self-reported case on one household, waiting to be signed in 24 h.
const INSERT_SQL = `insert into "case" (district_id, case_no, community_id, node_id, node_path, household_id,
    category_code, channel, urgency, title, description, submitted_by, state, node_started_at, due_at, due_unit,
    overall_due_at, handle_limit, handle_unit, created_at, updated_at)
  values ($1, $2, $3, $4, $5::ltree, $6, $7, 'resident_app', 'normal', $8, $9, $10, 'SUBMITTED', $11,
    $11::timestamptz + interval '24 hours', 'natural_hours', $11::timestamptz + interval '${LIMIT_DAYS + 2} days',
    ${LIMIT_DAYS}, 'natural_days', $11, $11)
  returning id`;

const bench = await openBenchDb('b1');
const { pool, db } = sharedPool(bench.url);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-b1-'));
try {
  // New cases need no roll-up rebuild: the trigger adds each one to case_stat as it is inserted.
  const data = await buildCaseDataset(db, { residentAccounts: ACCOUNTS });
  const s = data.sample;
  let seq = 0;
  const rowValues = (
    prefix: string,
    userId: string,
    body: { title: string; description: string; categoryCode: string },
  ) => [
    DISTRICT,
    `${prefix}-${++seq}`,
    s.communityId,
    s.nodeId,
    s.nodePath,
    s.householdId,
    body.categoryCode,
    body.title,
    body.description,
    userId,
    new Date(),
  ];

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
  // B1a's route: the platform stack of the intake route (same rate limiter, same body contract), one INSERT.
  const benchSubmit = defineRoute({
    operationId: 'benchSubmitCase',
    method: 'POST',
    path: '/bench/cases',
    summary: 'B1a: one INSERT behind the platform stack',
    tags: ['bench'],
    body: SubmitCaseBodySchema,
    response: z.object({ id: z.uuid() }),
  });
  app.register(async (scoped) => {
    await scoped.register(import('@fastify/rate-limit'), {
      max: 20,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => request.actor?.userId ?? request.ip,
    });
    registerRoute(scoped, benchSubmit, async (ctx, { body }) => {
      const inserted = await db
        .insertInto('case')
        .values({
          districtId: ctx.districtId,
          caseNo: `B1A-${++seq}`,
          communityId: s.communityId,
          nodeId: s.nodeId,
          nodePath: s.nodePath,
          householdId: s.householdId,
          categoryCode: body.categoryCode,
          channel: 'resident_app',
          urgency: 'normal',
          title: body.title,
          description: body.description,
          submittedBy: ctx.actor.userId,
          state: 'SUBMITTED',
          ...timesOf(new Date()),
          handleLimit: LIMIT_DAYS,
          handleUnit: 'natural_days',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: inserted.id };
    });
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'r0', password: PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const sessions = [
    {
      cookie: `gz_session=${login.cookies.find((c) => c.name === 'gz_session')!.value}`,
      csrf: (login.json() as { csrfToken: string }).csrfToken,
    },
    ...(await sessionsFor(db, data.residentUserIds.slice(1))),
  ];
  await app.listen({ host: '127.0.0.1', port: 0 });
  const appPort = (app.server.address() as { port: number }).port;

  const base = Fastify({ logger: false });
  base.post<{ Body: typeof BODY }>('/cases', async (request) => {
    const { rows } = await pool.query({
      name: 'b1_insert',
      text: INSERT_SQL,
      values: rowValues('B1X', data.residentUserIds[0]!, request.body),
    });
    return { id: rows[0].id };
  });
  await base.listen({ host: '127.0.0.1', port: 0 });
  const basePort = (base.server.address() as { port: number }).port;

  // Statements per request, one request of each kind on the idle app.
  const statementsOf = async (url: string, i: number) => {
    const [req] = jsonPosts(url, BODY, [sessions[sessions.length - i]!]);
    takeStatementCount();
    const res = await app.inject({ method: 'POST', url, headers: req!.headers, payload: req!.body });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return takeStatementCount();
  };
  const leanStatements = await statementsOf('/bench/cases', 1);
  const fullStatements = await statementsOf('/api/v1/cases', 2);
  const load = (port: number, requests: ReturnType<typeof jsonPosts>) =>
    httpLoad({ port, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, requests });
  const before = await sql<{ n: number }>`select count(*)::int as n from "case"`.execute(db);
  const baseline = await load(basePort, jsonPosts('/cases', BODY));
  const lean = await load(appPort, jsonPosts('/bench/cases', BODY, sessions));
  const full = await load(appPort, jsonPosts('/api/v1/cases', BODY, sessions));
  const errors = (r: typeof baseline) => (r.errors ? ` ERRORS ${JSON.stringify(r.codes)}` : '');
  const fmt = (r: typeof baseline) =>
    `${r.reqPerSec.toFixed(0)} req/s (p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)${errors(r)}`;

  const a = lean.reqPerSec / baseline.reqPerSec;
  report({
    id: 'B1a',
    what: `case submission, same single INSERT, ${CONNECTIONS} connections ${DURATION_MS / 1000} s`,
    ours: `platform stack ${fmt(lean)}, ${leanStatements} SQL statements`,
    baseline: `bare Fastify prepared INSERT ${fmt(baseline)}`,
    ratio: a,
    target: '≥ 0.60 and p99 ≤ 2× baseline p99, errors 0',
    isMet: a >= 0.6 && lean.p99 <= 2 * baseline.p99 && lean.errors === 0 && baseline.errors === 0,
  });
  console.log(`  B1a p99 ours ÷ baseline = ${(lean.p99 / baseline.p99).toFixed(2)} (target ≤ 2)`);
  const b = full.reqPerSec / baseline.reqPerSec;
  report({
    id: 'B1b',
    what: `case submission, full intake with routing, ${CONNECTIONS} connections ${DURATION_MS / 1000} s`,
    ours: `POST /api/v1/cases ${fmt(full)}, ${fullStatements} SQL statements`,
    baseline: `bare Fastify prepared INSERT ${fmt(baseline)}`,
    ratio: b,
    target: '≥ 0.35, ≥ 100× the district peak of 10/min, errors 0',
    isMet: b >= 0.35 && full.reqPerSec * 60 >= 1000 && full.errors === 0,
  });
  const routed = await sql<{ cases: number; routed: number; events: number; notes: number; audits: number }>`
    select count(*)::int as cases, count(c.assignee_user_id)::int as routed,
      (select count(*)::int from case_event e where e.action = 'submit') as events,
      (select count(*)::int from notification where event = 'case.submitted') as notes,
      (select count(*)::int from audit_log where action = 'case.submit') as audits
    from "case" c where c.case_no not like 'B1%' and c.case_no not like 'M-%'`.execute(db);
  const r = routed.rows[0]!;
  const after = await sql<{ n: number }>`select count(*)::int as n from "case"`.execute(db);
  console.log(
    `  check: ${(after.rows[0]!.n - before.rows[0]!.n).toLocaleString('en')} cases written; full intake wrote ${r.cases.toLocaleString('en')} cases, ` +
      `${r.routed.toLocaleString('en')} routed to a 网格员, ${r.events.toLocaleString('en')} submit events, ` +
      `${r.notes.toLocaleString('en')} notifications, ${r.audits.toLocaleString('en')} audit rows; ${sessions.length.toLocaleString('en')} resident sessions rotated`,
  );
  await base.close();
  await app.close();
} finally {
  await db.destroy();
  await bench.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function timesOf(now: Date) {
  return {
    nodeStartedAt: now,
    dueAt: new Date(now.getTime() + 24 * 3_600_000),
    dueUnit: 'natural_hours',
    overallDueAt: new Date(now.getTime() + (LIMIT_DAYS + 2) * 86_400_000),
    createdAt: now,
    updatedAt: now,
  };
}
