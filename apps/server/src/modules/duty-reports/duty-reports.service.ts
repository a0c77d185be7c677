import { PassThrough } from 'node:stream';
import {
  DEFAULT_DUTY_GRADES,
  type DutyNodeStats,
  type DutyPeriodKind,
  type DutyRankingRow,
  type DutyReport,
  type DutySetting,
  type DutyStats,
} from '@gongzhi/contract/duty-reports';
import { isWithin } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { businessToday } from '../../platform/business-time.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { DEFAULT_DUE_DAY, type DutyPeriod, dueOn, parsePeriod } from './duty-periods.ts';
import { writeDutyRanking } from './duty-ranking-export.ts';
import {
  ownChiefPositions,
  requireEvaluateAt,
  requireEvaluateScope,
  requireOwnChief,
} from './duty-reports.policy.ts';
import { presentFigures, presentReport } from './duty-reports.presenter.ts';
import * as repo from './duty-reports.repository.ts';

async function settingOf(db: Executor, districtId: string, communityId: string): Promise<DutySetting> {
  const row = await repo.findSetting(db, districtId, communityId);
  return row
    ? { grades: row.grades as string[], dueDay: row.dueDay }
    : { grades: [...DEFAULT_DUTY_GRADES], dueDay: DEFAULT_DUE_DAY };
}

/** A period that has begun (nobody reports on a month to come). */
function startedPeriod(kind: DutyPeriodKind, period: string): DutyPeriod {
  const p = parsePeriod(kind, period);
  if (p.from > businessToday()) throw invalid('period', '述职期间尚未开始');
  return p;
}

async function reportOf(
  db: Executor,
  ctx: RequestContext,
  chief: repo.ChiefRow,
  p: DutyPeriod,
): Promise<DutyReport> {
  const d = ctx.districtId;
  const [setting, rows, live] = await Promise.all([
    settingOf(db, d, chief.communityId),
    repo.reportsFor(db, d, [chief.id], p.kind, [p.period]),
    repo.figuresOf(db, d, [chief.id], p),
  ]);
  return presentReport(chief, p, dueOn(p, setting.dueDay), rows[0], live.get(chief.id));
}

/**
 * The caller's own 户长/邻长 reports for the period, prefilled with his figures while not yet submitted.
 * @throws FORBIDDEN when the caller holds no chief position
 * @throws VALIDATION_FAILED when the period does not fit its kind
 */
export async function getMine(
  db: Database,
  ctx: RequestContext,
  q: { periodKind: DutyPeriodKind; period: string },
): Promise<{ items: DutyReport[] }> {
  const ids = ownChiefPositions(ctx.actor);
  const p = parsePeriod(q.periodKind, q.period);
  const found = await Promise.all(
    ids.map(async (id) => {
      const chief = await repo.findChief(db, ctx.districtId, id);
      // A post taken up after the period owes no report for it.
      return chief && (await repo.isActiveIn(db, ctx.districtId, id, p)) ? chief : undefined;
    }),
  );
  const chiefs = found.filter((c): c is repo.ChiefRow => c !== undefined);
  return { items: await Promise.all(chiefs.map((c) => reportOf(db, ctx, c, p))) };
}

async function submitAs(
  db: Database,
  ctx: RequestContext,
  chief: repo.ChiefRow,
  body: { periodKind: DutyPeriodKind; period: string; content: string },
  form: 'written' | 'oral',
): Promise<DutyReport> {
  const p = startedPeriod(body.periodKind, body.period);
  const d = ctx.districtId;
  if (!(await repo.isActiveIn(db, d, chief.id, p))) throw invalid('period', '该职务在此期间未在任，无需述职');
  return db.transaction().execute(async (tx) => {
    const setting = await settingOf(tx, d, chief.communityId);
    const figures = presentFigures((await repo.figuresOf(tx, d, [chief.id], p)).get(chief.id));
    const id = await repo.submit(tx, {
      districtId: d,
      communityId: chief.communityId,
      positionId: chief.id,
      period: p,
      dueOn: dueOn(p, setting.dueDay),
      form,
      content: body.content,
      recordedByUserId: form === 'oral' ? ctx.actor.userId : null,
      recordedByName: form === 'oral' ? ctx.actor.displayName : null,
      figures,
    });
    if (!id) throw new AppError('CONFLICT', '该期述职已提交，不能重复提交');
    await recordAudit(tx, ctx.audit, {
      action: form === 'oral' ? 'duty_report.record_oral' : 'duty_report.submit',
      entityType: 'duty_report',
      entityId: id,
      detail: {
        positionId: chief.id,
        holderName: chief.holderName,
        periodKind: p.kind,
        period: p.period,
        figures,
      },
    });
    return reportOf(tx, ctx, chief, p);
  });
}

