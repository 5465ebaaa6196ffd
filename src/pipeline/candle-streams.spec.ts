import { describe, expect, it } from 'vitest';
import { EMPTY, asyncScheduler } from 'rxjs';
import type { FeedEvent, Kline } from '../model/index.js';
import { createTestScheduler, trade } from '../operators/__fixtures__/market-events.js';
import { candleStreams, streamSelectionOf } from './candle-streams.js';

const klines = { enabled: true, interval: '5m', priceToleranceBps: 25, volumeTolerancePct: 5 } as const;

describe('streamSelectionOf', () => {
  it('asks for 1-minute candles and no optional stream without settings', () => {
    expect(streamSelectionOf({})).toEqual({ klines: '1m', optional: [] });
  });

  it('asks for the configured interval, none when candles are off, and aggTrade when enabled', () => {
    expect(streamSelectionOf({ klines, aggTrades: { enabled: true } })).toEqual({ klines: '5m', optional: ['agg_trade'] });
    expect(streamSelectionOf({ klines: { ...klines, enabled: false } })).toEqual({ klines: false, optional: [] });
  });
});

describe('candleStreams', () => {
  it('cross-checks against a 60 s window of its own when the stats windows lack one (time is virtual inside run)', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // Trades of minute 0 at 100 and 101 (volume 2); the venue says the minute closed at 103 with volume 2.
      const candle: Kline = {
        type: 'kline',
        exchange: 'bybit',
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 59_000,
        receivedTs: 60_500,
        isFallback: false,
        env: 'prod',
        connectionId: 'c1',
        interval: '1m',
        intervalMs: 60_000,
        openTime: 0,
        closeTime: 59_999,
        open: 100,
        high: 103,
        low: 100,
        close: 103,
        volume: 2,
        quoteVolume: 204,
        closed: true,
      };
      const events$ = cold<FeedEvent>('a 1s b 59498ms k', { a: trade({ price: 100 }), b: trade({ price: 101 }), k: candle });
      const { mismatches$ } = candleStreams({ events$, stats$: EMPTY, statsWindowsMs: [1000], settings: {}, scheduler: asyncScheduler });
      expectObservable(mismatches$, '^ 61s !').toBe('60500ms m', {
        m: expect.objectContaining({
          state: 'data_mismatch',
          symbol: 'BTCUSDT',
          reason: expect.stringContaining('close ours 101 vs venue 103') as unknown,
        }) as unknown,
      });
    });
  });
});
