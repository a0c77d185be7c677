import { type SqlBool, sql } from 'kysely';

/**
 * Rows with inclusive `valid_from`/`valid_to` business days (positions, 联户 links) that hold today, for raw SQL
 * over the table aliased `alias`. `current_date` is the Asia/Shanghai day (platform/business-time.ts).
 */
export function activeToday(alias: string) {
  const a = sql.raw(alias);
  return sql<SqlBool>`${a}.valid_from <= current_date and (${a}.valid_to is null or ${a}.valid_to >= current_date)`;
}
