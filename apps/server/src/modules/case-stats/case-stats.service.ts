import { PassThrough } from 'node:stream';
import type {
  CaseDashboard,
  CaseLedgerQuery,
  CaseStatsQuery,
  CaseStatsWeights,
} from '@gongzhi/contract/case-stats';
import { CASE_STATS_LIMITS } from '@gongzhi/contract/case-stats';
import { canAtNode } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { writeCaseLedger } from './case-ledger-export.ts';
import { requireDistrictWide, requireStatsAtNode, requireStatsScope } from './case-stats.policy.ts';
import { monthsOf, presentDashboard } from './case-stats.presenter.ts';
import * as repo from './case-stats.repository.ts';
import { DEFAULT_WEIGHTS, emptyCounters } from './rates.ts';

/** The period as first days of months, after checking its order and length. */
function periodOf(q: { from: string; to: string; categoryCode?: string | undefined }): repo.Period {
  if (q.from > q.to) throw invalid('to', '结束月份不能早于开始月份');
  if (monthsOf(q.from, q.to).length > CASE_STATS_LIMITS.monthsMax)
    throw invalid('to', `统计周期最长 ${CASE_STATS_LIMITS.monthsMax} 个月`);
  return { from: `${q.from}-01`, to: `${q.to}-01`, category: q.categoryCode ?? '' };
}

/** The node asked for, or the highest node the caller may see statistics for. */
async function nodeFor(db: Database, ctx: RequestContext, nodeId: string | undefined) {
  const scope = requireStatsScope(ctx.actor);
  if (nodeId) {
    const node = await repo.findNode(db, ctx.districtId, nodeId);
    requireStatsAtNode(ctx.actor, node?.path);
    return node!;
  }
  const node = scope.everywhere
    ? await repo.findDistrictRoot(db, ctx.districtId)
    : (await repo.nodesAtPaths(db, ctx.districtId, scope.paths))[0];
  requireStatsAtNode(ctx.actor, node?.path);
  return node!;
}

async function weightsOf(db: Executor, districtId: string): Promise<CaseStatsWeights> {
  const row = await repo.findWeights(db, districtId);
  return row
    ? {
        response: row.weightResponse,
        resolution: row.weightResolution,
        satisfaction: row.weightSatisfaction,
        basicSatisfiedFactor: Number(row.basicSatisfiedFactor),
      }
    : DEFAULT_WEIGHTS;
}

/**
 * One node's case statistics and those of its direct children over a month range, read from the case_stat
 * roll-up (a few hundred rows whatever the number of cases).
 * @throws FORBIDDEN without cases.stats
 * @throws NOT_FOUND when the node is in another district or outside the caller's scope
 * @throws VALIDATION_FAILED when the period is reversed or longer than 36 months
 */
export async function getDashboard(
  db: Database,
  ctx: RequestContext,
  q: CaseStatsQuery,
): Promise<CaseDashboard> {
  const node = await nodeFor(db, ctx, q.nodeId);
  const period = periodOf(q);
  const d = ctx.districtId;
  const [ancestors, children, weights] = await Promise.all([
    repo.ancestorsOf(db, d, node.path),
    repo.childrenOf(db, d, node.id, CASE_STATS_LIMITS.childrenMax),
    weightsOf(db, d),
  ]);
  const [sums, volumes, categories, trend] = await Promise.all([
    repo.sumsByNode(db, d, node, [node.nodeNo, ...children.map((c) => c.nodeNo)], period),
    repo.volumes(db, d, node, period),
    repo.byCategory(db, d, node, period),
    repo.trend(db, d, node, period),
  ]);
  const counters = (no: number) => sums.get(no) ?? emptyCounters();
  return presentDashboard({
    node,
    breadcrumb: ancestors.filter((a) => canAtNode(ctx.actor, 'cases.stats', a.path)),
    from: q.from,
    to: q.to,
    categoryCode: q.categoryCode ?? null,
    weights,
    totals: counters(node.nodeNo),
    children: children.map((c) => ({ node: c, counters: counters(c.nodeNo) })),
    volumes,
    categories,
    trend,
  });
}

/**
 * The district's 综合得分 weights (defaults 30/35/35, k = 1 until set).
 * @throws FORBIDDEN without cases.stats
 */
export async function getWeights(db: Database, ctx: RequestContext): Promise<CaseStatsWeights> {
  requireStatsScope(ctx.actor);
  return weightsOf(db, ctx.districtId);
}

/**
 * Sets the district's 综合得分 weights; audited with the values before and after.
 * @throws FORBIDDEN without cases.stats at the district root
 */
export async function updateWeights(
  db: Database,
  ctx: RequestContext,
  w: CaseStatsWeights,
): Promise<CaseStatsWeights> {
  const root = await repo.findDistrictRoot(db, ctx.districtId);
  requireDistrictWide(ctx.actor, root?.path);
  return db.transaction().execute(async (trx) => {
    const before = await weightsOf(trx, ctx.districtId);
    await repo.upsertWeights(trx, ctx.districtId, w);
    await recordAudit(trx, ctx.audit, {
      action: 'case_stats.weights',
      entityType: 'district',
      entityId: ctx.districtId,
      detail: { before, after: w },
    });
    return w;
  });
}

/**
 * Streams the 诉求台账 of the cases received under a node in a month range, masked; the export is audited.
 * @throws FORBIDDEN without cases.stats
 * @throws NOT_FOUND when the node is in another district or outside the caller's scope
 * @throws VALIDATION_FAILED when the period is reversed or too long
 */
export async function exportLedger(
  db: Database,
  ctx: RequestContext,
  q: CaseLedgerQuery,
): Promise<{ stream: PassThrough; fileName: string }> {
  const node = await nodeFor(db, ctx, q.nodeId);
  const period = periodOf(q);
  const [ty, tm] = q.to.split('-').map(Number) as [number, number];
  const toDayExclusive = tm === 12 ? `${ty + 1}-01-01` : `${ty}-${String(tm + 1).padStart(2, '0')}-01`;
  await recordAudit(db, ctx.audit, {
    action: 'case_stats.ledger_export',
    entityType: 'territory_node',
    entityId: node.id,
    detail: {
      nodeName: node.name,
      from: q.from,
      to: q.to,
      categoryCode: q.categoryCode ?? null,
      masked: true,
    },
  });
  const out = new PassThrough();
  writeCaseLedger(
    db,
    ctx.districtId,
    node,
    { fromDay: period.from, toDayExclusive, category: period.category },
    out,
    ctx.audit.actorName,
  ).catch((err: unknown) => out.destroy(err as Error));
  const span = q.from === q.to ? q.from : `${q.from}至${q.to}`;
  return { stream: out, fileName: `诉求台账-${node.name}-${span}.xlsx` };
}
