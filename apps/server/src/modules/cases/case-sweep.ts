import { type SqlBool, sql } from 'kysely';
import { type AuditContext, recordAudit } from '../../platform/audit/audit-log.ts';
import { type ClockUnit, workingCalendar } from '../../platform/calendar/index.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import { notify } from '../notifications/index.ts';
import { OPEN_STATES } from './case-machine.ts';
import { SLA, SLA_LEVEL_NUMBER, slaLevelAt } from './case-sla.ts';
import * as repo from './cases.repository.ts';

/** Field staff above a 邻长 who hear of an overdue case first (组长/片长/网格员), then the 两委. */
const SUPERVISOR_KINDS = [
  'group_chief',
  'area_chief',
  'grid_chief',
  'grid_worker',
  'team_leader',
  'building_chief',
];
const COMMITTEE_KINDS = ['committee_member', 'secretary', 'director'];
const DAY = 86_400_000;

export interface SweepResult {
  warned: number;
  escalated: number;
  reminded: number;
  autoClosed: number;
}

const systemAudit = (districtId: string): AuditContext => ({
  districtId,
  userId: null,
  actorName: '系统',
  requestId: null,
  ip: null,
});

/**
 * One pass of the case clock over every district: SLA warnings at 50 %/80 %, one escalation level on breach
 * (and a second at twice the limit), rating reminders after 3 days and closing unrated cases after 7. Every
 * change is a conditional UPDATE, so concurrent sweepers never warn, escalate or close twice.
 */
export async function sweepCases(deps: { db: Database }, now: Date = new Date()): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, escalated: 0, reminded: 0, autoClosed: 0 };
  const running = await deps.db
    .selectFrom('case')
    .select([
      'districtId',
      'id',
      'caseNo',
      'title',
      'state',
      'nodeStartedAt',
      'dueAt',
      'dueUnit',
      'slaLevel',
      'escalationLevel',
      'assigneeUserId',
      sql<string>`node_path::text`.as('nodePath'),
      // The exact due instant (microseconds) identifies the node: a Date would round it.
      sql<string>`due_at::text`.as('dueKey'),
    ])
    .where('dueAt', 'is not', null)
    .where('state', 'in', [...OPEN_STATES])
    .where((eb) => eb.or([eb('slaLevel', '<', 100), eb('escalationLevel', '<', 2)]))
    .execute();

  for (const c of running) {
    const level = SLA_LEVEL_NUMBER[slaLevelAt(c, now)];
    if (level === 0) continue;
    const share = workingCalendar.elapsedShare(c.nodeStartedAt, c.dueAt!, now, c.dueUnit as ClockUnit);
    const escalateTo = level < 100 ? 0 : share >= 2 ? 2 : 1;
    await deps.db.transaction().execute(async (tx) => {
      const sameNode = sql<SqlBool>`district_id = ${c.districtId} and id = ${c.id} and due_at = ${c.dueKey}::timestamptz`;
      const warned = await tx
        .updateTable('case')
        .set({ slaLevel: level })
        .where(sameNode)
        .where('slaLevel', '<', level)
        .executeTakeFirst();
      if (Number(warned.numUpdatedRows) === 1) {
        result.warned++;
        const above =
          level >= 80 ? await repo.holdersAbove(tx, c.districtId, c.nodePath, SUPERVISOR_KINDS) : [];
        await tell(tx, c, [c.assigneeUserId, ...above], 'case.sla_warning', warningTitle(level, c.title));
      }
      if (escalateTo === 0) return;
      const escalated = await tx
        .updateTable('case')
        .set({ escalationLevel: escalateTo })
        .where(sameNode)
        .where('escalationLevel', '<', escalateTo)
        .executeTakeFirst();
      if (Number(escalated.numUpdatedRows) !== 1) return;
      result.escalated++;
      const kinds = escalateTo === 1 ? SUPERVISOR_KINDS : COMMITTEE_KINDS;
      const recipients = await repo.holdersAbove(tx, c.districtId, c.nodePath, kinds);
      await tx
        .insertInto('caseEvent')
        .values({
          districtId: c.districtId,
          caseId: c.id,
          actorName: '系统',
          action: 'sla_escalation',
          note: escalateTo === 1 ? '超时未办，已提醒组长/片长/网格员' : '严重超时，已提醒社区两委',
          detail: JSON.stringify({ level: escalateTo }),
        })
        .execute();
      await recordAudit(tx, systemAudit(c.districtId), {
        action: 'case.sla_escalation',
        entityType: 'case',
        entityId: c.id,
        detail: { caseNo: c.caseNo, level: escalateTo, state: c.state },
      });
      await tell(tx, c, recipients, 'case.sla_overdue', `诉求超时：${c.title}`);
    });
  }

  result.reminded = await remindRatings(deps.db, now);
  result.autoClosed = await closeUnrated(deps.db, now);
  return result;
}

