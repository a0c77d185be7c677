import { describe, expect, it } from 'vitest';
import { checkCharacter, makeIdNumber, parseIdNumber } from './id-number.ts';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example and derives birth date and gender', () => {
    // The worked example of GB 11643-1999 (check character X).
    const r = parseIdNumber('11010519491231002x');
    expect(r).toEqual({
      ok: true,
      id: { value: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', regionCode: '110105' },
    });
  });

  it('computes the MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(makeIdNumber('430304', '1950-01-01', 11)).toMatch(/^43030419500101011[\dX]$/);
    const made = makeIdNumber('430304', '1950-01-01', 11);
    expect(parseIdNumber(made).ok).toBe(true);
  });

  it('names what is wrong', () => {
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
    expect(parseIdNumber(`${makeIdNumber('110105', '1949-02-30', 1).slice(0, 17)}0`)).toEqual({
      ok: false,
      problem: 'birth_date',
    });
    expect(parseIdNumber('010105194912310021')).toEqual({ ok: false, problem: 'region' });
  });

  it('refuses a birth date in the future', () => {
    const id = makeIdNumber('430304', '2030-01-01', 1);
    expect(parseIdNumber(id, new Date('2026-11-22'))).toEqual({ ok: false, problem: 'birth_date' });
  });

  it('reads the gender from the 17th digit', () => {
    const r = parseIdNumber(makeIdNumber('430304', '1980-05-05', 12));
    expect(r.ok && r.id.gender).toBe('female');
    const m = parseIdNumber(makeIdNumber('430304', '1980-05-05', 13));
    expect(m.ok && m.id.gender).toBe('male');
  });
});
