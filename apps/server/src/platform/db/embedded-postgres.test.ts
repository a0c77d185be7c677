import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-embedded-'));
fs.chmodSync(dataDir, 0o755);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const pidOf = (dir: string) =>
  Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL lifecycle', () => {
  it('initialises once with UTF-8 / C.UTF-8, and a second start reuses the data', async () => {
    const first = await startEmbeddedPostgres({ dataDir, log: () => {} });
    expect(first.version).toBe('15');
    const [settings] = await query<{ enc: string; ctype: string }>(
      first.url,
      "select pg_encoding_to_char(encoding) as enc, datctype as ctype from pg_database where datname = 'postgres'",
    );
    expect(settings).toEqual({ enc: 'UTF8', ctype: 'C.UTF-8' });
    await query(first.url, "create table kept (v text); insert into kept values ('五里堆')");
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, log: () => {} });
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: '五里堆' }]);
    await second.stop();
  });

  it('recovers when the previous run was killed and left its server running', async () => {
    // A separate Node process starts PostgreSQL and is then killed with SIGKILL, as a crash or `kill -9` would.
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, 'embedded-postgres.ts'))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, log: () => {} });
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const leftover = pidOf(dataDir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(isAlive(leftover)).toBe(true);

    const messages: string[] = [];
    const again = await startEmbeddedPostgres({ dataDir, log: (m) => messages.push(m) });
    expect(messages.some((m) => m.includes(String(leftover)))).toBe(true);
    expect(isAlive(leftover)).toBe(false);
    expect(await query(again.url, 'select v from kept')).toEqual([{ v: '五里堆' }]);
    await again.stop();
  });

  it('recovers from a stale postmaster.pid whose process is gone', async () => {
    fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), `999999\n${path.join(dataDir, 'pg')}\n`);
    const pg2 = await startEmbeddedPostgres({ dataDir, log: () => {} });
    expect(await query(pg2.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
    await pg2.stop();
  });
});
