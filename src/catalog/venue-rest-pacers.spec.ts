import { merge } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { BybitAccessTooFrequentError } from '../exchanges/bybit/bybit-access-too-frequent-error.js';
import { venueRestPacers } from './venue-rest-pacers.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('venueRestPacers', () => {
  it("gives each venue a pacer of its own: Bybit's 403 holds Bybit 10 minutes, not Binance", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacers = venueRestPacers(['bybit', 'binance'], scheduler);
      const attempts = [cold<string>('#', {}, new BybitAccessTooFrequentError('http://bybit.test')), cold('(a|)')];
      const bybit = pacers.bybit?.request(1, () => attempts.shift() ?? cold('#'));
      const binance = pacers.binance?.request(20, () => cold('(b|)'));
      if (bybit === undefined || binance === undefined) throw new Error('a venue without a pacer');
      expectObservable(merge(bybit, binance)).toBe('b 599999ms (a|)');
    });
  });

  it("gives Bybit linear Bybit spot's pacer when both are followed (one IP's budget): a 403 on linear holds spot 10 minutes; alone, its own", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacers = venueRestPacers(['bybit', 'binance', 'bybit_linear'], scheduler);
      expect(pacers.bybit_linear).toBe(pacers.bybit);
      expect(pacers.binance).not.toBe(pacers.bybit);
      const attempts = [cold<string>('#', {}, new BybitAccessTooFrequentError('http://bybit.test')), cold('(a|)')];
      const linear = pacers.bybit_linear?.request(1, () => attempts.shift() ?? cold('#'));
      // Spot's request, due 10 ms after linear's, waits out the hold of linear's 403 too (and then its turn, 10 ms later).
      const spot = pacers.bybit?.request(1, () => cold('-(s|)'));
      if (linear === undefined || spot === undefined) throw new Error('a venue without a pacer');
      expectObservable(merge(linear, spot)).toBe('600000ms a 10ms (s|)');
    });
    const alone = venueRestPacers(['binance', 'bybit_linear'], testScheduler());
    expect(alone.bybit_linear).toBeDefined();
    expect(alone.bybit_linear).not.toBe(alone.binance);
  });

  it('starts Bybit requests 10 ms apart (at most 500 per 5 s, under its 600) and Binance ones 250 ms apart', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacers = venueRestPacers(['bybit', 'binance_us'], scheduler, { binance_us: { minIntervalMs: 100 } });
      const three = (venue: 'bybit' | 'binance_us') => merge(...['x', 'y', 'z'].map((v) => pacers[venue]?.request(1, () => cold('(v|)', { v })) ?? cold('#')));
      expectObservable(three('bybit')).toBe('x 9ms y 9ms (z|)');
      expectObservable(three('binance_us')).toBe('x 99ms y 99ms (z|)');
    });
  });

  it("gives every venue's pacer the share: a third of Binance's 6000 and Bybit's 7200 per minute", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacers = venueRestPacers(['bybit', 'binance', 'binance_us'], scheduler, { binance_us: { weightPerMinute: 600 } }, () => 1 / 3);
      expect([pacers.bybit?.weightPerMinute, pacers.binance?.weightPerMinute, pacers.binance_us?.weightPerMinute]).toEqual([2400, 2000, 200]);
      // binance_us holds to 200: the second request of 150 waits for the first to leave the minute.
      const request = (v: string) => pacers.binance_us?.request(150, () => cold('(v|)', { v })) ?? cold('#');
      expectObservable(merge(request('x'), request('y'))).toBe('x 59999ms (y|)');
    });
  });
});
