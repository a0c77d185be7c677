import { PassThrough } from 'node:stream';
import type {
  Duty,
  Leave,
  RollcallReport,
  RollcallReportQuery,
  Rota,
  RotaQuery,
} from '@gongzhi/contract/meetings';
import { isWithin } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import { workingCalendar } from '../../platform/calendar/index.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { createSheetWriter } from '../../platform/spreadsheet/index.ts';
import { notify } from '../notifications/index.ts';
import { canManageAt, canViewAt, requireManage } from './meetings.policy.ts';
import { toDuty } from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import { buildRota } from './rota.ts';

const CHIEF = 'household_chief';

function monthDays(month: string): { first: string; last: string; days: string[] } {
  const first = `${month}-01`;
  const days: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return { first, last: days[days.length - 1]!, days };
}

/** Working days of a month by the official calendar (holidays and 调休 included). */
export function workingDaysOf(month: string): string[] {
  return monthDays(month).days.filter((d) => workingCalendar.isWorkingDay(d));
}

const isChiefAt = (ctx: RequestContext, path: string) =>
  ctx.actor.positions.some((p) => p.kind === CHIEF && isWithin(p.nodePath, [path]));

/** The node if the caller may see its rota: meetings.view there, or a 户长 below it. */
async function rotaNode(db: Executor, ctx: RequestContext, nodeId: string) {
  const node = await repo.findNode(db, ctx.districtId, nodeId);
  if (!node || !(canViewAt(ctx.actor, node.path) || isChiefAt(ctx, node.path))) throw notFound('节点');
  return node;
}

async function managedNode(db: Executor, ctx: RequestContext, nodeId: string) {
  const node = await repo.findNode(db, ctx.districtId, nodeId);
  if (!node) throw notFound('节点');
  requireManage(ctx.actor, node.path, canViewAt(ctx.actor, node.path) || isChiefAt(ctx, node.path), '节点');
  return node;
}

/**
 * The month's rota of a village/community: working days, its current 户长 and the duties once generated.
 * @throws NOT_FOUND when the node is outside the caller's scope
 */
export async function getRota(db: Executor, ctx: RequestContext, q: RotaQuery): Promise<Rota> {
  const node = await rotaNode(db, ctx, q.nodeId);
  const rota = await repo.findRota(db, ctx.districtId, node.id, q.month);
  const chiefs = await repo.positionsUnder(db, ctx.districtId, node.path, [CHIEF]);
  const duties = rota ? await repo.duties(db, ctx.districtId, rota.id) : [];
  return {
    id: rota?.id ?? null,
    nodeId: node.id,
    nodeName: node.name,
    month: q.month,
    perDay: rota?.perDay ?? 1,
    workingDays: workingDaysOf(q.month),
    chiefs: chiefs.map((c) => ({ positionId: c.id, name: c.holderName })),
    duties: duties.map((d) => toDuty(d, ctx.actor.userId)),
    canManage: canManageAt(ctx.actor, node.path),
  };
}

/**
 * Generates the month's rota: round-robin over the active 户长 below the node, continuing from the previous
 * month, skipping recorded leave, `perDay` per working day.
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT when the month already has a rota or there are no 户长
 */
