import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Periodic jobs shared by every server instance on one database. Each job has a row in `job_lease`: an
 * instance runs the job only while it holds the lease, renews it while the job runs, and releases it when done,
 * so a job never runs twice at once; a lease left by a crashed instance simply expires. Times come from the
 * database clock, so instances with skewed clocks agree.
 *
 * Jobs must be idempotent: a job cut off mid-run (crash, lost lease) runs again from the start on the next tick,
 * so it has to resume from database state rather than from memory.
 */
export interface Scheduler {
  /** Registers a job run about every `intervalMs` across all instances; register before `start()`. */
  every(name: string, intervalMs: number, run: (now: Date) => Promise<void>): void;
  start(): void;
  /** Stops the timers and waits for running jobs to finish. */
  stop(): Promise<void>;
  /** Runs the job now unless it is already running; false if another instance holds the lease. */
  runNow(name: string, now?: Date): Promise<boolean>;
}

export interface SchedulerOptions {
  /** How long a lease lasts without renewal; a crashed holder blocks the job at most this long. */
  leaseMs?: number;
  /** Identifies this instance in `job_lease.holder`. */
  instanceId?: string;
}

interface Job {
  name: string;
  intervalMs: number;
  run: (now: Date) => Promise<void>;
  timer: NodeJS.Timeout | null;
  running: Promise<boolean> | null;
}

const DEFAULT_LEASE_MS = 60_000;

export function createScheduler(
  db: Database,
  log: (m: string) => void,
  options: SchedulerOptions = {},
): Scheduler {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const holder = options.instanceId ?? `${process.pid}-${randomUUID()}`;
  const jobs = new Map<string, Job>();
  let isStopped = false;

  /** Takes the lease when it is free (and, for a scheduled tick, when the job is due); true if taken. */
  async function acquire(job: Job, isScheduled: boolean): Promise<boolean> {
    const taken = await sql<{ name: string }>`
      insert into job_lease (name, holder, lease_until, last_started_at)
      values (${job.name}, ${holder}, now() + ${leaseMs}::double precision * interval '1 millisecond', now())
      on conflict (name) do update
        set holder = excluded.holder, lease_until = excluded.lease_until, last_started_at = now()
        where job_lease.lease_until < now() and (${!isScheduled}::boolean or job_lease.next_run_at <= now())
      returning name`.execute(db);
    return taken.rows.length === 1;
  }

  async function renew(job: Job): Promise<void> {
    const res = await db
      .updateTable('jobLease')
      .set({ leaseUntil: sql<Date>`now() + ${leaseMs}::double precision * interval '1 millisecond'` })
      .where('name', '=', job.name)
      .where('holder', '=', holder)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) log(`定时任务 ${job.name} 的租约已丢失 / lease lost`);
  }

  async function release(job: Job, error: string | null): Promise<void> {
    await db
      .updateTable('jobLease')
      .set({
        holder: null,
        leaseUntil: sql<Date>`now()`,
        nextRunAt: sql<Date>`last_started_at + ${job.intervalMs}::double precision * interval '1 millisecond'`,
        lastFinishedAt: sql<Date>`now()`,
        lastError: error,
      })
      .where('name', '=', job.name)
      .where('holder', '=', holder)
      .execute();
  }

  async function attempt(job: Job, isScheduled: boolean, now: Date | undefined): Promise<boolean> {
    if (!(await acquire(job, isScheduled))) return false;
    // Renewing at a third of the lease leaves two chances before it lapses under a slow database.
    const heartbeat = setInterval(() => {
      renew(job).catch((err: Error) => log(`定时任务 ${job.name} 续租失败：${err.message}`));
    }, leaseMs / 3);
    heartbeat.unref();
    let error: string | null = null;
    try {
      await job.run(now ?? new Date());
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
      log(`定时任务 ${job.name} 失败 / job failed: ${error}`);
    } finally {
      clearInterval(heartbeat);
      await release(job, error).catch((err: Error) =>
        log(`定时任务 ${job.name} 释放租约失败：${err.message}`),
      );
    }
    return true;
  }

  /** One run at a time per job in this process; the lease covers the other instances. */
  async function trigger(job: Job, isScheduled: boolean, now?: Date): Promise<boolean> {
    if (job.running) return false;
    const running = attempt(job, isScheduled, now).finally(() => {
      job.running = null;
    });
    job.running = running;
    return running;
  }

  return {
    every(name, intervalMs, run) {
      if (jobs.has(name)) throw new Error(`job ${name} is already registered`);
      if (!(intervalMs > 0)) throw new Error(`job ${name} needs a positive interval`);
      jobs.set(name, { name, intervalMs, run, timer: null, running: null });
    },
    start() {
      isStopped = false;
      for (const job of jobs.values()) {
        if (job.timer) continue;
        job.timer = setInterval(() => {
          if (isStopped) return;
          trigger(job, true).catch((err: Error) => log(`定时任务 ${job.name} 无法启动：${err.message}`));
        }, job.intervalMs);
        job.timer.unref();
      }
    },
    async stop() {
      isStopped = true;
      for (const job of jobs.values()) {
        if (job.timer) clearInterval(job.timer);
        job.timer = null;
      }
      await Promise.allSettled([...jobs.values()].map((j) => j.running));
    },
    async runNow(name, now) {
      const job = jobs.get(name);
      if (!job) throw new Error(`job ${name} is not registered`);
      return trigger(job, false, now);
    },
  };
}
