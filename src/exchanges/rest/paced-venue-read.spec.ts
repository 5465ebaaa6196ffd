import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from './rest-rate-limited-error.js';
import { restWeightPacer } from './rest-weight-pacer.js';
import { CatalogReadError } from './catalog-read-error.js';
import { pacedVenueRead } from './paced-venue-read.js';

const URL_ = 'http://venue.test/api/v3/exchangeInfo';
const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const limited = (retryAfterMs: number) => new RestRateLimitedError({ status: 429, retryAfterMs, url: URL_ });

describe('pacedVenueRead', () => {
  it("waits out a 429's Retry-After through the pacer and answers when it fits in the time limit", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const attempts = [cold<string>('#', {}, limited(2000)), cold('10ms (a|)')];
      const task = () => attempts.shift() ?? cold('#');
      const read = pacedVenueRead({ exchange: 'binance', url: URL_, pacer: restWeightPacer(scheduler), weight: 20, task, timeoutMs: 5000, scheduler });
      expectObservable(read).toBe('2010ms (a|)');
    });
  });

  it('gives up after the time limit, naming the rate-limit refusal that kept the answer away', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const read = pacedVenueRead({
        exchange: 'binance',
        url: URL_,
        pacer: restWeightPacer(scheduler),
        weight: 20,
        task: () => cold('#', {}, limited(60_000)),
        timeoutMs: 5000,
        scheduler,
      });
      const message = `${URL_}: no answer in 5000 ms (rate limited: ${URL_}: HTTP 429 (Retry-After 60000 ms))`;
      expectObservable(read).toBe('5s #', undefined, new CatalogReadError(message, true, { exchange: 'binance', url: URL_ }));
    });
  });

  it("gives up on a request that never answers and aborts it; the venue's pacer serves the next request at once", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const pacer = restWeightPacer(scheduler);
      const hanging = cold('-');
      const read = pacedVenueRead({ exchange: 'bybit', url: URL_, pacer, weight: 1, task: () => hanging, timeoutMs: 1000, scheduler });
      expectObservable(read).toBe('1s #', undefined, new CatalogReadError(`${URL_}: no answer in 1000 ms`, true, { exchange: 'bybit', url: URL_ }));
      expectSubscriptions(hanging.subscriptions).toBe('^ 999ms !');
      expectObservable(
        pacer.request(1, () => cold('(b|)')),
        '1001ms ^',
      ).toBe('1001ms (b|)');
    });
  });
});
