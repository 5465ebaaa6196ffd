import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { describe, it } from 'vitest';
import { FeedError, pollConnectionId } from '../model/index.js';
import type { ExchangeId, FeedEvent, FeedStatus } from '../model/index.js';
import { createTestScheduler, status, tick, trade } from './__fixtures__/market-events.js';
import { detectStale } from './detect-stale.js';
import { failover } from './failover.js';
import { RetriesExhaustedError } from './retries-exhausted-error.js';

const geoBlocked = (exchange: ExchangeId) => new FeedError(`${exchange}: HTTP 403`, false, {});
const bybit = trade({ tradeId: 'p' });
const binance = trade({ exchange: 'binance', tradeId: 'b' });
const binanceFallback = { ...binance, isFallback: true };
const policy = { probeIntervalMs: 60_000, switchBackAfterMs: 60_000 };

const switched = (state: 'failover' | 'switch_back', from: ExchangeId, to: ExchangeId, reason: string, ts: number): FeedStatus =>
  status(state, { exchange: to, activeExchange: to, fromExchange: from, toExchange: to, reason, ts });
const sourcesOf = (bybit$: Observable<FeedEvent>, binance$: Observable<FeedEvent>, binanceUs$?: Observable<FeedEvent>) => [
  { exchange: 'bybit' as const, events$: bybit$ },
  { exchange: 'binance' as const, events$: binance$ },
  ...(binanceUs$ === undefined ? [] : [{ exchange: 'binance_us' as const, events$: binanceUs$ }]),
];

