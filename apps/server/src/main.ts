import { buildApp } from './app.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/open.ts';

const config = loadConfig();
const opened = await openDatabase(config, (m) => console.log(m));
const app = await buildApp(opened.deps);

let isClosing = false;
async function shutdown(signal: string) {
  if (isClosing) return;
  isClosing = true;
  console.log(`收到 ${signal}，正在停止… / shutting down`);
  await app.close().catch(() => {});
  await opened.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.host, port: config.port });
console.log(`共治 Gongzhi 已启动：http://${config.host}:${config.port}  (API 文档 /api/docs)`);
