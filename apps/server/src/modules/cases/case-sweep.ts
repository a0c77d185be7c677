import { type SqlBool, sql } from 'kysely';
import { recordAudit, systemAudit } from '../../platform/audit/audit-log.ts';
import { type ClockUnit, workingCalendar } from '../../platform/calendar/index.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { activeToday } from '../../platform/db/validity.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import { notify } from '../notifications/index.ts';
import { OPEN_STATES } from './case-machine.ts';
import { informRelatedParty } from './case-parties.service.ts';
import { SLA, SLA_LEVEL_NUMBER, slaLevelAt } from './case-sla.ts';
import { insertCaseEvent } from './cases.repository.ts';

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

/** A running case whose SLA level or escalation must rise at the sweep's `now`. */
interface Change {
  districtId: string;
  id: string;
  caseNo: string;
  title: string;
  state: string;
  assigneeUserId: string | null;
  nodePath: string;
  dueKey: string;
  level: number;
  escalateTo: number;
}

// Cases written per transaction: few enough to keep locks short, many enough to make round-trips per case rare.
const CHUNK = 500;
const NATURAL_UNITS = ['natural_hours', 'natural_days'];

/**
 * One pass of the case clock over every district: SLA warnings at 50 %/80 %, one escalation level on breach
 * (and a second at twice the limit), rating reminders after 3 days and closing unrated cases after 7. Only cases
 * whose level must change are read and written, in chunks; every change is a conditional UPDATE on rows locked in
 * key order, so concurrent sweepers never warn, escalate or close twice.
 */
export async function sweepCases(deps: { db: Database }, now: Date = new Date()): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, escalated: 0, reminded: 0, autoClosed: 0 };
  const changes = await findChanges(deps.db, now);
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const done = await deps.db.transaction().execute((tx) => applyChanges(tx, chunk));
    result.warned += done.warned;
    result.escalated += done.escalated;
  }
  result.reminded = await remindRatings(deps.db, now);
  result.autoClosed = await closeUnrated(deps.db, now);
  return result;
}

/**
 * Running cases whose stored sla_level or escalation_level is behind the clock at `now`. Natural clocks are
 * narrowed in SQL to cases past their next threshold (with a second of slack for rounding); working clocks need
 * the calendar, so every started one is read. The exact level is always decided here, by slaLevelAt.
 */
async function findChanges(db: Database, now: Date): Promise<Change[]> {
  const slack = new Date(now.getTime() + 1000);
  const reached = (share: number) =>
    sql<SqlBool>`node_started_at + (due_at - node_started_at) * ${share} <= ${slack}`;
  const running = await db
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
    .where('dueUnit', 'is not', null)
    .where('state', 'in', [...OPEN_STATES])
    .where('nodeStartedAt', '<', slack)
    .where((eb) => eb.or([eb('slaLevel', '<', 100), eb('escalationLevel', '<', 2)]))
    .where((eb) =>
      eb.or([
        eb('dueUnit', 'not in', NATURAL_UNITS),
        eb.and([eb('slaLevel', '<', 50), reached(0.5)]),
        eb.and([eb('slaLevel', '<', 80), reached(0.8)]),
        eb.and([eb.or([eb('slaLevel', '<', 100), eb('escalationLevel', '<', 1)]), eb('dueAt', '<=', slack)]),
        eb.and([eb('escalationLevel', '<', 2), reached(2)]),
      ]),
    )
    .orderBy('districtId')
    .orderBy('id')
    .execute();

  const changes: Change[] = [];
  for (const c of running) {
    const level = SLA_LEVEL_NUMBER[slaLevelAt(c, now)];
    if (level === 0) continue;
    const share = workingCalendar.elapsedShare(c.nodeStartedAt, c.dueAt!, now, c.dueUnit as ClockUnit);
    const escalateTo = level < 100 ? 0 : share >= 2 ? 2 : 1;
    if (c.slaLevel >= level && c.escalationLevel >= escalateTo) continue;
    changes.push({
      districtId: c.districtId,
      id: c.id,
      caseNo: c.caseNo,
      title: c.title,
      state: c.state,
      assigneeUserId: c.assigneeUserId,
      nodePath: c.nodePath,
      dueKey: c.dueKey,
      level,
      escalateTo,
    });
  }
  return changes;
}

