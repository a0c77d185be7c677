import type { HolidayRule, RegularDay } from '@gongzhi/contract/deliberation';
import { addDays } from '../../platform/business-time.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';

export interface RegularDayRule {
  /** 1…4: the n-th such weekday of the month. */
  week: number;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday: number;
  holidayRule: HolidayRule;
}

const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const WEEK_NAMES = ['', '第一个', '第二个', '第三个', '第四个'];
// Fixed-date public holidays by name; the calendar knows the rest (lunar festivals, 调休) only as days off.
const FIXED_HOLIDAYS: Record<string, string> = { '01-01': '元旦', '05-01': '劳动节', '10-01': '国庆节' };

/** "每月第一个星期五" */
export function describeRule(rule: Pick<RegularDayRule, 'week' | 'weekday'>): string {
  return `每月${WEEK_NAMES[rule.week]}${WEEKDAY_NAMES[rule.weekday]}`;
}

function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The rule's day in the month `yyyy-mm`. */
export function regularDayOfMonth(month: string, rule: Pick<RegularDayRule, 'week' | 'weekday'>): string {
  const first = `${month}-01`;
  const offset = (rule.weekday - isoWeekday(first) + 7) % 7;
  return addDays(first, offset + (rule.week - 1) * 7);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Why `day` is no working day, in words the 两委 understand. */
function conflictOf(day: string, calendar: WorkingCalendar): string | null {
  if (calendar.isWorkingDay(day)) return null;
  const named = FIXED_HOLIDAYS[day.slice(5)];
  const wd = isoWeekday(day);
  if (named) return `${day} 是法定节假日（${named}）`;
  return wd >= 6 ? `${day} 是周末休息日` : `${day} 是法定节假日`;
}

/** The regular day and what the holiday rule makes of it. */
export function applyHolidayRule(day: string, rule: RegularDayRule, calendar: WorkingCalendar): RegularDay {
  const conflict = conflictOf(day, calendar);
  const proposedOn =
    conflict && rule.holidayRule === 'next_working_day' ? calendar.nextWorkingDay(addDays(day, 1)) : day;
  return { regularDay: day, conflict, proposedOn, holidayRule: rule.holidayRule };
}

/**
 * The next `count` regular days strictly after `after` (a topic raised on 2021-02-20 goes to 2021-03-05, the
 * first Friday of March), each with its holiday conflict and the day the rule proposes.
 */
export function nextRegularDays(
  after: string,
  rule: RegularDayRule,
  calendar: WorkingCalendar,
  count = 1,
): RegularDay[] {
  const out: RegularDay[] = [];
  let month = after.slice(0, 7);
  while (out.length < count) {
    const day = regularDayOfMonth(month, rule);
    if (day > after) out.push(applyHolidayRule(day, rule, calendar));
    month = nextMonth(month);
  }
  return out;
}

export interface DecisionInput {
  memberCount: number;
  presentCount: number;
  quorumPercent: number;
  majorityPercent: number;
  outcomeKind: 'consensus' | 'vote';
  votesFor?: number | undefined;
  votesAgainst?: number | undefined;
  votesAbstain?: number | undefined;
  /** What the recorder declares; a "passed" the figures do not support is refused. */
  passed: boolean;
}

export type DecisionCheck =
  | { ok: true; quorumMet: boolean; majorityMet: boolean }
  | { ok: false; field: string; reason: string };

/**
 * Quorum: attendance must exceed `quorumPercent` of members (default > ½, as the residents' committee law has it
 * for 居民会议); majority: "for" must exceed `majorityPercent` of those present. Consensus needs only the quorum.
 */
export function checkDecision(d: DecisionInput): DecisionCheck {
  const quorumMet = d.memberCount > 0 && d.presentCount * 100 > d.memberCount * d.quorumPercent;
  let majorityMet = quorumMet;
  if (d.outcomeKind === 'vote') {
    const f = d.votesFor;
    const a = d.votesAgainst;
    const ab = d.votesAbstain;
    if (f === undefined || a === undefined || ab === undefined) {
      return { ok: false, field: 'votesFor', reason: '表决要填写同意、反对、弃权票数' };
    }
    if (f + a + ab > d.presentCount) {
      return {
        ok: false,
        field: 'votesFor',
        reason: `票数合计 ${f + a + ab} 超过到会人数 ${d.presentCount}`,
      };
    }
    majorityMet = quorumMet && f * 100 > d.presentCount * d.majorityPercent;
  }
  if (d.passed && !quorumMet) {
    return {
      ok: false,
      field: 'passed',
      reason: `到会 ${d.presentCount}/${d.memberCount} 人，未超过成员的 ${d.quorumPercent}%，不足法定人数，不能作出通过的决定`,
    };
  }
  if (d.passed && !majorityMet) {
    return {
      ok: false,
      field: 'passed',
      reason: `同意 ${d.votesFor} 票，未超过到会人数的 ${d.majorityPercent}%，表决未通过`,
    };
  }
  return { ok: true, quorumMet, majorityMet };
}
