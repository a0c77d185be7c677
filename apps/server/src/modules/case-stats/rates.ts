import type { CaseNodeStats, CaseStatsWeights } from '@gongzhi/contract/case-stats';

/**
 * The case-handling indicators of research/domain.md §8 B (formulas from §3.2 and §3.3), computed from the
 * additive counters of the case_stat roll-up. Every case is counted in the month it was received (a cohort),
 * with its state as it is now; duplicates merged into another case (MERGED) are not counted at all.
 *
 * - 受理量 received: cases received in the period. 有效件 = received − withdrawn (撤回) is the base of the
 *   response and reply rates.
 * - 响应率 = cases signed (签收) within the signing limit ÷ cases due for signing (signed, or still unsigned
 *   after the limit). A case entered already signed (e.g. by a 网格员 on patrol) counts as signed on time.
 * - 解决率 = cases the resident rated "已解决" ÷ cases rated (latest rating round).
 * - 满意率 = (非常满意 + 满意 + k × 基本满意) ÷ cases rated; k is the district's `basicSatisfiedFactor`
 *   (default 1).
 * - 综合得分 = w1·响应率 + w2·解决率 + w3·满意率 on 0…100, weights per district (default 30/35/35); a rate
 *   without data drops out and the remaining weights are scaled up.
 * - 按期办结率 = cases closed by their overall due time ÷ cases due to be closed (closed, or open past due).
 * - 就地解决率 ("小事不出网格") = closed cases handled locally by the first responder ÷ closed cases.
 * - 回复率 (件件有回复) = cases with a reply to the resident ÷ 有效件 (rejections need a reply too).
 * - 返工率 = handled cases that failed verification at least once (返工) ÷ cases handled (reached
 *   verification, confirmation or closure at least once).
 * - 平均办理时长 and P90: hours from receipt to closure of closed cases; P90 is interpolated within the
 *   histogram bucket that holds it (bucket bounds HANDLING_HOURS_BOUNDS).
 */
export interface StatCounters {
  received: number;
  withdrawn: number;
  notAccepted: number;
  open: number;
  openOverdue: number;
  respondDue: number;
  respondedOnTime: number;
  rated: number;
  resolved: number;
  sat5: number;
  sat4: number;
  sat3: number;
  closed: number;
  closeDue: number;
  closedOnTime: number;
  closedLocal: number;
  replied: number;
  handled: number;
  reworked: number;
  handleSeconds: number;
  /** Closed cases per handling-time bucket; bucket i ends at HANDLING_HOURS_BOUNDS[i], the last is open. */
  hist: number[];
}

/** Upper bounds (hours) of the histogram buckets, as in migration 2026-11-29T1030-case-stats. */
export const HANDLING_HOURS_BOUNDS = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 480, 720] as const;
export const HIST_BUCKETS = HANDLING_HOURS_BOUNDS.length + 1;

export const DEFAULT_WEIGHTS: CaseStatsWeights = {
  response: 30,
  resolution: 35,
  satisfaction: 35,
  basicSatisfiedFactor: 1,
};

export function emptyCounters(): StatCounters {
  return {
    received: 0,
    withdrawn: 0,
    notAccepted: 0,
    open: 0,
    openOverdue: 0,
    respondDue: 0,
    respondedOnTime: 0,
    rated: 0,
    resolved: 0,
    sat5: 0,
    sat4: 0,
    sat3: 0,
    closed: 0,
    closeDue: 0,
    closedOnTime: 0,
    closedLocal: 0,
    replied: 0,
    handled: 0,
    reworked: 0,
    handleSeconds: 0,
    hist: new Array<number>(HIST_BUCKETS).fill(0),
  };
}

/** A ÷ b rounded to 4 places, or null when nothing was due. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;
}

/** The p-quantile (0…1) of the hours in `hist`, interpolated linearly inside its bucket; null when empty. */
export function histogramQuantile(hist: readonly number[], p: number): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = p * n;
  let before = 0;
  for (let i = 0; i < hist.length; i++) {
    const count = hist[i]!;
    if (count > 0 && before + count >= rank) {
      const lower = i === 0 ? 0 : HANDLING_HOURS_BOUNDS[i - 1]!;
      // The last bucket has no upper bound: report its lower bound rather than invent one.
      const upper = HANDLING_HOURS_BOUNDS[i] ?? lower;
      return Math.round((lower + ((upper - lower) * (rank - before)) / count) * 10) / 10;
    }
    before += count;
  }
  return HANDLING_HOURS_BOUNDS.at(-1)!;
}

/** 综合得分 on 0…100; rates that are null drop out and the other weights carry the score. */
export function compositeScore(
  rates: { response: number | null; resolution: number | null; satisfaction: number | null },
  w: CaseStatsWeights,
): number | null {
  const parts = [
    [rates.response, w.response],
    [rates.resolution, w.resolution],
    [rates.satisfaction, w.satisfaction],
  ] as const;
  let weight = 0;
  let sum = 0;
  for (const [rate, wt] of parts) {
    if (rate === null) continue;
    weight += wt;
    sum += rate * wt;
  }
  return weight > 0 ? Math.round((sum / weight) * 100 * 10) / 10 : null;
}

export function computeStats(c: StatCounters, w: CaseStatsWeights): CaseNodeStats {
  const effective = c.received - c.withdrawn;
  const timed = c.hist.reduce((a, b) => a + b, 0);
  const responseRate = ratio(c.respondedOnTime, c.respondDue);
  const resolutionRate = ratio(c.resolved, c.rated);
  const satisfactionRate = ratio(c.sat5 + c.sat4 + w.basicSatisfiedFactor * c.sat3, c.rated);
  return {
    received: c.received,
    withdrawn: c.withdrawn,
    open: c.open,
    openOverdue: c.openOverdue,
    closed: c.closed,
    responseRate,
    resolutionRate,
    satisfactionRate,
    compositeScore: compositeScore(
      { response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate },
      w,
    ),
    onTimeRate: ratio(c.closedOnTime, c.closeDue),
    localRate: ratio(c.closedLocal, c.closed),
    replyRate: ratio(c.replied, effective),
    reworkRate: ratio(c.reworked, c.handled),
    avgHandlingHours: timed > 0 ? Math.round((c.handleSeconds / timed / 3600) * 10) / 10 : null,
    p90HandlingHours: histogramQuantile(c.hist, 0.9),
  };
}