export async function generateRota(
  db: Database,
  ctx: RequestContext,
  body: { nodeId: string; month: string; perDay: number },
): Promise<Rota> {
  const node = await managedNode(db, ctx, body.nodeId);
  const { first, last } = monthDays(body.month);
  const workingDays = workingDaysOf(body.month);
  const taken = () => new AppError('CONFLICT', `${body.month} 的轮值表已生成，请用换班调整`);
  const { chiefs, rotaId, duties } = await db.transaction().execute(async (tx) => {
    const input = await repo.rotaInputs(tx, ctx.districtId, node, {
      month: body.month,
      firstDay: first,
      lastDay: last,
    });
    if (input.isTaken) throw taken();
    if (input.chiefs.length === 0) throw new AppError('CONFLICT', '该村/社区下没有在职户长，无法排班');
    const assignments = buildRota(
      input.chiefs.map((c) => ({
        positionId: c.id,
        lastDuty: c.lastDay ? { day: c.lastDay, slot: c.lastSlot! } : null,
      })),
      workingDays,
      body.perDay,
      (positionId, day) =>
        input.leaves.some((l) => l.positionId === positionId && l.fromDay <= day && day <= l.toDay),
    );
    const created = await repo.insertRotaWithDuties(
      tx,
      {
        districtId: ctx.districtId,
        nodeId: node.id,
        month: body.month,
        perDay: body.perDay,
        createdBy: ctx.actor.userId,
      },
      assignments,
    );
    if (!created) throw taken();
    await recordAudit(tx, ctx.audit, {
      action: 'rollcall.rota_generate',
      entityType: 'rollcall_rota',
      entityId: created.rotaId,
      detail: {
        nodeName: node.name,
        month: body.month,
        perDay: body.perDay,
        chiefs: input.chiefs.length,
        duties: assignments.length,
      },
    });
    return { chiefs: input.chiefs, ...created };
  });
  // The rota as getRota would read it back: fresh duties are scheduled, without substitutes.
  const byId = new Map(chiefs.map((c) => [c.id, c]));
  return {
    id: rotaId,
    nodeId: node.id,
    nodeName: node.name,
    month: body.month,
    perDay: body.perDay,
    workingDays,
    chiefs: chiefs.map((c) => ({ positionId: c.id, name: c.name })),
    duties: duties.map((d) =>
      toDuty(
        {
          ...d,
          chiefName: byId.get(d.positionId)!.name,
          chiefUserId: byId.get(d.positionId)!.userId,
          substitutePositionId: null,
          substituteName: null,
          substituteUserId: null,
          substituteReason: null,
          status: 'scheduled',
          checkedInAt: null,
        },
        ctx.actor.userId,
      ),
    ),
    canManage: true,
  };
}

async function loadDuty(db: Executor, ctx: RequestContext, id: string) {
  const d = await repo.findDuty(db, ctx.districtId, id);
  if (!d) throw notFound('值班');
  const isVisible = canViewAt(ctx.actor, d.nodePath) || isChiefAt(ctx, d.nodePath);
  if (!isVisible) throw notFound('值班');
  return d;
}

/**
 * Swaps a duty to another current 户长 of the same village/community (换班); managers or the 户长 on duty.
 * @throws NOT_FOUND / FORBIDDEN by scope; VALIDATION_FAILED for an unsuitable substitute;
 *   CONFLICT once the duty is checked in
 */
export async function substituteDuty(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: { substitutePositionId: string; reason: string },
): Promise<Duty> {
  const d = await loadDuty(db, ctx, id);
  const onDutyUser = d.substitutePositionId ? d.substituteUserId : d.chiefUserId;
  if (!canManageAt(ctx.actor, d.nodePath) && onDutyUser !== ctx.actor.userId) {
    throw forbidden('只有值班户长本人或会议管理人可以换班');
  }
  const chiefs = await repo.positionsUnder(db, ctx.districtId, d.nodePath, [CHIEF]);
  const sub = chiefs.find((c) => c.id === body.substitutePositionId);
  if (!sub) throw invalid('substitutePositionId', '代班人应为本村/社区的在职户长');
  if (sub.id === (d.substitutePositionId ?? d.positionId)) {
    throw invalid('substitutePositionId', '代班人不能是当前值班的户长');
  }
  await db.transaction().execute(async (tx) => {
    const n = await repo.setSubstitute(tx, ctx.districtId, id, sub.id, body.reason);
    if (n === 0) throw new AppError('CONFLICT', '该班次已签到，不能再换班');
    await recordAudit(tx, ctx.audit, {
      action: 'rollcall.substitute',
      entityType: 'rollcall_duty',
      entityId: id,
      reason: body.reason,
      detail: {
        day: d.day,
        fromPositionId: d.substitutePositionId ?? d.positionId,
        fromName: d.substituteName ?? d.chiefName,
        toPositionId: sub.id,
        toName: sub.holderName,
      },
    });
    if (sub.holderUserId) {
      await notify(tx, {
        districtId: ctx.districtId,
        recipientUserIds: [sub.holderUserId],
        event: 'rollcall.substitute',
        title: `早点名会代班：${d.day}`,
        body: `请于 ${d.day} 代 ${d.chiefName} 参加早点名会。`,
        link: '/meetings/rollcall',
        entityType: 'rollcall_duty',
        entityId: id,
      });
    }
  });
  return toDuty((await repo.findDuty(db, ctx.districtId, id))!, ctx.actor.userId);
}

