import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('per-key rate limiter', () => {
  it('refuses the hit over the limit within the window and allows again once it slides past', () => {
    let t = 1_000_000;
    const limiter = createRateLimiter(3, 60_000, () => t);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true]);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
    t += 59_999;
    expect(limiter.take('a')).toBe(false);
    t += 1;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });
});