/**
 * A 户长/邻长 submits his own written report; the figures of the period are frozen into it.
 * @throws FORBIDDEN when the caller holds no chief position
 * @throws NOT_FOUND when the position is not the caller's
 * @throws VALIDATION_FAILED when the period is malformed, has not begun, or he was not in office
 * @throws CONFLICT when the period's report was already submitted
 */
export async function submitWritten(
  db: Database,
  ctx: RequestContext,
  body: { positionId: string; periodKind: DutyPeriodKind; period: string; content: string },
): Promise<DutyReport> {
  requireOwnChief(ctx.actor, body.positionId);
  const chief = await repo.findChief(db, ctx.districtId, body.positionId);
  if (!chief) throw notFound('职务');
  return submitAs(db, ctx, chief, body, 'written');
}

/**
 * A cadre records the summary of a chief's oral report on his behalf, flagged as oral with the recorder's name.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the chief is in another district or outside the caller's subtree
 * @throws VALIDATION_FAILED / CONFLICT as for a written report
 */
export async function recordOral(
  db: Database,
  ctx: RequestContext,
  body: { positionId: string; periodKind: DutyPeriodKind; period: string; content: string },
): Promise<DutyReport> {
  requireEvaluateScope(ctx.actor);
  const chief = await repo.findChief(db, ctx.districtId, body.positionId);
  requireEvaluateAt(ctx.actor, chief?.nodePath, '户长/邻长职务');
  return submitAs(db, ctx, chief!, body, 'oral');
}

async function reportInScope(db: Executor, ctx: RequestContext, id: string) {
  const row = await repo.findReport(db, ctx.districtId, id);
  const chief = row ? await repo.findChief(db, ctx.districtId, row.positionId) : undefined;
  return { row, chief };
}

/**
 * Grades a submitted report on the community's scale; a grade may be corrected until the chief acknowledges it.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the report is in another district or outside the caller's subtree
 * @throws VALIDATION_FAILED when the grade is not on the community's scale
 * @throws CONFLICT when the report is not submitted yet or already acknowledged
 */
export async function evaluate(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: { grade: string; comment?: string | undefined },
): Promise<DutyReport> {
  requireEvaluateScope(ctx.actor);
  const { row, chief } = await reportInScope(db, ctx, id);
  requireEvaluateAt(ctx.actor, chief?.nodePath, '述职');
  return db.transaction().execute(async (tx) => {
    const { grades } = await settingOf(tx, ctx.districtId, row!.communityId);
    const rank = grades.indexOf(body.grade);
    if (rank < 0) throw invalid('grade', `评价等次应为：${grades.join('、')}`);
    const ok = await repo.evaluate(tx, ctx.districtId, id, {
      grade: body.grade,
      gradeRank: rank,
      comment: body.comment || null,
      userId: ctx.actor.userId,
      name: ctx.actor.displayName,
    });
    if (!ok)
      throw new AppError(
        'CONFLICT',
        row!.state === 'DUE' ? '尚未述职，不能评价' : '户长/邻长已确认评价，不能再修改',
      );
    await recordAudit(tx, ctx.audit, {
      action: 'duty_report.evaluate',
      entityType: 'duty_report',
      entityId: id,
      detail: { holderName: chief!.holderName, period: row!.period, before: row!.grade, grade: body.grade },
    });
    return reportOf(tx, ctx, chief!, parsePeriod(row!.periodKind as DutyPeriodKind, row!.period));
  });
}

/**
 * The chief acknowledges the grade given to his report.
 * @throws FORBIDDEN when the caller holds no chief position
 * @throws NOT_FOUND when the report is not on one of the caller's positions
 * @throws CONFLICT when the report is not evaluated yet or already acknowledged
 */
