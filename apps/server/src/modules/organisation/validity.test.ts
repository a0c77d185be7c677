import { describe, expect, it } from 'vitest';
import { addDays, businessToday, closeBefore, closeOn, isActiveOn } from './validity.ts';

describe('link validity', () => {
  it('takes today in Asia/Shanghai, not UTC', () => {
    expect(businessToday(new Date('2026-03-01T17:30:00Z'))).toBe('2026-03-02');
    expect(businessToday(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('treats both ends as inclusive', () => {
    expect(isActiveOn('2026-01-01', '2026-01-31', '2026-01-31')).toBe(true);
    expect(isActiveOn('2026-01-01', '2026-01-31', '2026-02-01')).toBe(false);
    expect(isActiveOn('2026-01-02', null, '2026-01-01')).toBe(false);
    expect(isActiveOn('2026-01-02', null, '2030-01-01')).toBe(true);
  });

  it('ends a link the day before a move, and deletes one that would never have held', () => {
    expect(closeBefore({ validFrom: '2026-01-01', validTo: null }, '2026-05-10')).toEqual({
      action: 'end',
      validTo: '2026-05-09',
    });
    expect(closeBefore({ validFrom: '2026-05-10', validTo: null }, '2026-05-10')).toEqual({
      action: 'delete',
    });
    expect(closeBefore({ validFrom: '2026-06-01', validTo: '2026-06-30' }, '2026-05-10')).toEqual({
      action: 'delete',
    });
    expect(closeBefore({ validFrom: '2026-01-01', validTo: '2026-03-01' }, '2026-05-10')).toEqual({
      action: 'keep',
    });
    expect(closeBefore({ validFrom: '2026-01-01', validTo: '2026-05-20' }, '2026-05-10')).toEqual({
      action: 'end',
      validTo: '2026-05-09',
    });
  });

  it('ends links on the last day of their position', () => {
    expect(closeOn({ validFrom: '2026-01-01', validTo: null }, '2026-05-10')).toEqual({
      action: 'end',
      validTo: '2026-05-10',
    });
    expect(closeOn({ validFrom: '2026-05-10', validTo: null }, '2026-05-10')).toEqual({
      action: 'end',
      validTo: '2026-05-10',
    });
    expect(closeOn({ validFrom: '2026-05-11', validTo: null }, '2026-05-10')).toEqual({ action: 'delete' });
  });
});
