import { DUTY_STATE_LABELS } from '@gongzhi/contract/duty-reports';
import { businessToday } from '../../platform/business-time.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import { notify } from '../notifications/index.ts';
import { periodsNear, type ReminderStage } from './duty-periods.ts';
import { claimReminders, openDueReports } from './duty-reports.repository.ts';

const STAGE_TEXT: Record<ReminderStage, string> = { d7: '7 天内', d1: '明天', d0: '今天' };

/**
 * Opens the rows of reports falling due within a week, then sends each owed reminder (D-7, D-1, D) once: the
 * claim is a conditional UPDATE in the same transaction as the notification, so concurrent runs never remind twice.
 * Returns the number of reminders sent.
 */
export async function remindDutyReports(db: Database, now: Date = new Date()): Promise<number> {
  const today = businessToday(now);
  let sent = 0;
  for (const p of periodsNear(today)) await openDueReports(db, today, p);
  for (const stage of ['d7', 'd1', 'd0'] as const) {
    await db.transaction().execute(async (tx) => {
      const rows = await claimReminders(tx, today, stage);
      for (const r of rows) {
        if (!r.holderUserId) continue;
        const what = r.periodKind === 'year' ? `${r.period} 年度` : `${r.period} 月度`;
        await notify(tx, {
          districtId: r.districtId,
          recipientUserIds: [r.holderUserId],
          event: `duty_report.remind_${stage}`,
          title: `${what}述职${STAGE_TEXT[stage]}截止`,
          body: `您的${what}述职${DUTY_STATE_LABELS.DUE}，截止 ${r.dueOn}，可书面提交或在联系会议上口头述职。`,
          link: '/duty-reports/mine',
          entityType: 'duty_report',
          entityId: r.id,
        });
        sent++;
      }
    });
  }
  return sent;
}

export const DUTY_REMIND_JOB = 'duty-reports.remind';

/** Runs the reminder pass hourly; each reminder is claimed once, so a missed or repeated tick does no harm. */
export function scheduleDutyReminders(
  scheduler: Scheduler,
  deps: { db: Database },
  intervalMs = 3_600_000,
): void {
  scheduler.every(DUTY_REMIND_JOB, intervalMs, async (now) => {
    await remindDutyReports(deps.db, now);
  });
}