export async function acknowledge(db: Database, ctx: RequestContext, id: string): Promise<DutyReport> {
  const own = ownChiefPositions(ctx.actor);
  const { row, chief } = await reportInScope(db, ctx, id);
  if (!row || !chief || !own.includes(row.positionId)) throw notFound('述职');
  return db.transaction().execute(async (tx) => {
    if (!(await repo.acknowledge(tx, ctx.districtId, id)))
      throw new AppError(
        'CONFLICT',
        row.state === 'ACKNOWLEDGED' ? '已确认过评价' : '述职尚未评价，无需确认',
      );
    await recordAudit(tx, ctx.audit, {
      action: 'duty_report.acknowledge',
      entityType: 'duty_report',
      entityId: id,
      detail: { period: row.period, grade: row.grade },
    });
    return reportOf(tx, ctx, chief, parsePeriod(row.periodKind as DutyPeriodKind, row.period));
  });
}

async function communityInScope(db: Executor, ctx: RequestContext, communityId: string) {
  requireEvaluateScope(ctx.actor);
  const node = await repo.findNode(db, ctx.districtId, communityId);
  requireEvaluateAt(ctx.actor, node?.level === 'community' ? node.path : undefined);
  return node!;
}

/**
 * Every chief who must report for the period in a community, with his report or its due state and live figures.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the community is in another district or outside the caller's subtree
 */
export async function listCommunity(
  db: Database,
  ctx: RequestContext,
  q: { communityId: string; periodKind: DutyPeriodKind; period: string },
): Promise<{ items: DutyReport[]; grades: string[]; missing: number }> {
  const community = await communityInScope(db, ctx, q.communityId);
  const p = parsePeriod(q.periodKind, q.period);
  const d = ctx.districtId;
  const chiefs = await repo.chiefsUnder(db, d, community.path, p);
  const ids = chiefs.map((c) => c.id);
  const [setting, rows, live] = await Promise.all([
    settingOf(db, d, community.id),
    repo.reportsFor(db, d, ids, p.kind, [p.period]),
    repo.figuresOf(db, d, ids, p),
  ]);
  const byPosition = new Map(rows.map((r) => [r.positionId, r]));
  const items = chiefs.map((c) =>
    presentReport(c, p, dueOn(p, setting.dueDay), byPosition.get(c.id), live.get(c.id)),
  );
  return { items, grades: setting.grades, missing: items.filter((i) => i.state === 'DUE').length };
}

/**
 * The community's grade scale and due day (defaults 优秀/良好/合格/不合格, the 25th).
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the community is in another district or outside the caller's subtree
 */
export async function getSetting(
  db: Database,
  ctx: RequestContext,
  communityId: string,
): Promise<DutySetting> {
  const community = await communityInScope(db, ctx, communityId);
  return settingOf(db, ctx.districtId, community.id);
}

/**
 * Sets the community's grade scale and due day; grades already given keep their text.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the community is in another district or outside the caller's subtree
 */
export async function updateSetting(
  db: Database,
  ctx: RequestContext,
  communityId: string,
  s: DutySetting,
): Promise<DutySetting> {
  const community = await communityInScope(db, ctx, communityId);
  return db.transaction().execute(async (tx) => {
    const before = await settingOf(tx, ctx.districtId, community.id);
    await repo.upsertSetting(tx, ctx.districtId, community.id, s);
    await recordAudit(tx, ctx.audit, {
      action: 'duty_report.setting',
      entityType: 'territory_node',
      entityId: community.id,
      detail: { before, after: s },
    });
    return s;
  });
}

/** Ranks by annual grade (ungraded last), then monthly reports submitted, then cases, then linked households. */
async function rankingOf(db: Executor, ctx: RequestContext, communityId: string, year: number) {
  const community = await communityInScope(db, ctx, communityId);
  const p = parsePeriod('year', String(year));
  const d = ctx.districtId;
  const chiefs = await repo.chiefsUnder(db, d, community.path, p);
  const ids = chiefs.map((c) => c.id);
  const [annual, monthly, figures] = await Promise.all([
    repo.reportsFor(db, d, ids, 'year', [p.period]),
    repo.monthlySubmittedIn(db, d, ids, p.period),
    repo.figuresOf(db, d, ids, p),
  ]);
  const annualBy = new Map(annual.map((r) => [r.positionId, r]));
  const keyed = chiefs.map((c) => {
    const f = presentFigures(figures.get(c.id));
    const a = annualBy.get(c.id);
    return {
      key: [
        a?.gradeRank ?? Number.MAX_SAFE_INTEGER,
        -(monthly.get(c.id) ?? 0),
        -(f.casesReported + f.casesHandled),
        -f.linkedHouseholds,
      ],
      row: {
        rank: 0,
        positionId: c.id,
        holderName: c.holderName,
        positionKind: c.kind,
        nodeName: c.nodeName,
        annualGrade: a?.grade ?? null,
        monthlySubmitted: monthly.get(c.id) ?? 0,
        figures: f,
      } satisfies DutyRankingRow,
    };
  });
  const cmp = (x: number[], y: number[]) => x.reduce((acc, v, i) => acc || v - y[i]!, 0);
  keyed.sort((x, y) => cmp(x.key, y.key));
  keyed.forEach((k, i) => {
    const prev = keyed[i - 1];
    k.row.rank = prev && cmp(prev.key, k.key) === 0 ? prev.row.rank : i + 1;
  });
  return { community, items: keyed.map((k) => k.row) };
}

