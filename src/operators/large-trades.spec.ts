import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { LargeTrade, TradeEvent } from '../model/index.js';
import { createTestScheduler, status, tick, trade } from './__fixtures__/market-events.js';
import { largeTrades } from './large-trades.js';
import { symbolCounters } from './symbol-counters.js';

const small = (quantity: number, symbol = 'BTCUSDT') => trade({ quantity, symbol });
const asLarge = (event: TradeEvent, meanQuantity: number, lookback: number): LargeTrade => ({
  ...event,
  type: 'large_trade',
  ratio: event.quantity / meanQuantity,
  meanQuantity,
  lookback,
});

describe('largeTrades', () => {
  it('emits a trade of at least ten times the rolling mean size of its symbol', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const big = small(20);
      const source = cold('abcxy|', { a: small(1), b: small(2), c: small(3), x: big, y: small(5) });
      expectObservable(source.pipe(largeTrades({ minSamples: 3 }))).toBe('---x-|', { x: asLarge(big, 2, 3) });
    });
  });

  it('takes the mean over the last lookback trades only', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const big = small(20);
      // With lookback 2 the mean is (1 + 1) / 2 = 1, though an old trade of 100 came first.
      const source = cold('abcx', { a: small(100), b: small(1), c: small(1), x: big });
      expectObservable(source.pipe(largeTrades({ lookback: 2, minSamples: 2 }))).toBe('---x', { x: asLarge(big, 1, 2) });
    });
  });

  it('keeps a separate mean per symbol and ignores other events', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abpsex', {
        a: small(1),
        b: small(1),
        p: tick(),
        s: status('connected'),
        e: small(1000, 'ETHUSDT'),
        x: small(5),
      });
      expectObservable(source.pipe(largeTrades({ minSamples: 1, maxSymbols: 1 }))).toBe('------');
    });
  });

  it('forgets the symbol that traded least recently beyond maxSymbols, and only that one', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: small(1),
        b: small(1, 'ETHUSDT'),
        c: small(1),
        d: small(1, 'SOLUSDT'),
        x: small(100, 'ETHUSDT'),
        y: small(100),
      };
      // With room for two symbols, SOL's first trade forgets ETH (its last trade is older than BTC's):
      // BTC's 100 is still judged against its mean of 1, ETH's 100 has no history again.
      expectObservable(cold('abcdyx', values).pipe(largeTrades({ minSamples: 1, maxSymbols: 2 }))).toBe('----y-', { y: asLarge(values.y, 1, 2) });
      // With room for three, ETH's history is kept.
      expectObservable(cold('abcdyx', values).pipe(largeTrades({ minSamples: 1, maxSymbols: 3 }))).toBe('----yx', {
        x: asLarge(values.x, 1, 1),
        y: asLarge(values.y, 1, 2),
      });
    });
  });

  it('forgets the least recently traded symbol of any venue to make room, counting each forgotten', () => {
    const counters = symbolCounters();
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: small(1),
        b: trade({ exchange: 'binance', quantity: 1 }),
        c: small(1),
        d: small(1, 'SOLUSDT'),
        y: small(100),
        x: trade({ exchange: 'binance', quantity: 100 }),
      };
      // Room for two: SOL's first trade forgets Binance's BTC (Bybit's BTC traded since), so Bybit's 100 is
      // judged against its mean of 1 and Binance's has no history; Binance's BTC coming back forgets SOL.
      expectObservable(cold('abcdyx', values).pipe(largeTrades({ minSamples: 1, maxSymbols: 2, symbolCounters: counters }))).toBe('----y-', {
        y: asLarge(values.y, 1, 2),
      });
    });
    expect(counters).toEqual({ refused: 0, evicted: 2, unreported: [] });
  });

  it('keeps the history of every symbol of the whole market (2,600) by default, forgetting none', () => {
    const counters = symbolCounters();
    const market = Array.from({ length: 2600 }, (_, i) => small(1, `C${i}USDT`));
    const big = small(100, 'C0USDT');
    const large: LargeTrade[] = [];
    of(...market, big)
      .pipe(largeTrades({ minSamples: 1, symbolCounters: counters }))
      .subscribe((trade) => large.push(trade));
    // C0's one trade of 1, the least recent of all, is still its history when its 100 comes.
    expect(large).toEqual([asLarge(big, 1, 1)]);
    expect(counters.evicted).toBe(0);
  });

  it('calls nothing large before minSamples previous trades', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('ab#', { a: small(1), b: small(50) });
      expectObservable(source.pipe(largeTrades())).toBe('--#');
    });
  });

  it('keeps the instrument a large trade of a listing at an equivalent quote is published under', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const usd = (quantity: number) => trade({ quantity, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' });
      const big = usd(20);
      const source = cold('abcx|', { a: usd(1), b: usd(2), c: usd(3), x: big });
      expectObservable(source.pipe(largeTrades({ minSamples: 3 }))).toBe('---x|', { x: asLarge(big, 2, 3) });
    });
    expect(asLarge(trade({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }), 1, 1)).toMatchObject({ instrument: 'BTC-USDT' });
  });
});
