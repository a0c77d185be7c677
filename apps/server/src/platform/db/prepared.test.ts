import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-db.ts';
import { createDb, type Database } from './database.ts';
import { executePrepared, executePreparedTakeFirst } from './prepared.ts';

// One connection, so pg_prepared_statements (per connection) shows every statement the tests prepare.
const { url } = await createTestDatabase();
const db = createDb(url, { max: 1 });
afterAll(() => db.destroy());

// Each test has shapes of its own (the alias): pg keeps statements per connection for the connection's life.
const byValue = (db: Database, n: number, alias: string) =>
  db.selectNoFrom([sql<number>`${n}::int * 2`.as(alias)]);
const byTwoValues = (db: Database, a: number, b: number, alias: string) =>
  db.selectNoFrom([sql<number>`${a}::int + ${b}::int`.as(alias)]);

/** The statements prepared on the connection for these query texts. */
async function prepared(texts: string[]): Promise<{ name: string; statement: string; runs: number }[]> {
  const { rows } = await sql<{ name: string; statement: string; runs: number }>`
    select name, statement, generic_plans + custom_plans as runs from pg_prepared_statements
    where statement = any(${texts})`.execute(db);
  return rows;
}

describe('executePrepared', () => {
  it('runs one shape as one named statement, whatever its values, on the pool and in a transaction', async () => {
    expect(await executePrepared(db, byValue(db, 2, 'doubledValue'))).toEqual([{ doubledValue: 4 }]);
    expect(await executePreparedTakeFirst(db, byValue(db, 5, 'doubledValue'))).toEqual({ doubledValue: 10 });
    const inTx = await db
      .transaction()
      .execute((tx) => executePreparedTakeFirst(tx, byValue(tx, 7, 'doubledValue')));
    expect(inTx).toEqual({ doubledValue: 14 });

    const text = byValue(db, 0, 'doubledValue').compile().sql;
    expect(await prepared([text])).toEqual([
      { name: expect.stringMatching(/^gz_[0-9a-f]{24}$/), statement: text, runs: 3 },
    ]);
  });

  it('gives each shape a statement of its own', async () => {
    expect(await executePreparedTakeFirst(db, byValue(db, 3, 'shapeResult'))).toEqual({ shapeResult: 6 });
    expect(await executePreparedTakeFirst(db, byTwoValues(db, 3, 4, 'shapeResult'))).toEqual({
      shapeResult: 7,
    });
    expect(await executePreparedTakeFirst(db, byValue(db, 4, 'shapeResult'))).toEqual({ shapeResult: 8 });

    const one = byValue(db, 0, 'shapeResult').compile().sql;
    const two = byTwoValues(db, 0, 0, 'shapeResult').compile().sql;
    const statements = await prepared([one, two]);
    expect(Object.fromEntries(statements.map((s) => [s.statement, s.runs]))).toEqual({ [one]: 2, [two]: 1 });
    expect(statements[0]!.name).not.toBe(statements[1]!.name);
  });

  it('passes errors through and keeps the statement usable after one', async () => {
    const text = (v: string) => db.selectNoFrom([sql<number>`${v}::int`.as('n')]);
    await expect(executePrepared(db, text('not a number'))).rejects.toMatchObject({ code: '22P02' });
    expect(await executePreparedTakeFirst(db, text('12'))).toEqual({ n: 12 });

    // A statement PostgreSQL refuses to parse is not remembered as prepared: the next try fails the same way.
    const broken = () => db.selectNoFrom([sql<number>`no_such_column`.as('n')]);
    await expect(executePrepared(db, broken())).rejects.toMatchObject({ code: '42703' });
    await expect(executePrepared(db, broken())).rejects.toMatchObject({ code: '42703' });

    // An error inside a transaction still rolls it back.
    await sql`create temp table prepared_probe (n int)`.execute(db);
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into prepared_probe values (1)`.execute(tx);
        await executePrepared(tx, text('x'));
      }),
    ).rejects.toMatchObject({ code: '22P02' });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from prepared_probe`.execute(db);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
