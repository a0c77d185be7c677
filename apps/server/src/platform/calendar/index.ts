export { hasHolidayData } from './holidays.ts';
export {
  type ClockUnit,
  createWorkingCalendar,
  type Duration,
  type WorkingCalendar,
  type WorkingCalendarOptions,
  workingCalendar,
} from './working-calendar.ts';