/** Writes one chunk in the caller's transaction: levels, timeline events, audit rows and notifications. */
async function applyChanges(
  tx: Tx,
  chunk: readonly Change[],
): Promise<{ warned: number; escalated: number }> {
  // Locking in key order makes a concurrent sweeper wait here rather than deadlock, and shows what it already did;
  // a case that left its node meanwhile (another due instant) drops out.
  const { rows: locked } = await sql<{
    districtId: string;
    id: string;
    slaLevel: number;
    escalationLevel: number;
  }>`
    select c.district_id as "districtId", c.id, c.sla_level as "slaLevel", c.escalation_level as "escalationLevel"
    from "case" c
    join unnest(${chunk.map((c) => c.districtId)}::text[], ${chunk.map((c) => c.id)}::uuid[],
      ${chunk.map((c) => c.dueKey)}::timestamptz[]) as v(district_id, id, due_at)
      on c.district_id = v.district_id and c.id = v.id and c.due_at = v.due_at
    order by c.district_id, c.id
    for update of c`.execute(tx);
  const stored = new Map(locked.map((r) => [`${r.districtId}/${r.id}`, r]));
  const warned: Change[] = [];
  const escalated: Change[] = [];
  for (const c of chunk) {
    const row = stored.get(`${c.districtId}/${c.id}`);
    if (!row) continue;
    if (row.slaLevel < c.level) warned.push(c);
    if (row.escalationLevel < c.escalateTo) escalated.push(c);
  }
  const escalating = new Set(escalated);
  const changed = [...new Set([...warned, ...escalated])];
  if (changed.length === 0) return { warned: 0, escalated: 0 };

  await sql`
    update "case" c
    set sla_level = greatest(c.sla_level, v.level), escalation_level = greatest(c.escalation_level, v.escalate_to)
    from unnest(${changed.map((c) => c.districtId)}::text[], ${changed.map((c) => c.id)}::uuid[],
      ${changed.map((c) => c.level)}::int[], ${changed.map((c) => c.escalateTo)}::int[])
      as v(district_id, id, level, escalate_to)
    where c.district_id = v.district_id and c.id = v.id
      and (c.sla_level < v.level or c.escalation_level < v.escalate_to)`.execute(tx);

  const above = await holdersAbove(
    tx,
    changed.filter((c) => c.level >= 80 || escalating.has(c)),
  );
  const holders = (c: Change, kinds: readonly string[]) =>
    (above.get(c.id) ?? []).filter((h) => kinds.includes(h.kind)).map((h) => h.userId);

  for (const c of warned) {
    const supervisors = c.level >= 80 ? holders(c, SUPERVISOR_KINDS) : [];
    await tell(tx, c, [c.assigneeUserId, ...supervisors], 'case.sla_warning', warningTitle(c.level, c.title));
  }
  if (escalated.length > 0) {
    await tx
      .insertInto('caseEvent')
      .values(
        escalated.map((c) => ({
          districtId: c.districtId,
          caseId: c.id,
          actorName: '系统',
          action: 'sla_escalation',
          note: c.escalateTo === 1 ? '超时未办，已提醒组长/片长/网格员' : '严重超时，已提醒社区两委',
          detail: JSON.stringify({ level: c.escalateTo }),
        })),
      )
      .execute();
  }
  for (const c of escalated) {
    await recordAudit(tx, systemAudit(c.districtId), {
      action: 'case.sla_escalation',
      entityType: 'case',
      entityId: c.id,
      detail: { caseNo: c.caseNo, level: c.escalateTo, state: c.state },
    });
    const recipients = holders(c, c.escalateTo === 1 ? SUPERVISOR_KINDS : COMMITTEE_KINDS);
    await tell(tx, c, recipients, 'case.sla_overdue', `诉求超时：${c.title}`);
  }
  return { warned: warned.length, escalated: escalated.length };
}

/** Current holders of field and committee positions at or above each case's node, by case id, in one query. */
async function holdersAbove(
  tx: Tx,
  cases: readonly Change[],
): Promise<Map<string, { kind: string; userId: string }[]>> {
  const byCase = new Map<string, { kind: string; userId: string }[]>();
  if (cases.length === 0) return byCase;
  const { rows } = await sql<{ caseId: string; kind: string; userId: string }>`
    select distinct v.id as "caseId", p.kind, p.holder_user_id as "userId"
    from unnest(${cases.map((c) => c.districtId)}::text[], ${cases.map((c) => c.id)}::uuid[],
      ${cases.map((c) => c.nodePath)}::text[]) as v(district_id, id, node_path)
    join territory_node n on n.district_id = v.district_id and n.path @> v.node_path::ltree
    join position p on p.district_id = n.district_id and p.node_id = n.id
    where p.holder_user_id is not null and p.kind = any(${[...SUPERVISOR_KINDS, ...COMMITTEE_KINDS]}::text[])
      and ${activeToday('p')}`.execute(tx);
  for (const r of rows) {
    const list = byCase.get(r.caseId) ?? [];
    list.push({ kind: r.kind, userId: r.userId });
    byCase.set(r.caseId, list);
  }
  return byCase;
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
      .returning(['districtId', 'id', 'caseNo', 'title', 'relatedHouseholdId', 'reply'])
      .execute();
    for (const c of rows) {
      await insertCaseEvent(tx, systemAudit(c.districtId), c.id, {
        action: 'auto_close',
        from: 'AWAITING_CONFIRMATION',
        to: 'CLOSED',
        note: '提醒后仍未评价，按“未评价”办结',
      });
      await recordAudit(tx, systemAudit(c.districtId), {
        action: 'case.auto_close',
        entityType: 'case',
        entityId: c.id,
        detail: { caseNo: c.caseNo },
      });
      await informRelatedParty(tx, systemAudit(c.districtId), c);
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