describe('failover', () => {
  it('fails over at once on a geo-block and marks the fallback records', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<FeedEvent>('#', undefined, geoBlocked('bybit'));
      const secondary = cold<FeedEvent>('-b-b', { b: binance });
      expectObservable(failover(sourcesOf(primary, secondary), policy), '^ 10s !').toBe('fb-b', {
        f: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: binanceFallback,
      });
      expectSubscriptions(primary.subscriptions).toBe('(^!)');
      expectSubscriptions(secondary.subscriptions).toBe('^ 10s !');
    });
  });

  it('fails over when the primary gives up retrying', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const exhausted = new RetriesExhaustedError({ exchange: 'bybit', attempts: 5 }, new Error('1006'));
      const primary = cold<FeedEvent>('p 99ms #', { p: bybit }, exhausted);
      const secondary = cold<FeedEvent>('-b', { b: binance });
      expectObservable(failover(sourcesOf(primary, secondary), policy), '^ 1s !').toBe('p 99ms fb', {
        p: bybit,
        f: switched('failover', 'bybit', 'binance', 'bybit: gave up after 5 retries', 100),
        b: binanceFallback,
      });
    });
  });

  it('fails over make-before-break after the primary has been stale for failoverAfterMs', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<FeedEvent>('p', { p: bybit });
      const secondary = cold<FeedEvent>('-b', { b: binance });
      const sources = sourcesOf(primary.pipe(detectStale({ exchange: 'bybit' })), secondary);
      expectObservable(failover(sources, { ...policy, failoverAfterMs: 10_000 }), '^ 16s !').toBe('p 4999ms s 10000ms (fb)', {
        p: bybit,
        s: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 5000 }),
        f: switched('failover', 'bybit', 'binance', 'bybit stale for 15000 ms', 15_001),
        b: binanceFallback,
      });
      expectSubscriptions(primary.subscriptions).toBe('^ 15000ms !');
      expectSubscriptions(secondary.subscriptions).toBe('15s ^ 1000ms !');
    });
  });

  it('does not fail over when the stale primary recovers within failoverAfterMs', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const primary = cold<FeedEvent>('p 7s p', { p: bybit }).pipe(detectStale({ exchange: 'bybit' }));
      const secondary = cold<FeedEvent>('-b', { b: binance });
      expectObservable(failover(sourcesOf(primary, secondary), policy), '^ 20s !').toBe('p 4999ms s 2000ms (rp) 4996ms t', {
        p: bybit,
        s: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 5000 }),
        r: status('feed_recovered', { reason: 'data again after 7001 ms', staleForMs: 7001, lastEventTs: 0, ts: 7001 }),
        t: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 12_001 }),
      });
    });
  });

  it('switches back only after switchBackAfterMs of continuous primary data, losing and repeating nothing', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const blocked = cold<FeedEvent>('#', undefined, geoBlocked('bybit'));
      const healthy = cold<FeedEvent>('p 1s p 1s p 1s p 1s p', { p: bybit });
      const attempts = [blocked, healthy];
      const primary = defer(() => attempts.shift() ?? healthy);
      const secondary = cold<FeedEvent>('-b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b', { b: binance });
      const result = failover(sourcesOf(primary, secondary), { probeIntervalMs: 1000, switchBackAfterMs: 3000 });
      expectObservable(result, '^ 5500ms !').toBe('fb 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 491ms s 2ms p 1000ms p', {
        f: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: binanceFallback,
        s: switched('switch_back', 'binance', 'bybit', 'bybit delivered data for 3000 ms', 4000),
        p: bybit,
      });
      expectSubscriptions(secondary.subscriptions).toBe('^ 3999ms !');
      expectSubscriptions(healthy.subscriptions).toBe('1s ^ 4500ms !');
    });
  });

  it('never switches back to a probed primary whose only data is what its polls read over REST (its stream stalled)', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const blocked = cold<FeedEvent>('#', undefined, geoBlocked('bybit'));
      const polled = cold<FeedEvent>('p 1s p 1s p 1s p 1s p', { p: tick({ connectionId: pollConnectionId('bybit') }) });
      const attempts = [blocked, polled];
      const primary = defer(() => attempts.shift() ?? polled);
      const secondary = cold<FeedEvent>('-b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b', { b: binance });
      const result = failover(sourcesOf(primary, secondary), { probeIntervalMs: 1000, switchBackAfterMs: 3000 });
      expectObservable(result, '^ 5500ms !').toBe('fb 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b 500ms b', {
        f: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: binanceFallback,
      });
    });
  });

  it('keeps the fallback while the probed primary goes stale before switchBackAfterMs', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const blocked = cold<FeedEvent>('#', undefined, geoBlocked('bybit'));
      const flaky = cold<FeedEvent>('p 1s s', { p: bybit, s: status('feed_stale') });
      const attempts = [blocked, flaky];
      const primary = defer(() => attempts.shift() ?? cold<FeedEvent>('-'));
      const secondary = cold<FeedEvent>('-b 3s b', { b: binance });
      const result = failover(sourcesOf(primary, secondary), { probeIntervalMs: 1000, switchBackAfterMs: 2000 });
      expectObservable(result, '^ 5s !').toBe('fb 3s b', {
        f: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: binanceFallback,
      });
    });
  });

  it('says when all sources are down and keeps cycling with growing delays', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<FeedEvent>('#', undefined, geoBlocked('bybit'));
      const secondary = cold<FeedEvent>('#', undefined, geoBlocked('binance'));
      const third = cold<FeedEvent>('#', undefined, geoBlocked('binance_us'));
      const down = (attempt: number, delayMs: number, ts: number) =>
        status('all_sources_down', { exchange: 'binance_us', activeExchange: 'binance_us', reason: 'binance_us: HTTP 403', attempt, delayMs, ts });
      const retried = 'retrying after all sources were down: binance_us: HTTP 403';
      expectObservable(failover(sourcesOf(primary, secondary, third), policy), '^ 3500ms !').toBe('(abd) 995ms (cABe) 1994ms (CxYg)', {
        a: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: switched('failover', 'binance', 'binance_us', 'binance: HTTP 403', 0),
        c: switched('failover', 'binance_us', 'bybit', retried, 1000),
        A: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 1000),
        B: switched('failover', 'binance', 'binance_us', 'binance: HTTP 403', 1000),
        C: switched('failover', 'binance_us', 'bybit', retried, 3000),
        x: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 3000),
        Y: switched('failover', 'binance', 'binance_us', 'binance: HTTP 403', 3000),
        d: down(1, 1000, 0),
        e: down(2, 2000, 1000),
        g: down(3, 4000, 3000),
      });
      expectSubscriptions(primary.subscriptions).toBe(['(^!)', '1s (^!)', '3s (^!)']);
    });
  });
  it('with one source, says all_sources_down once when its stale source has nowhere to go, nothing more until it recovers, and once again for the next outage', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const only = cold<FeedEvent>('p 20s p', { p: bybit });
      const sources = [{ exchange: 'bybit' as const, events$: only.pipe(detectStale({ exchange: 'bybit' })) }];
      // lastEventTs is the last trade's own time: the fixture's trade says 0.
      const stale = (ts: number) => status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts });
      const down = (ts: number) => status('all_sources_down', { activeExchange: 'bybit', reason: 'bybit stale for 15000 ms', ts });
      // Stale at 5 s, failoverAfterMs (10 s) later nothing to fail over to; data again at 20.001 s, stale at 25.001 s, down at 35.001 s.
      expectObservable(failover(sources, { failoverAfterMs: 10_000 }), '^ 40s !').toBe('p 4999ms s 9999ms d 5000ms (rp) 4996ms t 9999ms D', {
        p: bybit,
        s: stale(5000),
        d: down(15_000),
        r: status('feed_recovered', { reason: 'data again after 20001 ms', staleForMs: 20_001, lastEventTs: 0, ts: 20_001 }),
        t: stale(25_001),
        D: down(35_001),
      });
      expectSubscriptions(only.subscriptions).toBe('^ 40s !');
    });
  });

  it('stops the all-down rounds once the stale active source delivers again: no candidate tried, nothing more said', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<FeedEvent>('p 15499ms p', { p: bybit });
      const secondary = cold<FeedEvent>('#', undefined, geoBlocked('binance'));
      const sources = sourcesOf(primary.pipe(detectStale({ exchange: 'bybit' })), secondary);
      expectObservable(failover(sources, { ...policy, failoverAfterMs: 10_000 }), '^ 20s !').toBe('p 4999ms s 9999ms d 499ms (rp)', {
        p: bybit,
        s: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 5000 }),
        d: status('all_sources_down', { activeExchange: 'bybit', reason: 'binance: HTTP 403', attempt: 1, delayMs: 1000, ts: 15_000 }),
        r: status('feed_recovered', { reason: 'data again after 15500 ms', staleForMs: 15_500, lastEventTs: 0, ts: 15_500 }),
      });
      expectSubscriptions(secondary.subscriptions).toBe('15s (^!)');
    });
  });
});