/**
 * The year-end ranking of a community's 户长/邻长.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the community is in another district or outside the caller's subtree
 */
export async function getRanking(
  db: Database,
  ctx: RequestContext,
  q: { communityId: string; year: number },
): Promise<{ items: DutyRankingRow[] }> {
  const { items } = await rankingOf(db, ctx, q.communityId, q.year);
  return { items };
}

/**
 * Streams the year-end ranking as xlsx with names masked; the export is audited.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the community is in another district or outside the caller's subtree
 */
export async function exportRanking(
  db: Database,
  ctx: RequestContext,
  q: { communityId: string; year: number },
): Promise<{ stream: PassThrough; fileName: string }> {
  const { community, items } = await rankingOf(db, ctx, q.communityId, q.year);
  await recordAudit(db, ctx.audit, {
    action: 'duty_report.ranking_export',
    entityType: 'territory_node',
    entityId: community.id,
    detail: { communityName: community.name, year: q.year, rows: items.length, masked: true },
  });
  const out = new PassThrough();
  writeDutyRanking(items, out, ctx.audit.actorName).catch((err: unknown) => out.destroy(err as Error));
  return { stream: out, fileName: `户长邻长年度排名-${community.name}-${q.year}.xlsx` };
}

function statsOf(
  reports: { state: string; grade: string | null }[],
  order: readonly string[],
): DutyNodeStats {
  const submitted = reports.filter((r) => r.state !== 'DUE');
  const counts = new Map<string, number>();
  for (const r of submitted) if (r.grade) counts.set(r.grade, (counts.get(r.grade) ?? 0) + 1);
  const known = [
    ...order.filter((g) => counts.has(g)),
    ...[...counts.keys()].filter((g) => !order.includes(g)),
  ];
  return {
    expected: reports.length,
    submitted: submitted.length,
    evaluated: submitted.filter((r) => r.state === 'EVALUATED' || r.state === 'ACKNOWLEDGED').length,
    submissionRate: reports.length === 0 ? null : submitted.length / reports.length,
    grades: known.map((grade) => ({ grade, count: counts.get(grade)! })),
  };
}

/**
 * Submission rate and grade distribution of a node's subtree and of each direct child, for one period.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the node is in another district or outside the caller's subtree
 */
export async function getStats(
  db: Database,
  ctx: RequestContext,
  q: { nodeId?: string | undefined; periodKind: DutyPeriodKind; period: string },
): Promise<DutyStats> {
  const scope = requireEvaluateScope(ctx.actor);
  const d = ctx.districtId;
  const node = q.nodeId
    ? await repo.findNode(db, d, q.nodeId)
    : (await repo.nodesAtPaths(db, d, scope.everywhere ? [] : scope.paths))[0];
  requireEvaluateAt(ctx.actor, node?.path, '区域节点');
  const p = parsePeriod(q.periodKind, q.period);
  const [chiefs, children] = await Promise.all([
    repo.chiefsUnder(db, d, node!.path, p),
    repo.childrenOf(db, d, node!.id),
  ]);
  const rows = await repo.reportsFor(
    db,
    d,
    chiefs.map((c) => c.id),
    p.kind,
    [p.period],
  );
  const byPosition = new Map(rows.map((r) => [r.positionId, r]));
  const reports = chiefs.map((c) => ({
    path: c.nodePath,
    state: byPosition.get(c.id)?.state ?? 'DUE',
    grade: byPosition.get(c.id)?.grade ?? null,
  }));
  return {
    node: { id: node!.id, name: node!.name, level: node!.level },
    totals: statsOf(reports, DEFAULT_DUTY_GRADES),
    children: children.map((c) => ({
      id: c.id,
      name: c.name,
      level: c.level,
      stats: statsOf(
        reports.filter((r) => isWithin(r.path, [c.path])),
        DEFAULT_DUTY_GRADES,
      ),
    })),
  };
}
