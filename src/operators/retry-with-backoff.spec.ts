import { defer, EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../model/index.js';
import { createTestScheduler, status } from './__fixtures__/market-events.js';
import { RetriesExhaustedError } from './retries-exhausted-error.js';
import { backoffDelay, retryWithBackoff } from './retry-with-backoff.js';

const dropped = new FeedError('socket closed 1006', true, {});
const geoBlocked = new FeedError('HTTP 403 from bybit', false, {});

const retry = (attempt: number, delayMs: number, ts: number) => status('retry_scheduled', { reason: 'socket closed 1006', attempt, delayMs, ts });

describe('retryWithBackoff', () => {
  it('waits 1, 2, 4, 8, 16, 30, 30 s between retries, then gives up after maxAttempts', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#', undefined, dropped);
      const result = source.pipe(retryWithBackoff({ exchange: 'bybit', maxAttempts: 7, jitter: 0 }));
      expectObservable(result).toBe(
        'a 999ms b 1999ms c 3999ms d 7999ms e 15999ms f 29999ms g 29999ms (x#)',
        {
          a: retry(1, 1000, 0),
          b: retry(2, 2000, 1000),
          c: retry(3, 4000, 3000),
          d: retry(4, 8000, 7000),
          e: retry(5, 16_000, 15_000),
          f: retry(6, 30_000, 31_000),
          g: retry(7, 30_000, 61_000),
          x: status('retries_exhausted', { reason: 'socket closed 1006', attempt: 7, ts: 91_000 }),
        },
        expect.any(RetriesExhaustedError),
      );
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '1s (^!)', '3s (^!)', '7s (^!)', '15s (^!)', '31s (^!)', '61s (^!)', '91s (^!)']);
    });
  });

  it('starts again at 1 s once the source has delivered data for resetAfterMs', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('#', undefined, dropped), cold('#', undefined, dropped), cold('d 10s #', undefined, dropped)];
      let index = 0;
      const source = defer(() => attempts[Math.min(index++, attempts.length - 1)] ?? EMPTY);
      const result = source.pipe(retryWithBackoff({ exchange: 'bybit', resetAfterMs: 10_000, maxAttempts: 4, jitter: 0 }));
      expectObservable(result, '^ 25s !').toBe('a 999ms b 1999ms d 10s e 999ms f 10s g', {
        a: retry(1, 1000, 0),
        b: retry(2, 2000, 1000),
        d: 'd',
        e: retry(1, 1000, 13_001),
        f: 'd',
        g: retry(1, 1000, 24_002),
      });
    });
  });

  it('passes a non-retriable error straight through without retrying', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-#', { a: 'a' }, geoBlocked);
      expectObservable(source.pipe(retryWithBackoff({ exchange: 'bybit' }))).toBe('a-#', { a: 'a' }, geoBlocked);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('forwards values and completion untouched', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|');
      expectObservable(source.pipe(retryWithBackoff({ exchange: 'binance' }))).toBe('a-b-|');
    });
  });

  it('keeps counting attempts when the source fails before resetAfterMs of data', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('d 99ms #', { d: 'd' }, dropped);
      const result = source.pipe(retryWithBackoff({ exchange: 'bybit', resetAfterMs: 1000, maxAttempts: 2, jitter: 0 }));
      expectObservable(result).toBe(
        'd 99ms a 999ms d 99ms b 1999ms d 99ms (x#)',
        {
          d: 'd',
          a: retry(1, 1000, 100),
          b: retry(2, 2000, 1200),
          x: status('retries_exhausted', { reason: 'socket closed 1006', attempt: 2, ts: 3300 }),
        },
        expect.any(RetriesExhaustedError),
      );
    });
  });

  it('spreads the delay by the jitter fraction and never exceeds maxDelayMs', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('#', undefined, dropped);
      const draws = [0, 0.999_999];
      const result = source.pipe(retryWithBackoff({ exchange: 'bybit', jitter: 0.5, maxDelayMs: 1200, maxAttempts: 2, random: () => draws.shift() ?? 0.5 }));
      expectObservable(result).toBe(
        'a 499ms b 1199ms (x#)',
        {
          a: retry(1, 500, 0),
          b: retry(2, 1200, 500),
          x: status('retries_exhausted', { reason: 'socket closed 1006', attempt: 2, ts: 1700 }),
        },
        expect.any(RetriesExhaustedError),
      );
    });
  });

  it('by default spreads each delay by up to 20 % either way and gives up after 5 retries', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('#', undefined, dropped);
      // Draws 0 and 0.999999 are the ends of the spread: 1000 * 0.8 = 800 ms, then 2000 * 1.2 = 2400 ms
      // (2399.9992 rounded); 0.5 is no spread: 4000, 8000, 16000 ms.
      const draws = [0, 0.999_999];
      const result = source.pipe(retryWithBackoff({ exchange: 'bybit', random: () => draws.shift() ?? 0.5 }));
      expectObservable(result).toBe(
        'a 799ms b 2399ms c 3999ms d 7999ms e 15999ms (x#)',
        {
          a: retry(1, 800, 0),
          b: retry(2, 2400, 800),
          c: retry(3, 4000, 3200),
          d: retry(4, 8000, 7200),
          e: retry(5, 16_000, 15_200),
          x: status('retries_exhausted', { reason: 'socket closed 1006', attempt: 5, ts: 31_200 }),
        },
        expect.any(RetriesExhaustedError),
      );
    });
  });

  it('computes capped exponential delays', () => {
    const config = { initialDelayMs: 1000, maxDelayMs: 30_000, multiplier: 2 };
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, config))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('describes non-Error failures in the retry status', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('#', undefined, 'boom');
      expectObservable(source.pipe(retryWithBackoff({ exchange: 'bybit', jitter: 0 })), '^ 1500ms !').toBe('a 999ms b', {
        a: status('retry_scheduled', { reason: 'boom', attempt: 1, delayMs: 1000, ts: 0 }),
        b: status('retry_scheduled', { reason: 'boom', attempt: 2, delayMs: 2000, ts: 1000 }),
      });
    });
  });
});
