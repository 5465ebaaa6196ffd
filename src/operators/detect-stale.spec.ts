import { describe, it } from 'vitest';
import type { FeedEvent } from '../model/index.js';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { detectStale } from './detect-stale.js';

const a = trade({ tradeId: '1', exchangeTs: 10 });
const b = trade({ tradeId: '2', exchangeTs: 20 });
const heartbeat = status('subscribed', { reason: 'pong' });

const stale = (ts: number, staleForMs: number, lastEventTs?: number, symbol?: string) =>
  status('feed_stale', {
    reason: `no data for ${staleForMs} ms`,
    staleForMs,
    ts,
    ...(lastEventTs === undefined ? {} : { lastEventTs }),
    ...(symbol === undefined ? {} : { symbol }),
  });
const recovered = (ts: number, staleForMs: number, lastEventTs: number, symbol?: string) =>
  status('feed_recovered', {
    reason: `data again after ${staleForMs} ms`,
    staleForMs,
    ts,
    lastEventTs,
    ...(symbol === undefined ? {} : { symbol }),
  });

describe('detectStale', () => {
  it('emits feed_stale once after 5 s of silence, not twice', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a', { a });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 20s !').toBe('a 4999ms s', {
        a,
        s: stale(5000, 5000, 10),
      });
    });
  });

  it('emits feed_recovered with the whole silence as staleForMs just before the returning data', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 8s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 12s !').toBe('a 4999ms s 3000ms (rb)', {
        a,
        b,
        s: stale(5000, 5000, 10),
        r: recovered(8001, 8001, 10),
      });
    });
  });

  it('starts a new silent period after recovery', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 6s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 12s !').toBe('a 4999ms s 1000ms (rb) 4996ms t', {
        a,
        b,
        s: stale(5000, 5000, 10),
        r: recovered(6001, 6001, 10),
        t: stale(11_001, 5000, 20),
      });
    });
  });

  it('does not let heartbeats or acks reset staleness', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 2s h 2s h 2s h', { a, h: heartbeat });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 7s !').toBe('a 2s h 2s h 997ms s 1002ms h', {
        a,
        h: heartbeat,
        s: stale(5000, 5000, 10),
      });
    });
  });

  it('counts the silence from subscription when no data ever arrives', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('-');
      expectObservable(source.pipe(detectStale({ exchange: 'bybit', staleAfterMs: 2000 })), '^ 3s !').toBe('2s s', {
        s: stale(2000, 2000, undefined),
      });
    });
  });

  it('keeps the feed fresh while data keeps coming', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 3s b 3s a 3s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 10s !').toBe('a 3s b 3s a 3s b', { a, b });
    });
  });

  it('marks a quiet watched symbol stale on its own without marking the feed stale', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = trade({ symbol: 'ETHUSDT', coin: 'ETH', exchangeTs: 5 });
      const source = cold('e 499ms b 999ms b 999ms b 999ms e', { e: eth, b });
      const result = source.pipe(detectStale({ exchange: 'bybit', symbolStaleAfterMs: { ETHUSDT: 2000 } }));
      expectObservable(result, '^ 4s !').toBe('e 499ms b 999ms b 499ms s 499ms b 999ms (re)', {
        e: eth,
        b,
        s: stale(2000, 2000, 5, 'ETHUSDT'),
        r: recovered(3500, 3500, 5, 'ETHUSDT'),
      });
    });
  });

  it('passes completion and errors through', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a }).pipe(detectStale({ exchange: 'bybit' }))).toBe('a|', { a });
      expectObservable(cold('a#', { a }).pipe(detectStale({ exchange: 'bybit' }))).toBe('a#', { a });
    });
  });
});