/**
 * Records the outcome of a duty: `attended` (the 户长 on duty came; stored as `substituted` when a substitute
 * covered it), `absent`, or `substituted`. The 户长 on duty may check himself in on the day; managers any time.
 * @throws NOT_FOUND / FORBIDDEN by scope; VALIDATION_FAILED for `substituted` without a substitute;
 *   CONFLICT when a 户长 checks in on another day or twice
 */
export async function checkInDuty(
  db: Database,
  ctx: RequestContext,
  id: string,
  status: 'attended' | 'absent' | 'substituted',
  now = new Date(),
): Promise<Duty> {
  const d = await loadDuty(db, ctx, id);
  const isManager = canManageAt(ctx.actor, d.nodePath);
  const onDutyUser = d.substitutePositionId ? d.substituteUserId : d.chiefUserId;
  if (!isManager) {
    if (onDutyUser !== ctx.actor.userId || status === 'absent') {
      throw forbidden('只有值班户长本人签到，缺席由会议管理人登记');
    }
    if (d.day !== businessToday(now)) throw new AppError('CONFLICT', '只能在值班当天签到');
    if (d.status !== 'scheduled') throw new AppError('CONFLICT', '已签到');
  }
  if (status === 'substituted' && !d.substitutePositionId) {
    throw invalid('status', '该班次没有代班人，请先换班');
  }
  const stored = status === 'attended' && d.substitutePositionId ? 'substituted' : status;
  await db.transaction().execute(async (tx) => {
    await repo.setDutyStatus(tx, ctx.districtId, id, stored);
    await recordAudit(tx, ctx.audit, {
      action: 'rollcall.check_in',
      entityType: 'rollcall_duty',
      entityId: id,
      detail: { day: d.day, status: stored, previous: d.status },
    });
  });
  return toDuty((await repo.findDuty(db, ctx.districtId, id))!, ctx.actor.userId);
}

/**
 * Leave recorded for the month's 户长 of a village/community.
 * @throws NOT_FOUND when the node is outside the caller's scope
 */
export async function listLeaves(
  db: Executor,
  ctx: RequestContext,
  q: RotaQuery,
): Promise<{ items: Leave[] }> {
  const node = await rotaNode(db, ctx, q.nodeId);
  const chiefs = await repo.positionsUnder(db, ctx.districtId, node.path, [CHIEF]);
  const { first, last } = monthDays(q.month);
  const rows = await repo.leavesBetween(
    db,
    ctx.districtId,
    chiefs.map((c) => c.id),
    first,
    last,
  );
  return { items: rows };
}

/**
 * Records leave of a 户长; rotas generated afterwards skip those days.
 * @throws NOT_FOUND / FORBIDDEN by scope; VALIDATION_FAILED for a non-户长 or reversed dates
 */
