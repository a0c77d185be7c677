import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Sends SIGTERM and resolves with the exit code once the process has gone. */
  stop(): Promise<number | null>;
  /** What the server printed so far, for failure messages. */
  output(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `apps/server/src/main.ts` on a fresh data directory and waits until /api/health answers. */
export async function startServer(timeoutMs = 180_000): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  // When run as root, the embedded PostgreSQL runs as a separate user that must be able to enter the directory.
  fs.chmodSync(dataDir, 0o755);
  // A private copy of the built app: the static server only knows the files present at start, and a rebuild
  // elsewhere during the run would replace the hashed chunks under it.
  const webDist = path.join(dataDir, 'web');
  const builtDist = path.join(repoRoot, 'apps/web/dist');
  if (!fs.existsSync(path.join(builtDist, 'index.html')))
    throw new Error('网页尚未构建：先运行 npm run build -w apps/web');
  fs.cpSync(builtDist, webDist, { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'db'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  // Always the embedded PostgreSQL in the fresh data directory, never a developer's DATABASE_URL.
  const { DATABASE_URL: _ignored, GONGZHI_EMBEDDED_PG_PORT: _port, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...env,
      GONGZHI_DATA_DIR: path.join(dataDir, 'db'),
      GONGZHI_WEB_DIST: webDist,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) throw new Error(`服务器提前退出 / server exited early:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`服务器未在时限内就绪 / server not healthy in time:\n${log}`);
    }
    const res = await fetch(`${baseUrl}/api/health`).catch(() => null);
    if (res?.ok) break;
    await sleep(500);
  }
  return {
    baseUrl,
    dataDir,
    output: () => log,
    async stop() {
      if (!hasExited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
