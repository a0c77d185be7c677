import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-db.ts';
import { addDays, BUSINESS_TIME_ZONE, businessToday } from './business-time.ts';

describe('business time', () => {
  it('names the Asia/Shanghai day, which is already tomorrow late in the UTC evening', () => {
    expect(businessToday(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(businessToday(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('runs database sessions in the same zone, so current_date is the business day', async () => {
    const { db } = await createTestDatabase();
    const { rows } = await sql<{ zone: string; today: string }>`
      select current_setting('TimeZone') as zone, current_date::text as today`.execute(db);
    expect(rows[0]).toEqual({ zone: BUSINESS_TIME_ZONE, today: businessToday() });
  });
});
