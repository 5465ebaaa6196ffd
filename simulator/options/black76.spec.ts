import { describe, expect, it } from 'vitest';
import { black76, impliedVol, impliedVolNear } from './black76.js';

describe('implied volatility from a nearby guess', () => {
  it('finds the bisection’s volatility wherever the price has time value to find it in, wings included; 0 at or below the intrinsic value', () => {
    let compared = 0;
    for (const type of ['call', 'put'] as const) {
      for (const strike of [40_000, 55_000, 62_000, 65_000, 68_000, 80_000, 120_000]) {
        for (const years of [0.5 / 365, 3 / 365, 30 / 365, 0.5]) {
          for (const vol of [0.3, 0.6, 1.2]) {
            const terms = { type, forward: 65_000, strike, years };
            const price = black76({ ...terms, vol }).price;
            // A price within a hair of its intrinsic value has no volatility to find: any one reprices it.
            if (price - black76({ ...terms, vol: 0 }).price < 1e-6 * price) continue;
            for (const guess of [vol - 0.03, vol + 0.03]) {
              const near = impliedVolNear(price, terms, guess);
              const far = impliedVol(price, terms);
              expect([type, strike, years, vol, Math.abs(near - far) < 2e-7]).toEqual([type, strike, years, vol, true]);
              compared += 1;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(impliedVolNear(5_000, { type: 'call', forward: 65_000, strike: 60_000, years: 0.1 }, 0.5)).toBe(0);
  });
});
