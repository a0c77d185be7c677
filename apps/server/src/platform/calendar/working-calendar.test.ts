import { describe, expect, it } from 'vitest';
import { workingCalendar as cal, createWorkingCalendar, hasHolidayData } from './index.ts';

/** An Asia/Shanghai wall-clock time, e.g. `at('2026-11-27 16:00')`. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('working days on the official schedule', () => {
  it('has the official notices for 2024, 2025 and 2026', () => {
    expect([2024, 2025, 2026].map(hasHolidayData)).toEqual([true, true, true]);
  });

  it('gives 2025-10-01..08 (国庆 + 中秋) off and makes Sun 09-28 and Sat 10-11 调休 working days', () => {
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`), `2025-10-0${d}`).toBe(false);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('gives the 2026 Spring Festival 02-15..23 off with Sat 02-14 and Sat 02-28 worked', () => {
    const off = ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) =>
      cal.isWorkingDay(`2026-02-${d}`),
    );
    expect(off).toEqual(Array(9).fill(false));
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-01-04')).toBe(true);
  });

  it('falls back to Mon–Fri in a year without data, even on what is really a holiday', () => {
    expect(hasHolidayData(2003)).toBe(false);
    expect(hasHolidayData(2099)).toBe(false);
    expect(cal.isWorkingDay('2003-10-01')).toBe(true);
    expect(cal.isWorkingDay('2099-01-03')).toBe(false);
    expect(cal.nextWorkingDay('2099-01-03')).toBe('2099-01-05');
  });

  it('moves to the next working day, and keeps a working day as it is', () => {
    expect(cal.nextWorkingDay('2026-11-27')).toBe('2026-11-27');
    expect(cal.nextWorkingDay('2026-11-28')).toBe('2026-11-30');
    expect(cal.nextWorkingDay('2025-10-01')).toBe('2025-10-09');
    // First Friday of October 2026 falls in the National Day break.
    expect(cal.nextWorkingDay('2026-10-02')).toBe('2026-10-08');
  });

  it('rejects a day that is not yyyy-mm-dd', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.nextWorkingDay('2026/11/27')).toThrow(RangeError);
  });
});

describe('addDuration', () => {
  it('counts 3 working days from Friday 16:00 to the end of Wednesday when no holiday intervenes', () => {
    expect(cal.addDuration(at('2026-11-27 16:00'), { amount: 3, unit: 'working_days' })).toEqual(
      at('2026-12-02 17:30'),
    );
  });

  it('does not count the start day even when submitted before working hours, nor days off', () => {
    expect(cal.addDuration(at('2026-11-30 07:00'), { amount: 1, unit: 'working_days' })).toEqual(
      at('2026-12-01 17:30'),
    );
    expect(cal.addDuration(at('2026-11-28 10:00'), { amount: 1, unit: 'working_days' })).toEqual(
      at('2026-11-30 17:30'),
    );
    // Late Friday evening is still Friday in Shanghai, although already Friday afternoon in UTC.
    expect(cal.addDuration(at('2026-11-27 23:30'), { amount: 1, unit: 'working_days' })).toEqual(
      at('2026-11-30 17:30'),
    );
  });

  it('counts 调休 Sundays and skips the National Day break', () => {
    // Sun 09-28, Mon 09-29, Tue 09-30.
    expect(cal.addDuration(at('2025-09-26 16:00'), { amount: 3, unit: 'working_days' })).toEqual(
      at('2025-09-30 17:30'),
    );
    expect(cal.addDuration(at('2025-09-26 16:00'), { amount: 4, unit: 'working_days' })).toEqual(
      at('2025-10-09 17:30'),
    );
  });

  it('crosses the 2026 Spring Festival: Sat 02-14 is worked, then 02-24 and 02-25', () => {
    expect(cal.addDuration(at('2026-02-13 16:00'), { amount: 3, unit: 'working_days' })).toEqual(
      at('2026-02-25 17:30'),
    );
  });

  it('adds 24 natural hours and natural days straight through nights and weekends', () => {
    expect(cal.addDuration(at('2026-11-27 16:00'), { amount: 24, unit: 'natural_hours' })).toEqual(
      at('2026-11-28 16:00'),
    );
    expect(cal.addDuration(at('2025-09-30 09:15'), { amount: 2, unit: 'natural_days' })).toEqual(
      at('2025-10-02 09:15'),
    );
  });

  it('adds working hours across the lunch break', () => {
    expect(cal.addDuration(at('2026-11-30 11:00'), { amount: 2, unit: 'working_hours' })).toEqual(
      at('2026-11-30 15:00'),
    );
    expect(cal.addDuration(at('2026-11-30 12:30'), { amount: 0.5, unit: 'working_hours' })).toEqual(
      at('2026-11-30 14:30'),
    );
  });

  it('adds working hours across a weekend, ending at 17:30 rather than the next morning when it fits', () => {
    expect(cal.addDuration(at('2026-11-27 16:30'), { amount: 3, unit: 'working_hours' })).toEqual(
      at('2026-11-30 10:30'),
    );
    expect(cal.addDuration(at('2026-11-27 16:30'), { amount: 1, unit: 'working_hours' })).toEqual(
      at('2026-11-27 17:30'),
    );
    expect(cal.addDuration(at('2026-11-28 10:00'), { amount: 1, unit: 'working_hours' })).toEqual(
      at('2026-11-30 09:30'),
    );
  });

  it('adds working hours across a holiday break', () => {
    expect(cal.addDuration(at('2025-09-30 17:00'), { amount: 1, unit: 'working_hours' })).toEqual(
      at('2025-10-09 09:00'),
    );
  });

  it('rejects negative, non-finite and fractional working-day amounts', () => {
    const start = at('2026-11-27 16:00');
    expect(() => cal.addDuration(start, { amount: -1, unit: 'natural_hours' })).toThrow(RangeError);
    expect(() => cal.addDuration(start, { amount: Number.NaN, unit: 'working_hours' })).toThrow(RangeError);
    expect(() => cal.addDuration(start, { amount: 1.5, unit: 'working_days' })).toThrow(RangeError);
  });
});

describe('elapsedShare', () => {
  // Fri 16:00 + 8 working hours: 1.5 h on Friday, then Monday 08:30–12:00 and 14:00–17:00.
  const start = at('2026-11-27 16:00');
  const due = at('2026-11-30 17:00');

  it('is the due instant of 8 working hours', () => {
    expect(cal.addDuration(start, { amount: 8, unit: 'working_hours' })).toEqual(due);
  });

  it('reaches 50 % and 80 % in working time, not natural time', () => {
    expect(cal.elapsedShare(start, due, at('2026-11-30 11:00'), 'working_hours')).toBeCloseTo(0.5, 10);
    expect(cal.elapsedShare(start, due, at('2026-11-30 15:24'), 'working_hours')).toBeCloseTo(0.8, 10);
    // The weekend does not count: Saturday noon is still at 1.5 of 8 hours.
    expect(cal.elapsedShare(start, due, at('2026-11-28 12:00'), 'working_hours')).toBeCloseTo(1.5 / 8, 10);
    expect(cal.elapsedShare(start, due, at('2026-11-28 12:00'), 'natural_hours')).toBeCloseTo(20 / 73, 10);
  });

  it('counts working-day deadlines in working time too', () => {
    const dueWed = at('2026-12-02 17:30'); // 1.5 h + 3 × 7 h = 22.5 h
    expect(cal.elapsedShare(start, dueWed, at('2026-12-01 11:15'), 'working_days')).toBeCloseTo(0.5, 10);
    expect(cal.elapsedShare(start, dueWed, at('2026-12-02 11:00'), 'working_days')).toBeCloseTo(0.8, 10);
  });

  it('is 0 before the start, 1 at the due instant and above 1 once past it', () => {
    expect(cal.elapsedShare(start, due, at('2026-11-27 15:00'), 'working_hours')).toBe(0);
    expect(cal.elapsedShare(start, due, due, 'working_hours')).toBe(1);
    expect(cal.elapsedShare(start, due, at('2026-11-30 17:20'), 'working_hours')).toBeGreaterThan(1);
    // Monday 17:00–17:30 is still working time, so 09:30 Tuesday is 9.5 of 8 hours.
    expect(cal.elapsedShare(start, due, at('2026-12-01 09:30'), 'working_hours')).toBeCloseTo(9.5 / 8, 10);
  });

  it('is overdue on the evening after a 17:30 deadline, though no working time has passed since', () => {
    const dueWed = at('2026-12-02 17:30');
    expect(cal.elapsedShare(start, dueWed, dueWed, 'working_days')).toBe(1);
    expect(cal.elapsedShare(start, dueWed, at('2026-12-02 20:00'), 'working_days')).toBeGreaterThan(1);
    expect(cal.elapsedShare(start, dueWed, at('2026-12-05 10:00'), 'working_days')).toBeGreaterThan(1);
  });

  it('uses natural time for natural units', () => {
    const due24 = at('2026-11-28 16:00');
    expect(cal.elapsedShare(start, due24, at('2026-11-28 04:00'), 'natural_hours')).toBe(0.5);
    expect(cal.elapsedShare(start, due24, at('2026-11-28 11:12'), 'natural_days')).toBeCloseTo(0.8, 10);
    expect(cal.elapsedShare(start, due24, at('2026-11-28 22:00'), 'natural_hours')).toBe(1.25);
  });
});

describe('createWorkingCalendar options', () => {
  it('uses the configured working hours', () => {
    const late = createWorkingCalendar({ morning: ['09:00', '12:00'], afternoon: ['13:30', '18:00'] });
    expect(late.addDuration(at('2026-11-27 16:00'), { amount: 3, unit: 'working_days' })).toEqual(
      at('2026-12-02 18:00'),
    );
    expect(late.addDuration(at('2026-11-30 11:00'), { amount: 2, unit: 'working_hours' })).toEqual(
      at('2026-11-30 14:30'),
    );
  });

  it('rejects malformed or overlapping working hours', () => {
    expect(() => createWorkingCalendar({ morning: ['8:30', '12:00'] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ morning: ['08:30', '14:30'] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ afternoon: ['17:30', '14:00'] })).toThrow(RangeError);
  });
});
