export { DUTY_REMIND_JOB, remindDutyReports, scheduleDutyReminders } from './duty-reminders.ts';
export { dutyReportsRoutes } from './duty-reports.routes.ts';
export { evaluate, recordOral, submitWritten } from './duty-reports.service.ts';
export { createTopic as createLessonTopic, holdLesson, scoreLesson } from './party-lessons.service.ts';
