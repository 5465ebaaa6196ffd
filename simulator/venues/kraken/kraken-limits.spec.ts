import { describe, expect, it } from 'vitest';
import { TokenBucket } from './kraken-limits.js';

describe('TokenBucket', () => {
  it('lets `burst` calls through at once, then one per refill', () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.level(10_000)).toBe(3);
  });

  it('charges refused calls when asked to, down to minus the burst', () => {
    const bucket = new TokenBucket({ burst: 2, perSecond: 1 }, 0);
    bucket.take(0, true);
    bucket.take(0, true);
    for (let n = 0; n < 10; n += 1) expect(bucket.take(0, true)).toBe(false);
    expect(bucket.level(0)).toBe(-2);
    expect(bucket.take(2999, true)).toBe(false);
    expect(bucket.take(4000)).toBe(true);
  });
});
