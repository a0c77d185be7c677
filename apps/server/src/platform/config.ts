import path from 'node:path';
import { z } from 'zod';

/** The repository root: `data/` and the built web app are found relative to it. */
export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  GONGZHI_DATA_DIR: z.string().min(1).optional(),
  GONGZHI_SECRET: z.string().min(32, 'GONGZHI_SECRET 至少 32 个字符').optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GONGZHI_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  GONGZHI_WEB_DIST: z.string().optional(),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  secret: string | undefined;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  embeddedPgPort: number | undefined;
  webDist: string;
}

/** Reads the environment once, failing fast with the variable's name when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`环境变量有误 / invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.GONGZHI_DATA_DIR ?? path.join(repoRoot, 'data')),
    secret: e.GONGZHI_SECRET,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    embeddedPgPort: e.GONGZHI_EMBEDDED_PG_PORT,
    webDist: path.resolve(e.GONGZHI_WEB_DIST ?? path.join(repoRoot, 'apps/web/dist')),
  };
}
