import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-db.ts';
import { createDb } from '../db/database.ts';
import { createScheduler } from './scheduler.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise the test resolves by hand, to hold a job in the middle of its run. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe('scheduler with job leases', async () => {
  const { db, url } = await createTestDatabase();
  // A second pool stands for a second server instance on the same database.
  const otherDb = createDb(url, { max: 3 });
  afterAll(() => otherDb.destroy());
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);

  const lease = (name: string) =>
    db.selectFrom('jobLease').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('runs a job on exactly one of two instances calling runNow at the same time', async () => {
    let runs = 0;
    const hold = gate();
    const job = async () => {
      runs++;
      await hold.opened;
    };
    const a = createScheduler(db, log, { instanceId: 'a' });
    const b = createScheduler(otherDb, log, { instanceId: 'b' });
    a.every('race', 60_000, job);
    b.every('race', 60_000, job);
    const both = Promise.all([a.runNow('race'), b.runNow('race')]);
    await sleep(100);
    hold.open();
    const results = await both;
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    const row = await lease('race');
    expect(row.holder).toBeNull();
    expect(row.lastFinishedAt).not.toBeNull();
    // Released: the instance that lost the race may run it now.
    expect(await (results[0] ? b : a).runNow('race')).toBe(true);
    expect(runs).toBe(2);
  });

  it('never runs a job concurrently with itself inside one instance', async () => {
    let runs = 0;
    const hold = gate();
    const s = createScheduler(db, log, { instanceId: 'solo' });
    s.every('self', 60_000, async () => {
      runs++;
      await hold.opened;
    });
    const first = s.runNow('self');
    await sleep(50);
    expect(await s.runNow('self')).toBe(false);
    hold.open();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
  });

  it('waits for the lease of a crashed instance to expire, then runs', async () => {
    await sql`insert into job_lease (name, holder, lease_until)
      values ('orphan', 'crashed-instance', now() + interval '400 milliseconds')`.execute(db);
    let runs = 0;
    const s = createScheduler(db, log, { instanceId: 'survivor' });
    s.every('orphan', 60_000, async () => {
      runs++;
    });
    expect(await s.runNow('orphan')).toBe(false);
    expect(runs).toBe(0);
    await sleep(600);
    expect(await s.runNow('orphan')).toBe(true);
    expect(runs).toBe(1);
    expect((await lease('orphan')).holder).toBeNull();
  });

  it('renews the lease while a long job runs so no other instance starts it', async () => {
    const hold = gate();
    const a = createScheduler(db, log, { instanceId: 'a', leaseMs: 300 });
    const b = createScheduler(otherDb, log, { instanceId: 'b', leaseMs: 300 });
    let runs = 0;
    const job = async () => {
      runs++;
      await hold.opened;
    };
    a.every('long', 60_000, job);
    b.every('long', 60_000, job);
    const first = a.runNow('long');
    await sleep(700);
    expect((await lease('long')).holder).toBe('a');
    expect(await b.runNow('long')).toBe(false);
    hold.open();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
  });

  it('stop() waits for a running job and leaves the lease released', async () => {
    let isDone = false;
    const s = createScheduler(db, log, { instanceId: 'stopper' });
    s.every('slow', 60_000, async () => {
      await sleep(300);
      isDone = true;
    });
    s.start();
    const running = s.runNow('slow');
    await sleep(50);
    await s.stop();
    expect(isDone).toBe(true);
    expect(await running).toBe(true);
    expect((await lease('slow')).holder).toBeNull();
  });

  it('records a failing job, releases its lease and passes the given time', async () => {
    const s = createScheduler(db, log, { instanceId: 'x' });
    const at = new Date('2026-11-29T01:00:00Z');
    let seen: Date | null = null;
    s.every('broken', 60_000, async (now) => {
      seen = now;
      throw new Error('磁盘已满');
    });
    expect(await s.runNow('broken', at)).toBe(true);
    expect(seen).toEqual(at);
    const row = await lease('broken');
    expect(row.lastError).toBe('磁盘已满');
    expect(row.holder).toBeNull();
    expect(logs.some((m) => m.includes('broken') && m.includes('磁盘已满'))).toBe(true);
  });

  it('on a timer, two instances together run a job about once per interval, never overlapping', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const job = async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(20);
      active--;
    };
    const a = createScheduler(db, log, { instanceId: 'a' });
    const b = createScheduler(otherDb, log, { instanceId: 'b' });
    a.every('tick', 200, job);
    b.every('tick', 200, job);
    a.start();
    b.start();
    await sleep(1100);
    await Promise.all([a.stop(), b.stop()]);
    expect(maxActive).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    // Each instance ticks 5 times; without the shared next_run_at they would run up to 10 times.
    expect(runs).toBeLessThanOrEqual(6);
  });

  it('rejects a duplicate registration and an unknown job', async () => {
    const s = createScheduler(db, log);
    s.every('once', 1000, async () => {});
    expect(() => s.every('once', 1000, async () => {})).toThrow(/already registered/);
    await expect(s.runNow('missing')).rejects.toThrow(/not registered/);
  });
});
