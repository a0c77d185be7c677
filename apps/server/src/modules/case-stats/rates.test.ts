import { describe, expect, it } from 'vitest';
import {
  compositeScore,
  computeStats,
  DEFAULT_WEIGHTS,
  emptyCounters,
  HIST_BUCKETS,
  histogramQuantile,
  ratio,
} from './rates.ts';

const hist = (entries: Record<number, number>) => {
  const h = new Array<number>(HIST_BUCKETS).fill(0);
  for (const [i, n] of Object.entries(entries)) h[Number(i)] = n;
  return h;
};

describe('case statistics rates', () => {
  it('divides to four places and gives null when nothing was due', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(2, 2)).toBe(1);
    expect(ratio(0, 0)).toBeNull();
  });

  it('interpolates P90 inside the bucket that holds it', () => {
    // Ten cases: nine in [8, 12) hours, one in [96, 120): the 9th of 10 is the last of the first bucket.
    expect(histogramQuantile(hist({ 4: 9, 9: 1 }), 0.9)).toBe(12);
    // Two cases 10 h and 100 h: rank 1.8 lies 80 % into [96, 120).
    expect(histogramQuantile(hist({ 4: 1, 9: 1 }), 0.9)).toBe(115.2);
    expect(histogramQuantile(hist({ 0: 10 }), 0.5)).toBe(0.5);
    // Beyond 720 h there is no upper bound: the lower bound is reported.
    expect(histogramQuantile(hist({ 15: 3 }), 0.9)).toBe(720);
    expect(histogramQuantile(hist({}), 0.9)).toBeNull();
  });

  it('weights the composite score 30/35/35 and lets a missing rate drop out', () => {
    expect(compositeScore({ response: 0.75, resolution: 0.5, satisfaction: 1 }, DEFAULT_WEIGHTS)).toBe(75);
    expect(compositeScore({ response: 1, resolution: null, satisfaction: null }, DEFAULT_WEIGHTS)).toBe(100);
    expect(compositeScore({ response: 0.5, resolution: 1, satisfaction: null }, DEFAULT_WEIGHTS)).toBe(76.9);
    expect(
      compositeScore({ response: null, resolution: null, satisfaction: null }, DEFAULT_WEIGHTS),
    ).toBeNull();
    const responseOnly = { response: 100, resolution: 0, satisfaction: 0, basicSatisfiedFactor: 1 };
    expect(compositeScore({ response: 0.2, resolution: 1, satisfaction: 1 }, responseOnly)).toBe(20);
  });

  it('computes every rate from the counters with its own denominator', () => {
    const c = {
      ...emptyCounters(),
      received: 5,
      withdrawn: 1,
      open: 2,
      openOverdue: 1,
      respondDue: 4,
      respondedOnTime: 3,
      rated: 2,
      resolved: 1,
      sat5: 1,
      sat3: 1,
      closed: 2,
      closeDue: 3,
      closedOnTime: 1,
      closedLocal: 1,
      replied: 2,
      handled: 2,
      reworked: 1,
      handleSeconds: 110 * 3600,
      hist: hist({ 4: 1, 9: 1 }),
    };
    expect(computeStats(c, DEFAULT_WEIGHTS)).toEqual({
      received: 5,
      withdrawn: 1,
      open: 2,
      openOverdue: 1,
      closed: 2,
      responseRate: 0.75,
      resolutionRate: 0.5,
      satisfactionRate: 1,
      compositeScore: 75,
      onTimeRate: 0.3333,
      localRate: 0.5,
      replyRate: 0.5,
      reworkRate: 0.5,
      avgHandlingHours: 55,
      p90HandlingHours: 115.2,
    });
    // 基本满意 counted at half (k = 0.5): (1 + 0.5) ÷ 2.
    expect(computeStats(c, { ...DEFAULT_WEIGHTS, basicSatisfiedFactor: 0.5 }).satisfactionRate).toBe(0.75);
  });

  it('reports no rates for a node without cases', () => {
    const s = computeStats(emptyCounters(), DEFAULT_WEIGHTS);
    expect(s.received).toBe(0);
    expect([s.responseRate, s.compositeScore, s.avgHandlingHours, s.p90HandlingHours]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
