import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Database, ensureDatabase } from '../apps/server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/db/embedded-postgres.ts';
import { migrateToLatest } from '../apps/server/src/platform/db/migrate.ts';

/**
 * A fresh, migrated database for one benchmark: on DATABASE_URL's server when set, else on an embedded
 * PostgreSQL in $TMPDIR/gongzhi-bench (kept between runs; each run gets a new database in it).
 */
export async function openBenchDb(
  name: string,
): Promise<{ db: Database; url: string; close(): Promise<void> }> {
  const server = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), 'gongzhi-bench'), log: () => {} });
  const adminUrl = process.env.DATABASE_URL ?? server!.url;
  const dbName = `bench_${name}_${Date.now()}`;
  const url = await ensureDatabase(adminUrl, dbName);
  const db = createDb(url);
  await migrateToLatest(db as never);
  return {
    db,
    url,
    async close() {
      await db.destroy();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
      await server?.stop();
    },
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Median of `runs` timings after one warm-up. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Median timings of ours and the baseline, run alternately (one warm-up each first) so both sides see the same
 * load on a shared machine.
 */
export async function alternatedMedians(
  runs: number,
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
): Promise<{ oursMs: number; baseMs: number }> {
  await ours();
  await baseline();
  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    oursTimes.push((await timed(ours)).ms);
    baseTimes.push((await timed(baseline)).ms);
  }
  return { oursMs: median(oursTimes), baseMs: median(baseTimes) };
}

/**
 * Prints one result line: what was measured, ours against the baseline, the ratio and the target from
 * research/perf.md, e.g. `B6 import 100000 rows: 41,000 rows/s vs COPY 180,000 rows/s = 0.23 (target ≥ 0.20) PASS`.
 */
export function report(line: {
  id: string;
  what: string;
  ours: string;
  baseline: string;
  ratio: number;
  target: string;
  isMet: boolean;
}) {
  console.log(
    `${line.id} ${line.what}: ${line.ours} vs ${line.baseline} = ${line.ratio.toFixed(2)} (target ${line.target}) ${line.isMet ? 'MET' : 'NOT MET'}`,
  );
}

export type { Database };
