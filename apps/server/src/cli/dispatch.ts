import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { AppError } from '../platform/errors.ts';
import { serve } from '../server.ts';
import { type CliCommand, createCliEnv } from './cli-env.ts';

interface CommandDef {
  usage: string;
  summary: string;
  load: () => Promise<{ run: CliCommand }>;
}

/** Keyed by the words that name the command; the import is deferred so `--help` opens no database. */
const COMMANDS: Record<string, CommandDef> = {
  setup: {
    usage: 'gongzhi setup [--username 用户名 --display-name 姓名 --password 密码 --community 社区代码或名称]',
    summary: '首次设置：创建管理员并选择社区（缺少的项会逐一询问）',
    load: () => import('./commands/setup.ts'),
  },
  demo: {
    usage: 'gongzhi demo [--serve]',
    summary: '载入五个种子社区的演示数据（已载入则跳过）；--serve 随后启动服务',
    load: () => import('./commands/demo.ts'),
  },
  migrate: {
    usage: 'gongzhi migrate',
    summary: '把数据库结构迁移到最新版本后退出',
    load: () => import('./commands/migrate.ts'),
  },
  'import residents': {
    usage: 'gongzhi import residents 文件.xlsx --community 社区代码 [--mode valid_only|all_or_nothing]',
    summary: '从 Excel 居民花名册导入居民（先校验，列出错误行）',
    load: () => import('./commands/import-residents.ts'),
  },
  'export residents': {
    usage: 'gongzhi export residents --community 社区代码 [--out 文件.xlsx] [--unmasked --reason 原因]',
    summary: '导出居民花名册（默认脱敏；未脱敏须说明原因并记入审计）',
    load: () => import('./commands/export-residents.ts'),
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    '共治 Gongzhi 命令行',
    '',
    '用法：gongzhi <命令> [选项]',
    '',
    '命令：',
    ...lines,
    '',
    '每个命令加 --help 显示其用法。数据库：设置了 DATABASE_URL 时连接它，否则使用 data/ 中的内置 PostgreSQL。',
  ].join('\n');
}

export interface CliStreams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Runs one command and returns the exit code: 0 done, 1 failed, 2 bad usage. */
export async function runCli(
  argv: string[],
  streams: CliStreams = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    streams.out.write(`${helpText()}\n`);
    return 0;
  }
  const name = second && COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = COMMANDS[name];
  if (!command) {
    streams.err.write(`没有这个命令：${argv.slice(0, 2).join(' ')}\n\n${helpText()}\n`);
    return 2;
  }
  const args = argv.slice(name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    streams.out.write(`用法：${command.usage}\n${command.summary}\n`);
    return 0;
  }
  const { run } = await command.load();
  const config = loadConfig();
  const opened = await openDatabase(config, (m) => streams.err.write(`${m}\n`));
  let keepOpen = false;
  try {
    const code = await run(args, createCliEnv(opened.deps, streams));
    if (code === 0 && name === 'demo' && args.includes('--serve')) {
      await serve(opened, (m) => streams.out.write(`${m}\n`));
      keepOpen = true;
    }
    return code;
  } catch (err) {
    // node:util parseArgs throws on an unknown option or a missing value: that is bad usage, not a crash.
    if (String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      streams.err.write(`${(err as Error).message}\n用法：${command.usage}\n`);
      return 2;
    }
    if (!(err instanceof AppError)) throw err;
    streams.err.write(`${err.message}\n`);
    return 1;
  } finally {
    if (!keepOpen) await opened.close();
  }
}
