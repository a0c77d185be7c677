export {
  MEETING_REMINDER_JOB,
  type ReminderResult,
  scheduleMeetingReminders,
  sendReminders,
} from './meeting-reminders.ts';
export { meetingsRoutes } from './meetings.routes.ts';
export { createMeeting, replySuggestion, saveMinutes } from './meetings.service.ts';
export { generateRota } from './rollcall.service.ts';
