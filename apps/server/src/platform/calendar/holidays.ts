/**
 * Official Chinese holiday schedule (国务院办公厅 annual notice on 放假安排, 调休 included), from the
 * `chinese-days` package, which ships each year's notice as data (2004–2026 in the version installed).
 */
import schedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** Kind of a day in the official schedule: a day off, or a 调休 make-up working day on a weekend. */
export type OfficialDayKind = 'holiday' | 'workday';

const holidays: Readonly<Record<string, string>> = schedule.holidays;
const workdays: Readonly<Record<string, string>> = schedule.workdays;

// Every annual notice sets the Spring Festival, so its presence marks a year whose notice is in the data.
const yearsWithData = new Set(
  Object.entries(holidays)
    .filter(([, name]) => name.startsWith('Spring Festival'))
    .map(([day]) => Number(day.slice(0, 4))),
);

/** Whether the official schedule for `year` is known; without it the calendar counts Mon–Fri as working days. */
export function hasHolidayData(year: number): boolean {
  return yearsWithData.has(year);
}

/** The official kind of `day` (`yyyy-mm-dd`), or undefined for an ordinary day (or a year without data). */
export function officialDayKind(day: string): OfficialDayKind | undefined {
  if (day in holidays) return 'holiday';
  if (day in workdays) return 'workday';
  return undefined;
}
