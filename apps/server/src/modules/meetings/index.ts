export {
  MEETING_REMINDER_JOB,
  type ReminderResult,
  scheduleMeetingReminders,
  sendReminders,
} from './meeting-reminders.ts';
export { meetingsRoutes } from './meetings.routes.ts';
