import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PASSWORD, WULIDUI } from '../../test/factories.ts';
import { buildTestApp } from '../../test/test-app.ts';
import { createTestDatabase } from '../../test/test-db.ts';
import { searchDivisions } from '../modules/setup/index.ts';
import { createCliEnv } from './cli-env.ts';
import { run as migrate } from './commands/migrate.ts';
import { run as setup } from './commands/setup.ts';
import { runCli } from './dispatch.ts';

/** Streams that remember what a command wrote, and an input that feeds it answers line by line. */
function io(answers: string[] = []) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c) => (chunks.out += String(c)));
  err.on('data', (c) => (chunks.err += String(c)));
  const input = new PassThrough();
  input.end(answers.map((a) => `${a}\n`).join(''));
  return { streams: { out, err, in: input }, chunks };
}

describe('gongzhi dispatcher', () => {
  it('lists the commands in Chinese and exits 0 on --help, without opening a database', async () => {
    const { streams, chunks } = io();
    expect(await runCli(['--help'], streams)).toBe(0);
    for (const name of ['setup', 'demo', 'migrate', 'import residents', 'export residents'])
      expect(chunks.out).toContain(name);
    expect(chunks.out).toContain('首次设置');
    expect(await runCli(['import', 'residents', '--help'], streams)).toBe(0);
    expect(chunks.out).toContain('用法：gongzhi import residents');
  });

  it('rejects an unknown command with exit code 2', async () => {
    const { streams, chunks } = io();
    expect(await runCli(['frobnicate'], streams)).toBe(2);
    expect(chunks.err).toContain('没有这个命令：frobnicate');
    expect(await runCli(['import', 'cats'], streams)).toBe(2);
  });

  it('answers an unknown option with the usage and exit code 2, not a stack trace', async () => {
    const { url } = await createTestDatabase();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const { streams, chunks } = io();
      expect(await runCli(['setup', '--frobnicate'], streams)).toBe(2);
      expect(chunks.err).toContain('--frobnicate');
      expect(chunks.err).toContain('用法：');
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});

describe('gongzhi setup and migrate', async () => {
  const t = await buildTestApp();

  it('refuses bad flags naming the field, and creates nothing', async () => {
    const { streams, chunks } = io();
    const code = await setup(
      ['--username', 'wang', '--display-name', '王芳', '--password', 'short', '--community', WULIDUI],
      createCliEnv(t.deps, streams),
    );
    expect(code).toBe(2);
    expect(chunks.err).toContain('密码');
    expect(await t.db.selectFrom('appUser').select('id').execute()).toEqual([]);
  });

  it('asks in Chinese for what the flags leave out, finds the community by name, and creates the administrator', async () => {
    // Username and name from flags; password twice (the first pair differs), then a search and a pick.
    const matches = await searchDivisions(t.db, '五里堆', 5, 20);
    const pick = String(matches.findIndex((d) => d.code === WULIDUI) + 1);
    expect(matches.length).toBeGreaterThan(1);
    const { streams, chunks } = io([PASSWORD, 'typo-typo-typo', PASSWORD, PASSWORD, '五里堆', pick]);
    const code = await setup(['--username', 'wang', '--display-name', '王芳'], createCliEnv(t.deps, streams));
    expect(chunks.err).toBe('');
    expect(code).toBe(0);
    expect(chunks.out).toContain('两次输入的密码不一致');
    expect(chunks.out).toContain(`湖南省 湘潭市 岳塘区 五里堆街道 五里堆社区居委会（${WULIDUI}）`);
    expect(chunks.out).toContain('已创建管理员 王芳（wang）');
    const user = await t.db
      .selectFrom('appUser')
      .select(['id', 'isSuperuser', 'homeDistrictId'])
      .where('username', '=', 'wang')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ isSuperuser: true, homeDistrictId: '430304' });
    const positions = await t.db
      .selectFrom('position')
      .select(['kind', 'districtId'])
      .where('holderUserId', '=', user.id)
      .execute();
    expect(positions).toEqual([{ kind: 'admin', districtId: '430304' }]);
    // No session is opened for a command-line setup; the password works in the browser.
    expect(await t.db.selectFrom('userSession').select('id').execute()).toEqual([]);
    await t.client().login('wang', PASSWORD);

    // The CLI acts as that administrator in her district, so audit rows name her.
    const ctx = await createCliEnv(t.deps).contextFor('430304');
    expect(ctx.actor).toMatchObject({ userId: user.id, isSuperuser: true, districtId: '430304' });
    await expect(createCliEnv(t.deps).contextFor('320116')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cannot be run twice', async () => {
    const { streams, chunks } = io();
    const code = await setup(
      ['--username', 'li', '--display-name', '李', '--password', PASSWORD, '--community', WULIDUI],
      createCliEnv(t.deps, streams),
    );
    expect(code).toBe(1);
    expect(chunks.err).toContain('已完成首次设置');
    expect((await t.db.selectFrom('appUser').select('username').execute()).map((u) => u.username)).toEqual([
      'wang',
    ]);
  });

  it('migrate reports an up-to-date schema', async () => {
    const { streams, chunks } = io();
    expect(await migrate([], createCliEnv(t.deps, streams))).toBe(0);
    expect(chunks.out).toContain('数据库结构已是最新');
  });
});
