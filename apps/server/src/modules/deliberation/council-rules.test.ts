import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../../platform/calendar/index.ts';
import { checkDecision, describeRule, nextRegularDays, regularDayOfMonth } from './council-rules.ts';

const FIRST_FRIDAY = { week: 1, weekday: 5, holidayRule: 'next_working_day' as const };

describe('regular day (议事日)', () => {
  it('a topic raised on 2021-02-20 is proposed for 2021-03-05, the first Friday of March (AS-07)', () => {
    expect(nextRegularDays('2021-02-20', FIRST_FRIDAY, workingCalendar)).toEqual([
      { regularDay: '2021-03-05', conflict: null, proposedOn: '2021-03-05', holidayRule: 'next_working_day' },
    ]);
  });

  it('the first Friday that is the regular day itself is not "after" it', () => {
    expect(nextRegularDays('2021-03-05', FIRST_FRIDAY, workingCalendar)[0]!.regularDay).toBe('2021-04-02');
  });

  it.each([
    ['2021-01', '2021-01-01', '元旦'],
    ['2021-10', '2021-10-01', '国庆节'],
    ['2020-05', '2020-05-01', '劳动节'],
    ['2026-05', '2026-05-01', '劳动节'],
  ])('first Friday of %s falls on %s (%s): conflict shown', (month, day, name) => {
    expect(regularDayOfMonth(month, FIRST_FRIDAY)).toBe(day);
    // Asked from the day before, the holiday is the next regular day; asked from the day itself, it is not.
    const [r] = nextRegularDays(day, FIRST_FRIDAY, workingCalendar);
    const [fromBefore] = nextRegularDays(
      new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      FIRST_FRIDAY,
      workingCalendar,
    );
    expect(r!.regularDay).not.toBe(day);
    expect(fromBefore!.conflict).toBe(`${day} 是法定节假日（${name}）`);
    expect(workingCalendar.isWorkingDay(fromBefore!.proposedOn)).toBe(true);
    expect(fromBefore!.proposedOn > day).toBe(true);
  });

  it('2026-05-01: moved to 2026-05-06 under next_working_day, kept under keep', () => {
    const moved = nextRegularDays('2026-04-20', FIRST_FRIDAY, workingCalendar)[0]!;
    expect(moved).toEqual({
      regularDay: '2026-05-01',
      conflict: '2026-05-01 是法定节假日（劳动节）',
      proposedOn: '2026-05-06',
      holidayRule: 'next_working_day',
    });
    const kept = nextRegularDays('2026-04-20', { ...FIRST_FRIDAY, holidayRule: 'keep' }, workingCalendar)[0]!;
    expect(kept).toMatchObject({ conflict: '2026-05-01 是法定节假日（劳动节）', proposedOn: '2026-05-01' });
  });

  it('other rules: the third Wednesday; across a year end', () => {
    expect(regularDayOfMonth('2026-12', { week: 3, weekday: 3 })).toBe('2026-12-16');
    const days = nextRegularDays('2026-12-10', FIRST_FRIDAY, workingCalendar, 2).map((d) => d.regularDay);
    expect(days).toEqual(['2027-01-01', '2027-02-05']);
    expect(describeRule({ week: 1, weekday: 5 })).toBe('每月第一个星期五');
  });
});

describe('decision: quorum and majority', () => {
  const base = { memberCount: 11, quorumPercent: 50, majorityPercent: 50 };

  it('consensus with 6 of 11 present passes; 5 of 11 cannot pass', () => {
    expect(checkDecision({ ...base, presentCount: 6, outcomeKind: 'consensus', passed: true })).toEqual({
      ok: true,
      quorumMet: true,
      majorityMet: true,
    });
    const refused = checkDecision({ ...base, presentCount: 5, outcomeKind: 'consensus', passed: true });
    expect(refused).toMatchObject({ ok: false, field: 'passed' });
    if (!refused.ok) expect(refused.reason).toContain('不足法定人数');
  });

  it('a vote needs more than half of those present', () => {
    const vote = { ...base, presentCount: 8, outcomeKind: 'vote' as const, votesAgainst: 3, votesAbstain: 1 };
    expect(checkDecision({ ...vote, votesFor: 4, passed: true })).toMatchObject({
      ok: false,
      field: 'passed',
    });
    expect(checkDecision({ ...vote, votesFor: 4, passed: false })).toEqual({
      ok: true,
      quorumMet: true,
      majorityMet: false,
    });
    expect(checkDecision({ ...vote, votesFor: 5, votesAgainst: 2, passed: true })).toMatchObject({
      ok: true,
    });
  });

  it('refuses more ballots than people present, and a vote without figures', () => {
    expect(
      checkDecision({
        ...base,
        presentCount: 6,
        outcomeKind: 'vote',
        votesFor: 5,
        votesAgainst: 2,
        votesAbstain: 0,
        passed: true,
      }),
    ).toMatchObject({ ok: false, field: 'votesFor' });
    expect(checkDecision({ ...base, presentCount: 6, outcomeKind: 'vote', passed: false })).toMatchObject({
      ok: false,
      field: 'votesFor',
    });
  });

  it('configurable: two-thirds quorum', () => {
    expect(
      checkDecision({ ...base, quorumPercent: 66, presentCount: 7, outcomeKind: 'consensus', passed: true }),
    ).toMatchObject({ ok: false });
    expect(
      checkDecision({ ...base, quorumPercent: 66, presentCount: 8, outcomeKind: 'consensus', passed: true }),
    ).toMatchObject({ ok: true });
  });
});
