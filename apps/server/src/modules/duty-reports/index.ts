export { DUTY_REMIND_JOB, remindDutyReports, scheduleDutyReminders } from './duty-reminders.ts';
export { dutyReportsRoutes } from './duty-reports.routes.ts';
