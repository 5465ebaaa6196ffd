import { describe, it } from 'vitest';
import type { FeedStatus, Kline, WindowStats } from '../model/index.js';
import { createTestScheduler } from './__fixtures__/market-events.js';
import { klineCrossCheck } from './kline-cross-check.js';

const MINUTE = 60_000;

/** The venue's closed 1-minute BTCUSDT candle starting at 0 unless told otherwise. */
function candle(fields: Partial<Kline> = {}): Kline {
  return {
    type: 'kline',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 59_990,
    receivedTs: 60_010,
    isFallback: false,
    env: 'prod',
    connectionId: 'c1',
    interval: '1m',
    intervalMs: MINUTE,
    openTime: 0,
    closeTime: MINUTE - 1,
    open: 100,
    high: 110,
    low: 95,
    close: 105,
    volume: 10,
    quoteVolume: 1020,
    closed: true,
    ...fields,
  };
}

/** Our complete 60 s window of the same minute, agreeing with `candle()` unless told otherwise. */
function window(fields: Partial<WindowStats> = {}): WindowStats {
  return {
    type: 'window_stats',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    env: 'prod',
    windowMs: MINUTE,
    windowStart: 0,
    windowEnd: MINUTE,
    open: 100,
    high: 110,
    low: 95,
    close: 105,
    volume: 10,
    quoteVolume: 1020,
    vwap: 102,
    tradeCount: 40,
    buyVolume: 5,
    sellVolume: 5,
    buyRatio: 0.5,
    flow: 'NEUTRAL',
    largeTradeCount: 0,
    complete: true,
    ...fields,
  };
}

const mismatch = (ts: number, reason: string, fields: Partial<FeedStatus> = {}): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  state: 'data_mismatch',
  reason,
  lastEventTs: 59_990,
  connectionId: 'c1',
  ts,
  ...fields,
});

const check = klineCrossCheck({ maxWaitMs: 10_000 });

describe('klineCrossCheck', () => {
  it('stays silent when our window, arriving first, agrees with the venue candle within the tolerance', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // close 105.2 vs 105 is +19.0 bps (< 25); volume 10.4 vs 10 is +4 % (< 5).
      const source = cold('w 500ms k', { w: window({ close: 105.2, volume: 10.4 }), k: candle() });
      expectObservable(source.pipe(check)).toBe('');
    });
  });

  it('emits data_mismatch when the venue candle arrives after our window and its close is 2 % higher', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // ours 105 vs venue 107.1: (105 - 107.1) / 107.1 = -196.1 bps.
      const source = cold('w 500ms k', { w: window(), k: candle({ close: 107.1, high: 110 }) });
      expectObservable(source.pipe(check)).toBe('501ms m', {
        m: mismatch(501, '1m candle 1970-01-01T00:00:00.000Z: close ours 105 vs venue 107.1 (-196.1 bps)'),
      });
    });
  });

  it('emits data_mismatch when our window arrives after the venue candle, naming every field that disagrees', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // volume 8 vs 10 is -20 %; high 110 vs 112 is -178.6 bps.
      const source = cold('k 2s w', { k: candle({ high: 112, volume: 10 }), w: window({ volume: 8 }) });
      expectObservable(source.pipe(check)).toBe('2001ms m', {
        m: mismatch(2001, '1m candle 1970-01-01T00:00:00.000Z: high ours 110 vs venue 112 (-178.6 bps); volume ours 8 vs venue 10 (-20.0 %)'),
      });
    });
  });

  it('raises no alarm for a candle whose window never comes, nor for that window arriving after maxWaitMs', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('k 10s w', { k: candle({ close: 200, high: 200 }), w: window() });
      expectObservable(source.pipe(check)).toBe('');
    });
  });

  it('raises no alarm against an incomplete window (start-up, stale period, failover or gap), in either order', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const early = cold('w 1s k', { w: window({ complete: false }), k: candle({ close: 200, high: 200 }) });
      const late = cold('k 1s w', { k: candle({ close: 200, high: 200 }), w: window({ complete: false }) });
      expectObservable(early.pipe(check)).toBe('');
      expectObservable(late.pipe(check)).toBe('');
    });
  });

  it('ignores open candles, windows of another length or minute, and windows filled by another venue', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a b c d 1s w', {
        a: candle({ close: 200, high: 200, closed: false }),
        b: candle({ close: 200, high: 200, openTime: MINUTE }),
        c: candle({ close: 200, high: 200, exchange: 'binance' }),
        d: candle({ close: 200, high: 200, interval: '5m', intervalMs: 5 * MINUTE }),
        w: window({ exchange: 'bybit' }),
      });
      // Only `c` waits for minute 0's 60 s window; `w` meets it but was filled from Bybit trades.
      expectObservable(source.pipe(check)).toBe('');
    });
  });

  it('compares a window with no trades only on volume: a venue candle with volume is a mismatch', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const empty = window({ tradeCount: 0, volume: 0, quoteVolume: 0, buyVolume: 0, sellVolume: 0 });
      const { open: _o, high: _h, low: _l, close: _c, vwap: _v, buyRatio: _b, ...withoutPrices } = empty;
      const source = cold('w 1s k', { w: withoutPrices as WindowStats, k: candle() });
      expectObservable(source.pipe(check)).toBe('1001ms m', {
        m: mismatch(1001, '1m candle 1970-01-01T00:00:00.000Z: volume ours 0 vs venue 10 (-100.0 %)'),
      });
    });
  });

  it('takes its tolerance from the config', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const strict = klineCrossCheck({ priceBps: 10, volumePct: 1 });
      const source = cold('w k', { w: window({ close: 105.2 }), k: candle() });
      expectObservable(source.pipe(strict)).toBe('-m', { m: mismatch(1, '1m candle 1970-01-01T00:00:00.000Z: close ours 105.2 vs venue 105 (+19.0 bps)') });
    });
  });
});

describe('klineCrossCheck memory', () => {
  it('keeps at most maxPending candles waiting, dropping the oldest', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const bounded = klineCrossCheck({ maxPending: 1 });
      const source = cold('a b 1s w', { a: candle({ close: 200, high: 200 }), b: candle({ symbol: 'ETHUSDT' }), w: window() });
      expectObservable(source.pipe(bounded)).toBe('');
    });
  });
});
