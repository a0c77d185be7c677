import { describe, expect, it } from 'vitest';
import { atDay, occurrenceDays } from './recurrence.ts';

const weekdaysOnly = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

describe('occurrenceDays', () => {
  it('daily on working days only', () => {
    const days = occurrenceDays(
      '2027-03-05',
      { freq: 'daily', until: '2027-03-10', workingDaysOnly: true, monthlyBy: 'monthDay' },
      weekdaysOnly,
      100,
    );
    expect(days).toEqual(['2027-03-05', '2027-03-08', '2027-03-09', '2027-03-10']);
  });

  it('monthly by day of month skips months without that day', () => {
    const days = occurrenceDays(
      '2027-01-31',
      { freq: 'monthly', until: '2027-05-31', workingDaysOnly: false, monthlyBy: 'monthDay' },
      weekdaysOnly,
      100,
    );
    expect(days).toEqual(['2027-01-31', '2027-03-31', '2027-05-31']);
  });

  it('stops at the maximum count', () => {
    const rule = {
      freq: 'daily',
      until: '2028-01-01',
      workingDaysOnly: false,
      monthlyBy: 'monthDay',
    } as const;
    expect(occurrenceDays('2027-01-01', rule, weekdaysOnly, 3)).toHaveLength(3);
  });

  it('keeps the Shanghai wall-clock time on another day', () => {
    expect(atDay(new Date('2027-03-05T00:30:00Z'), '2027-03-09').toISOString()).toBe(
      '2027-03-09T00:30:00.000Z',
    );
  });
});
