import { describe, expect, it } from 'vitest';
import { hyperliquidCoinOf } from './hyperliquid-coins.js';
import { hlDecimal, hlHash, hlPriceDecimals, hlSizeDecimals, hlText, hlTid } from './hyperliquid-numbers.js';

describe("Hyperliquid's numbers as the simulator writes them", () => {
  it('writes decimals as recorded: no trailing zeros, a whole number with ".0"', () => {
    // hyperliquid-trades.ndjson and hyperliquid-l2Book.ndjson: "64097.0", "0.00033", "0.0312", "17.2186", "1.9008".
    expect([hlDecimal(64097, 0), hlDecimal(0.00033, 5), hlDecimal(0.0312, 5), hlDecimal(17.2186, 5), hlDecimal(1.9008, 4)]).toEqual([
      '64097.0',
      '0.00033',
      '0.0312',
      '17.2186',
      '1.9008',
    ]);
    expect([hlDecimal(-0.0003293628, 10), hlDecimal(0, 10), hlText('65000'), hlText('0.19500')]).toEqual(['-0.0003293628', '0.0', '65000.0', '0.195']);
  });

  it('gives BTC 5 size decimals and whole-dollar prices, ETH 4 and one decimal, kPEPE 0 and six (five significant figures, at most 6 - szDecimals)', () => {
    expect([hlSizeDecimals(65_000), hlPriceDecimals(65_000, 5)]).toEqual([5, 0]);
    expect([hlSizeDecimals(1_900), hlPriceDecimals(1_900, 4)]).toEqual([4, 1]);
    expect([hlSizeDecimals(0.009), hlPriceDecimals(0.009, 0)]).toEqual([0, 6]);
    expect([hlSizeDecimals(150), hlPriceDecimals(150, 3)]).toEqual([3, 2]);
  });

  it('names a coin counted in thousands with a k: 1000PEPE is kPEPE, BTC is BTC', () => {
    expect([hyperliquidCoinOf('1000PEPE'), hyperliquidCoinOf('BTC'), hyperliquidCoinOf('1000'), hyperliquidCoinOf('10000SATS')]).toEqual([
      'kPEPE',
      'BTC',
      '1000',
      '10000SATS',
    ]);
  });

  it('gives distinct trades distinct tids, in no order, below 2^50, the same trade always the same', () => {
    const seen = new Set<number>();
    for (let coin = 0; coin < 4; coin += 1) for (let id = 1_000_000; id < 1_002_500; id += 1) seen.add(hlTid(coin, id));
    expect(seen.size).toBe(10_000);
    expect([...seen].every((tid) => Number.isSafeInteger(tid) && tid >= 0 && tid < 2 ** 50)).toBe(true);
    const run = [1, 2, 3, 4, 5].map((n) => hlTid(0, 1_000_000 + n));
    expect(run.slice(1).some((tid, n) => tid < (run[n] ?? 0))).toBe(true);
    expect(hlTid(3, 1_234_567)).toBe(hlTid(3, 1_234_567));
    expect(hlTid(0, 2 ** 38)).not.toBe(hlTid(1, 2 ** 38));
  });

  it('writes a hash of 64 hex digits shared by a coin\u2019s trades of one instant, all zeros for some', () => {
    const hashes = Array.from({ length: 400 }, (_, n) => hlHash(0, 1_786_539_552_700 + n));
    expect(hashes.every((h) => /^0x[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(hashes.filter((h) => h === `0x${'0'.repeat(64)}`).length).toBeGreaterThan(5);
    expect(hlHash(2, 1_786_539_552_700)).toBe(hlHash(2, 1_786_539_552_700));
  });
});
