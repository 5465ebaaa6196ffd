import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimulatedMarket } from '../simulated-market.js';
import { nextFundingTime, perpetualFunding } from './perpetual-funding.js';
import { PerpetualMarket, tickDirection, type Liquidation } from './perpetual-market.js';
import { nextQuarterlyDelivery } from './quarterly-delivery.js';

const START = 1_786_310_817_583;

/** A contract market of BTCUSDT at the perpetual lots (0.001), its perpetual model, and a hand-moved clock. */
function contracts(seed = 11) {
  const clock = { now: START };
  const market = new SimulatedMarket({
    symbols: [{ symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', sizeDecimals: 3, tradeNotional: 2000 }],
    seed,
    idStep: 'sparse',
  });
  const perpetual = new PerpetualMarket({ market, seed, clock: () => clock.now });
  /** `count` trades, 100 ms apart, each followed by an `advance`; returns the liquidations made. */
  const trade = (count: number): Liquidation[] => {
    const made: Liquidation[] = [];
    for (let n = 0; n < count; n++) {
      clock.now += 100;
      market.nextTrade('BTCUSDT', clock.now);
      made.push(...perpetual.advance(clock.now));
    }
    return made;
  };
  return { clock, market, perpetual, trade };
}

describe('funding', () => {
  it('falls due at the next 8-hour UTC boundary: the recorded ticker at 21:26:57 UTC says 00:00 the next day', () => {
    const recorded = JSON.parse(
      readFileSync(new URL('../../test/fixtures/exchange-frames/bybit-linear-tickers.ndjson', import.meta.url), 'utf8').split('\n')[0] ?? '{}',
    ) as {
      ts: number;
      data: { nextFundingTime: string };
    };
    expect(nextFundingTime(recorded.ts)).toBe(Number(recorded.data.nextFundingTime));
    expect(nextFundingTime(Date.UTC(2026, 7, 10, 8))).toBe(Date.UTC(2026, 7, 10, 16));
    expect(nextFundingTime(Date.UTC(2026, 7, 10, 15, 59, 59, 999))).toBe(Date.UTC(2026, 7, 10, 16));
  });

  it('pays the 0.01 % interest on a calm premium, the premium beyond ±0.05 % of it, and never more than the cap', () => {
    expect(perpetualFunding(0, 0.005)).toBe(0.0001);
    expect(perpetualFunding(-0.0003, 0.005)).toBe(0.0001);
    // 0.002 + clamp(0.0001 - 0.002, ±0.0005) = 0.0015
    expect(perpetualFunding(0.002, 0.005)).toBe(0.0015);
    expect(perpetualFunding(-0.002, 0.005)).toBe(-0.0015);
    expect(perpetualFunding(0.03, 0.005)).toBe(0.005);
    expect(perpetualFunding(-0.03, 0.0075)).toBe(-0.0075);
  });

  it('quarterly contracts deliver on the last Friday of the quarter, 08:00 UTC', () => {
    expect(new Date(nextQuarterlyDelivery(START)).toISOString()).toBe('2026-09-25T08:00:00.000Z');
    expect(new Date(nextQuarterlyDelivery(Date.UTC(2026, 8, 25, 8))).toISOString()).toBe('2026-12-25T08:00:00.000Z');
  });
});

describe('PerpetualMarket', () => {
  it('is the same for the same seed and trades, and differs for another seed', () => {
    const first = contracts(11);
    const second = contracts(11);
    expect(second.trade(300)).toEqual(first.trade(300));
    expect(second.perpetual.state('BTCUSDT')).toEqual(first.perpetual.state('BTCUSDT'));
    expect(contracts(12).trade(300)).not.toEqual(contracts(11).trade(300));
  });

  it('smooths the mark toward the last prices, and keeps the index within 0.3 % of it', () => {
    const { trade, perpetual, market } = contracts();
    trade(200);
    const state = perpetual.state('BTCUSDT');
    const prices = market.recentTrades('BTCUSDT', 50).map((t) => t.price);
    expect(state?.markPrice).toBeGreaterThanOrEqual(Math.min(...prices));
    expect(state?.markPrice).toBeLessThanOrEqual(Math.max(...prices));
    expect(Math.abs((state?.indexPrice ?? 0) / (state?.markPrice ?? 1) - 1)).toBeLessThanOrEqual(0.003);
  });

  it('closes longs when the price falls and shorts when it rises, at bankruptcy prices beyond the market, in whole lots', () => {
    const { market, perpetual, clock } = contracts();
    const run = (pct: number) => {
      market.startMove('BTCUSDT', { pct, durationMs: 10_000, buyRatio: pct < 0 ? 0 : 1 }, clock.now);
      const made: Liquidation[] = [];
      const prices: number[] = [];
      for (let n = 0; n < 100; n++) {
        clock.now += 100;
        const trade = market.nextTrade('BTCUSDT', clock.now);
        if (trade !== undefined) prices.push(trade.price);
        made.push(...perpetual.advance(clock.now));
      }
      return { made, prices };
    };
    const fall = run(-5);
    expect(fall.made.length).toBeGreaterThan(10);
    expect(new Set(fall.made.map((l) => l.position))).toEqual(new Set(['long']));
    for (const l of fall.made) {
      const at = market.tradesSince('BTCUSDT', l.ts, 1)[0]?.price ?? 0;
      expect(l.price).toBeLessThan(at);
      expect(l.price).toBeGreaterThan(at * 0.994);
      expect(l.averagePrice).toBeGreaterThanOrEqual(l.price);
      expect(l.averagePrice).toBeLessThanOrEqual(at);
      expect(Math.round(l.quantity * 1000)).toBeCloseTo(l.quantity * 1000, 9);
      expect(l.quantity).toBeGreaterThanOrEqual(0.001);
    }
    const rise = run(5);
    expect(rise.made.length).toBeGreaterThan(10);
    expect(new Set(rise.made.map((l) => l.position))).toEqual(new Set(['short']));
    for (const l of rise.made) expect(l.price).toBeGreaterThan(market.tradesSince('BTCUSDT', l.ts, 1)[0]?.price ?? Infinity);
  });

  it('walks open interest with trading, within half and one and a half times its start, in whole lots', () => {
    const { trade, perpetual } = contracts();
    const start = perpetual.state('BTCUSDT')?.openInterest ?? 0;
    const seen = new Set<number>();
    for (let n = 0; n < 20; n++) {
      trade(100);
      const oi = perpetual.state('BTCUSDT')?.openInterest ?? 0;
      seen.add(oi);
      expect(oi).toBeGreaterThanOrEqual(start * 0.5 - 0.001);
      expect(oi).toBeLessThanOrEqual(start * 1.5 + 0.001);
      expect(Math.abs(oi * 1000 - Math.round(oi * 1000))).toBeLessThan(1e-6);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it('reads tick directions as Bybit writes them: up, down, and a repeat keeping the last move', () => {
    expect(tickDirection(100, 101, 'MinusTick')).toBe('PlusTick');
    expect(tickDirection(101, 101, 'PlusTick')).toBe('ZeroPlusTick');
    expect(tickDirection(101, 100, 'ZeroPlusTick')).toBe('MinusTick');
    expect(tickDirection(100, 100, 'MinusTick')).toBe('ZeroMinusTick');
    expect(tickDirection(100, 100, 'ZeroMinusTick')).toBe('ZeroMinusTick');
  });
});
