// Runs the database-backed tests again on Debian's PostgreSQL 15 when it is installed (DESIGN.md: both servers).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (!fs.existsSync('/usr/lib/postgresql/15/bin/postgres')) {
  console.log('系统 PostgreSQL 15 未安装，跳过 / system PostgreSQL 15 not installed: skipped');
  process.exit(0);
}
// The database-backed tests only: files named *.routes.test.ts, the tenancy rule, and repository tests.
const filters =
  process.argv.length > 2 ? process.argv.slice(2) : ['routes.test', 'tenancy.test', 'repository.test'];
const result = spawnSync('npx', ['vitest', 'run', '--project', 'server', ...filters], {
  stdio: 'inherit',
  env: { ...process.env, GONGZHI_TEST_PG: 'system' },
});
process.exit(result.status ?? 1);
