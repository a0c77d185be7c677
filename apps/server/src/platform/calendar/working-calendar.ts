import { addDays } from '../business-time.ts';
import { officialDayKind } from './holidays.ts';

export type ClockUnit = 'natural_hours' | 'natural_days' | 'working_hours' | 'working_days';
export interface Duration {
  amount: number;
  unit: ClockUnit;
}
export interface WorkingCalendar {
  isWorkingDay(day: string /* yyyy-mm-dd, Asia/Shanghai */): boolean;
  /** The instant `d` after `start`; working_days counts whole working days and ends at the end of that day's working hours; working_hours counts only working-hour time. */
  addDuration(start: Date, d: Duration): Date;
  /** Share (0..∞) of the time from start to due that has passed at `now`, counted in the same clock (working or natural) as `unit`. 0.5 and 0.8 drive SLA warnings; > 1 is overdue. */
  elapsedShare(start: Date, due: Date, now: Date, unit: ClockUnit): number;
  /** Next working day on or after `day`. */
  nextWorkingDay(day: string): string;
}
export interface WorkingCalendarOptions {
  /** Morning working hours, `['HH:MM', 'HH:MM']` Asia/Shanghai; default 08:30–12:00. */
  morning?: [string, string];
  /** Afternoon working hours; default 14:00–17:30. */
  afternoon?: [string, string];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for Asia/Shanghai.
const SHANGHAI_OFFSET = 8 * HOUR;
// Longest run of days off in any schedule is well under this; a longer search means a broken calendar.
const MAX_DAYS_WITHOUT_WORK = 60;
// Past due is overdue even when no working time has passed since (the evening after a 17:30 deadline).
const JUST_OVERDUE = 1 + Number.EPSILON;

function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`日期格式应为 yyyy-mm-dd：${day}`);
  }
  return ms;
}

function parseClock(value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`工作时间格式应为 HH:MM：${value}`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE;
}

/** Asia/Shanghai day (`yyyy-mm-dd`) of an instant in epoch ms. */
function dayOf(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

function checkAmount(d: Duration): void {
  if (!Number.isFinite(d.amount) || d.amount < 0) throw new RangeError(`时限应为非负数：${d.amount}`);
  if (d.unit === 'working_days' && !Number.isInteger(d.amount)) {
    throw new RangeError(`工作日时限应为整数：${d.amount}`);
  }
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const [morningStart, morningEnd] = (options.morning ?? ['08:30', '12:00']).map(parseClock) as [
    number,
    number,
  ];
  const [afternoonStart, afternoonEnd] = (options.afternoon ?? ['14:00', '17:30']).map(parseClock) as [
    number,
    number,
  ];
  if (!(morningStart < morningEnd && morningEnd <= afternoonStart && afternoonStart < afternoonEnd)) {
    throw new RangeError('工作时间应为上午、下午两段依次递增且不重叠的时间');
  }

  const isWorkingDay = (day: string): boolean => {
    const weekday = new Date(parseDay(day)).getUTCDay();
    const kind = officialDayKind(day);
    if (kind) return kind === 'workday';
    return weekday !== 0 && weekday !== 6;
  };

  /** Working intervals of `day` as epoch-ms pairs; none on a day off. */
  const intervalsOf = (day: string): Array<[number, number]> => {
    if (!isWorkingDay(day)) return [];
    const midnight = parseDay(day) - SHANGHAI_OFFSET;
    return [
      [midnight + morningStart, midnight + morningEnd],
      [midnight + afternoonStart, midnight + afternoonEnd],
    ];
  };

  const nextWorkingDay = (day: string): string => {
    let candidate = day;
    for (let i = 0; i <= MAX_DAYS_WITHOUT_WORK; i++) {
      if (isWorkingDay(candidate)) return candidate;
      candidate = addDays(candidate, 1);
    }
    throw new Error(`${day} 之后 ${MAX_DAYS_WITHOUT_WORK} 天内没有工作日`);
  };

  const addWorkingTime = (start: number, amount: number): number => {
    let remaining = amount;
    if (remaining === 0) return start;
    for (let day = dayOf(start); ; day = addDays(day, 1)) {
      for (const [from, to] of intervalsOf(day)) {
        const begin = Math.max(from, start);
        if (begin >= to) continue;
        if (remaining <= to - begin) return begin + remaining;
        remaining -= to - begin;
      }
    }
  };

  const workingTimeBetween = (from: number, to: number): number => {
    let total = 0;
    for (let day = dayOf(from); day <= dayOf(to); day = addDays(day, 1)) {
      for (const [begin, end] of intervalsOf(day))
        total += Math.max(0, Math.min(end, to) - Math.max(begin, from));
    }
    return total;
  };

  const addDuration = (start: Date, d: Duration): Date => {
    checkAmount(d);
    const from = start.getTime();
    switch (d.unit) {
      case 'natural_hours':
        return new Date(from + d.amount * HOUR);
      case 'natural_days':
        // Without daylight saving a natural day is always 24 hours.
        return new Date(from + d.amount * DAY);
      case 'working_hours':
        return new Date(addWorkingTime(from, d.amount * HOUR));
      case 'working_days': {
        if (d.amount === 0) return start;
        // 民法典 第二百零一条: the day a period starts is not counted; counting begins the next day.
        let day = dayOf(from);
        for (let counted = 0; counted < d.amount; counted++) day = nextWorkingDay(addDays(day, 1));
        return new Date(parseDay(day) - SHANGHAI_OFFSET + afternoonEnd);
      }
    }
  };

  const elapsedShare = (start: Date, due: Date, now: Date, unit: ClockUnit): number => {
    const [s, e, n] = [start.getTime(), due.getTime(), now.getTime()];
    if (n <= s) return 0;
    const working = unit === 'working_hours' || unit === 'working_days';
    const total = working ? workingTimeBetween(s, e) : e - s;
    const passed = working ? workingTimeBetween(s, n) : n - s;
    if (total <= 0) return n > e ? Number.POSITIVE_INFINITY : n === e ? 1 : 0;
    const share = passed / total;
    return n > e ? Math.max(share, JUST_OVERDUE) : share;
  };

  return { isWorkingDay, addDuration, elapsedShare, nextWorkingDay };
}

/** The calendar with default working hours, 08:30–12:00 and 14:00–17:30. */
export const workingCalendar: WorkingCalendar = createWorkingCalendar();