function warningTitle(level: number, title: string): string {
  if (level === 100) return `诉求已超时：${title}`;
  return `诉求时限已过 ${level}%：${title}`;
}

async function tell(
  tx: Tx,
  c: { districtId: string; id: string; caseNo: string },
  recipients: readonly (string | null)[],
  event: string,
  title: string,
): Promise<void> {
  const recipientUserIds = [...new Set(recipients.filter((r): r is string => r !== null))];
  if (recipientUserIds.length === 0) return;
  await notify(tx, {
    districtId: c.districtId,
    recipientUserIds,
    event,
    title,
    body: `编号 ${c.caseNo}`,
    link: `/cases/${c.id}`,
    entityType: 'case',
    entityId: c.id,
  });
}

async function remindRatings(db: Database, now: Date): Promise<number> {
  const due = new Date(now.getTime() - SLA.ratingReminderDays * DAY);
  let count = 0;
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .updateTable('case')
      .set({ ratingRemindedAt: now })
      .where('state', '=', 'AWAITING_CONFIRMATION')
      .where('ratingRemindedAt', 'is', null)
      .where('nodeStartedAt', '<=', due)
      .returning(['districtId', 'id', 'caseNo', 'title', 'reporterUserId', 'proxyUserId'])
      .execute();
    for (const c of rows) {
      await tell(tx, c, [c.reporterUserId ?? c.proxyUserId], 'case.rating_reminder', `请评价：${c.title}`);
    }
    count = rows.length;
  });
  return count;
}

async function closeUnrated(db: Database, now: Date): Promise<number> {
  const due = new Date(now.getTime() - SLA.ratingAutoCloseDays * DAY);
  let count = 0;
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .updateTable('case')
      .set({ state: 'CLOSED', closedAt: now, updatedAt: now, nodeStartedAt: now, dueAt: null, dueUnit: null })
      .where('state', '=', 'AWAITING_CONFIRMATION')
      .where('ratingRemindedAt', 'is not', null)
      .where('nodeStartedAt', '<=', due)
      .returning(['districtId', 'id', 'caseNo'])
      .execute();
    for (const c of rows) {
      await tx
        .insertInto('caseEvent')
        .values({
          districtId: c.districtId,
          caseId: c.id,
          actorName: '系统',
          action: 'auto_close',
          fromState: 'AWAITING_CONFIRMATION',
          toState: 'CLOSED',
          note: '提醒后仍未评价，按“未评价”办结',
        })
        .execute();
      await recordAudit(tx, systemAudit(c.districtId), {
        action: 'case.auto_close',
        entityType: 'case',
        entityId: c.id,
        detail: { caseNo: c.caseNo },
      });
    }
    count = rows.length;
  });
  return count;
}

export const CASE_SWEEP_JOB = 'cases.sweep';

/** Runs the sweep every minute on the scheduler; the scheduler's lease keeps two instances from overlapping. */
export function scheduleCaseSweep(scheduler: Scheduler, deps: { db: Database }, intervalMs = 60_000): void {
  scheduler.every(CASE_SWEEP_JOB, intervalMs, async (now) => {
    await sweepCases(deps, now);
  });
}
