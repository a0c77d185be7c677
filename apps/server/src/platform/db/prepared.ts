import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './database.ts';

/**
 * Runs a Kysely query as a named prepared statement (docs/decisions/007-prepared-statements.md): the name is a
 * hash of the SQL text, so every query of one shape shares one statement per connection, which PostgreSQL parses
 * once and, once its plan proves no worse than a custom one, plans once. For hot read paths whose planning costs
 * more than their execution; works on the pool and inside a transaction alike.
 */
export async function executePrepared<R>(db: Executor, query: Compilable<R>): Promise<R[]> {
  const result = await db.executeQuery(named(query.compile()));
  return result.rows;
}

/** The first row of `query` run as in `executePrepared`, or undefined. */
export async function executePreparedTakeFirst<R>(
  db: Executor,
  query: Compilable<R>,
): Promise<R | undefined> {
  return (await executePrepared(db, query))[0];
}

/**
 * Kysely's PostgreSQL driver hands `sql` to pg's `client.query(sql, values)`, and pg takes a `{ text, name }`
 * object there as well as a string: that is how the name reaches pg without a driver of our own. `toString`
 * keeps Kysely's query log readable.
 */
function named<R>(compiled: CompiledQuery<R>): CompiledQuery<R> {
  const text = compiled.sql;
  const config = { text, name: statementName(text), toString: () => text };
  return { ...compiled, sql: config as unknown as string };
}

// PostgreSQL truncates names to 63 bytes; 96 bits of SHA-1 make a collision between two shapes negligible.
function statementName(text: string): string {
  return `gz_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}
