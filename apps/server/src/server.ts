import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { scheduleCaseSweep } from './modules/cases/index.ts';
import { scheduleVoteTally } from './modules/deliberation/index.ts';
import { scheduleDutyReminders } from './modules/duty-reports/index.ts';
import { recoverInterruptedImports } from './modules/ledgers/index.ts';
import { scheduleMeetingReminders } from './modules/meetings/index.ts';
import { developmentChannels, scheduleOutboxDispatch } from './modules/notifications/index.ts';
import type { AppDeps } from './platform/deps.ts';
import { createScheduler } from './platform/scheduler/index.ts';

/**
 * Builds the app on an opened database, listens on the configured host and port, and closes both on
 * SIGINT/SIGTERM. Shared by `main.ts` and `gongzhi demo --serve`.
 */
export async function serve(
  opened: { deps: AppDeps; close(): Promise<void> },
  log: (m: string) => void = console.log,
): Promise<FastifyInstance> {
  const { config } = opened.deps;
  // An import cut off by a crash or kill left no rows (it commits in one transaction); mark it failed.
  const interrupted = await recoverInterruptedImports(opened.deps.db, config.dataDir);
  if (interrupted > 0) log(`${interrupted} 个中断的导入已标记为失败，未写入任何数据`);
  const app = await buildApp(opened.deps);
  const scheduler = createScheduler(opened.deps.db, log);
  // Development channels only: messages land in the 开发发件箱 and nothing leaves the machine.
  scheduleOutboxDispatch(scheduler, opened.deps.db, developmentChannels());
  scheduleCaseSweep(scheduler, opened.deps);
  scheduleDutyReminders(scheduler, opened.deps);
  scheduleMeetingReminders(scheduler, opened.deps);
  scheduleVoteTally(scheduler, opened.deps);
  let isClosing = false;
  async function shutdown(signal: string) {
    if (isClosing) return;
    isClosing = true;
    log(`收到 ${signal}，正在停止… / shutting down`);
    await scheduler.stop().catch(() => {});
    await app.close().catch(() => {});
    await opened.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // E.g. the port is taken: stop the embedded PostgreSQL rather than leave it running without us.
    await opened.close();
    throw err;
  }
  scheduler.start();
  log(`共治 Gongzhi 已启动：http://${config.host}:${config.port}  (API 文档 /api/docs)`);
  return app;
}
