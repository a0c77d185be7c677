import { describe, expect, it } from 'vitest';
import { dueOn, parsePeriod, periodsNear, reminderStage } from './duty-periods.ts';

describe('duty report periods', () => {
  it('spans whole months and years', () => {
    expect(parsePeriod('month', '2026-02')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriod('month', '2026-12')).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(parsePeriod('year', '2026')).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('rejects a period that does not fit its kind', () => {
    expect(() => parsePeriod('month', '2026')).toThrow('YYYY-MM');
    expect(() => parsePeriod('year', '2026-10')).toThrow('YYYY');
  });

  it('falls due on the configured day, in December for the year', () => {
    expect(dueOn(parsePeriod('month', '2026-10'), 5)).toBe('2026-10-05');
    expect(dueOn(parsePeriod('year', '2026'), 25)).toBe('2026-12-25');
  });

  it('owes D-7 in the week before, then D-1, then D, and nothing after', () => {
    expect(reminderStage('2026-10-17', '2026-10-25')).toBeNull();
    expect(reminderStage('2026-10-18', '2026-10-25')).toBe('d7');
    expect(reminderStage('2026-10-23', '2026-10-25')).toBe('d7');
    expect(reminderStage('2026-10-24', '2026-10-25')).toBe('d1');
    expect(reminderStage('2026-10-25', '2026-10-25')).toBe('d0');
    expect(reminderStage('2026-10-26', '2026-10-25')).toBeNull();
  });

  it('looks at next month when its due day is near', () => {
    expect(periodsNear('2026-12-30').map((p) => p.period)).toEqual(['2026-12', '2027-01', '2026']);
  });
});