export async function recordLeave(
  db: Database,
  ctx: RequestContext,
  body: { positionId: string; fromDay: string; toDay: string; reason?: string },
): Promise<Leave> {
  const [p] = await repo.positionsByIds(db, ctx.districtId, [body.positionId]);
  if (!p || p.kind !== CHIEF) throw notFound('户长');
  requireManage(
    ctx.actor,
    p.nodePath,
    canViewAt(ctx.actor, p.nodePath) || isChiefAt(ctx, p.nodePath),
    '户长',
  );
  if (body.toDay < body.fromDay) throw invalid('toDay', '请假结束日期应不早于开始日期');
  if (Date.parse(body.toDay) - Date.parse(body.fromDay) > 366 * 86_400_000) {
    throw invalid('toDay', '一次请假不超过一年');
  }
  const id = await db.transaction().execute(async (tx) => {
    const leaveId = await repo.insertLeave(tx, {
      districtId: ctx.districtId,
      positionId: p.id,
      fromDay: body.fromDay,
      toDay: body.toDay,
      reason: body.reason || null,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'rollcall.leave_record',
      entityType: 'rollcall_leave',
      entityId: leaveId,
      detail: { positionId: p.id, name: p.holderName, fromDay: body.fromDay, toDay: body.toDay },
    });
    return leaveId;
  });
  return {
    id,
    positionId: p.id,
    chiefName: p.holderName,
    fromDay: body.fromDay,
    toDay: body.toDay,
    reason: body.reason || null,
  };
}

/**
 * Attendance per 户长 over one or more months, for the node and every village/community below it with a rota in
 * the period, in one statement. A duty counts for the one on duty (the substitute when there is one): `attended`
 * and `substituted` are attendance, `absent` an absence; `rate` = attended / (attended + absent).
 * @throws NOT_FOUND when the node is outside the caller's scope
 */
export async function getReport(
  db: Executor,
  ctx: RequestContext,
  q: RollcallReportQuery,
): Promise<RollcallReport> {
  const node = await rotaNode(db, ctx, q.nodeId);
  const figures = await repo.attendance(db, ctx.districtId, node, {
    from: q.from,
    to: q.to,
    firstDay: monthDays(q.from).first,
    lastDay: monthDays(q.to).last,
  });
  const rows = figures.map((f) => ({
    ...f,
    rate: f.attended + f.absent > 0 ? f.attended / (f.attended + f.absent) : null,
  }));
  return { nodeName: node.name, from: q.from, to: q.to, rows };
}

const REPORT_COLUMNS = [
  { key: 'seq', header: '序号', width: 6 },
  { key: 'node', header: '村/社区', width: 16 },
  { key: 'name', header: '户长', width: 14 },
  { key: 'duties', header: '排班次数', width: 10 },
  { key: 'attended', header: '到会', width: 8 },
  { key: 'absent', header: '缺席', width: 8 },
  { key: 'substituted', header: '被代班', width: 8 },
  { key: 'covered', header: '代他人', width: 8 },
  { key: 'rate', header: '出勤率', width: 10 },
] as const;

/**
 * The attendance report as xlsx; the export is audited.
 * @throws NOT_FOUND when the node is outside the caller's scope
 */
export async function exportReport(
  db: Database,
  ctx: RequestContext,
  q: RollcallReportQuery,
): Promise<{ stream: PassThrough; fileName: string }> {
  const report = await getReport(db, ctx, q);
  await recordAudit(db, ctx.audit, {
    action: 'rollcall.report_export',
    entityType: 'territory_node',
    entityId: q.nodeId,
    detail: { nodeName: report.nodeName, from: q.from, to: q.to },
  });
  const out = new PassThrough();
  const writer = createSheetWriter(out, {
    sheetName: '早点名会出勤',
    columns: REPORT_COLUMNS,
    withHints: false,
    meta: { report: 'gongzhi.rollcall', from: q.from, to: q.to, exportedBy: ctx.audit.actorName },
  });
  report.rows.forEach((r, i) => {
    writer.addRow([
      i + 1,
      r.nodeName,
      r.chiefName,
      r.duties,
      r.attended,
      r.absent,
      r.substituted,
      r.covered,
      r.rate === null ? null : `${Math.round(r.rate * 1000) / 10}%`,
    ]);
  });
  writer.commit().catch((err: unknown) => out.destroy(err as Error));
  const period = q.from === q.to ? q.from : `${q.from}至${q.to}`;
  return { stream: out, fileName: `早点名会出勤-${report.nodeName}-${period}.xlsx` };
}
