import type { CaseDashboard, CaseStatsWeights } from '@gongzhi/contract/case-stats';
import { CASE_CHANNEL_LABELS, CASE_URGENCY_LABELS } from '@gongzhi/contract/cases';
import { CHANNEL_KEYS, type StatNode, URGENCY_KEYS } from './case-stats.repository.ts';
import { computeStats, type StatCounters } from './rates.ts';

const nodeOf = (n: StatNode) => ({ id: n.id, name: n.name, level: n.level });

/** Every month of the period, oldest first, as YYYY-MM. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  return out;
}

export function presentDashboard(input: {
  node: StatNode;
  breadcrumb: StatNode[];
  from: string;
  to: string;
  categoryCode: string | null;
  weights: CaseStatsWeights;
  totals: StatCounters;
  children: { node: StatNode & { hasChildren: boolean }; counters: StatCounters }[];
  volumes: number[];
  categories: { code: string; name: string | null; count: number }[];
  trend: { month: string; received: number; closed: number }[];
}): CaseDashboard {
  const { weights } = input;
  const trend = new Map(input.trend.map((t) => [t.month, t]));
  return {
    node: nodeOf(input.node),
    breadcrumb: input.breadcrumb.map(nodeOf),
    from: input.from,
    to: input.to,
    categoryCode: input.categoryCode,
    weights,
    totals: computeStats(input.totals, weights),
    children: input.children.map(({ node, counters }) => ({
      ...nodeOf(node),
      hasChildren: node.hasChildren,
      stats: computeStats(counters, weights),
    })),
    byChannel: CHANNEL_KEYS.map((channel, i) => ({
      channel,
      label: CASE_CHANNEL_LABELS[channel],
      count: input.volumes[i] ?? 0,
    })),
    byUrgency: URGENCY_KEYS.map((urgency, i) => ({
      urgency,
      label: CASE_URGENCY_LABELS[urgency],
      count: input.volumes[CHANNEL_KEYS.length + i] ?? 0,
    })),
    byCategory: input.categories.map((c) => ({ code: c.code, name: c.name ?? c.code, count: c.count })),
    trend: monthsOf(input.from, input.to).map((month) => ({
      month,
      received: trend.get(month)?.received ?? 0,
      closed: trend.get(month)?.closed ?? 0,
    })),
  };
}
