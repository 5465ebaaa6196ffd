import { map, merge, mergeMap, tap, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { DepthSnapshotError } from '../binance/binance-depth-client.js';
import { RestRateLimitedError } from './rest-rate-limited-error.js';
import { restWeightPacer, type RestWeightPacerConfig } from './rest-weight-pacer.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const limited = (status: 429 | 418, retryAfterMs?: number) =>
  new RestRateLimitedError({ status, url: 'http://venue.test/api/v3/depth', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

/** A task that records when each attempt starts and plays `attempts[n]` on the n-th. */
function scripted(scheduler: TestScheduler, attempts: readonly (() => Observable<string>)[]) {
  const starts: number[] = [];
  const task = () => {
    starts.push(scheduler.now());
    const play = attempts[Math.min(starts.length, attempts.length) - 1];
    if (play === undefined) throw new Error('no attempt scripted');
    return play();
  };
  return { starts, task };
}

describe('restWeightPacer', () => {
  const pacerIn = (scheduler: TestScheduler, config: Partial<RestWeightPacerConfig> = {}) => restWeightPacer(scheduler, config);

  it('starts requests that arrive together 250 ms apart', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler);
      const request = (label: string) => pacer.request(50, () => cold('(a|)', { a: label }));
      expectObservable(merge(request('x'), request('y'), request('z'))).toBe('x 249ms y 249ms (z|)');
    });
  });

  it('says how many requests wait for their turn and their weight', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const pacer = pacerIn(scheduler);
      for (const weight of [50, 25, 5]) pacer.request(weight, () => cold('(a|)', { a: weight })).subscribe();
      // The first started at once; the other two wait their 250 ms.
      expect(pacer.waiting()).toEqual({ requests: 2, weight: 30 });
      expect(pacer.weightPerMinute).toBe(6000);
    });
  });

  it('holds a request until the last minute of weight leaves room for it', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler, { weightPerMinute: 500 });
      const request = (label: string) => pacer.request(250, () => cold('(a|)', { a: label }));
      expectObservable(merge(request('x'), request('y'), request('z'))).toBe('x 249ms y 59749ms (z|)');
    });
  });

  it('does not hold a request behind a slow one already in flight', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler);
      const slow = pacer.request(250, () => cold('10s (x|)'));
      const fast = pacer.request(250, () => cold('(y|)'));
      expectObservable(merge(slow, fast)).toBe('250ms y 9749ms (x|)');
    });
  });

  it('on a 429 waits its Retry-After, tries that request again first, and holds every other one meanwhile', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const pacer = pacerIn(scheduler);
      const x = scripted(scheduler, [() => cold('10ms #', {}, limited(429, 5000)), () => cold('(x|)')]);
      const y = scripted(scheduler, [() => cold('(y|)')]);
      expectObservable(merge(pacer.request(50, x.task), pacer.request(50, y.task))).toBe('5010ms x 249ms (y|)');
      flush();
      expect([x.starts, y.starts]).toEqual([[0, 5010], [5260]]);
    });
  });

  it('on a 429 without Retry-After backs off 1 s, then 2 s, and starts over at 1 s after a success', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, flush }) => {
      const pacer = pacerIn(scheduler);
      const x = scripted(scheduler, [() => cold('#', {}, limited(429)), () => cold('#', {}, limited(429)), () => cold('(x|)')]);
      pacer.request(5, x.task).subscribe();
      flush();
      expect(x.starts).toEqual([0, 1000, 3000]);
      const y = scripted(scheduler, [() => cold('#', {}, limited(429)), () => cold('(y|)')]);
      pacer.request(5, y.task).subscribe();
      flush();
      expect(y.starts).toEqual([3250, 4250]);
    });
  });

  it("on a 418 waits the ban back-off, or the venue's Retry-After when longer", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, flush }) => {
      const pacer = pacerIn(scheduler, { banBackoffMs: 120_000 });
      const x = scripted(scheduler, [() => cold('#', {}, limited(418, 10_000)), () => cold('#', {}, limited(418, 300_000)), () => cold('(x|)')]);
      pacer.request(5, x.task).subscribe();
      flush();
      expect(x.starts).toEqual([0, 120_000, 420_000]);
    });
  });

  it('passes any other error to its caller without trying again', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new DepthSnapshotError('HTTP 400', false, { url: 'u', status: 400 });
      const pacer = pacerIn(scheduler);
      expectObservable(pacer.request(5, () => cold('5ms #', {}, failure))).toBe('5ms #', {}, failure);
    });
  });

  it('takes a request that is unsubscribed while waiting out of the line', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler);
      const request = (label: string) => pacer.request(5, () => cold('(a|)', { a: label }));
      expectObservable(request('x')).toBe('(x|)');
      expectObservable(request('y'), '^ 100ms !').toBe('');
      expectObservable(request('z')).toBe('250ms (z|)');
    });
  });

  it('with a third of 1500 per minute holds to 500, 750 ms apart: the third request of 250 waits for the first to leave the minute', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler, { weightPerMinute: 1500, share: () => 1 / 3 });
      const request = (label: string) => pacer.request(250, () => cold('(a|)', { a: label }));
      expectObservable(merge(request('x'), request('y'), request('z'))).toBe('x 749ms y 59249ms (z|)');
      expect(pacer.weightPerMinute).toBe(500);
    });
  });

  it('starts a request heavier than the shared budget alone, once the minute is empty', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler, { weightPerMinute: 600, share: () => 1 / 3 });
      const request = (label: string) => pacer.request(500, () => cold('(a|)', { a: label }));
      expectObservable(merge(request('x'), request('y'))).toBe('x 59999ms (y|)');
    });
  });

  it('lets a waiting request go at once when the share rises mid-minute (1/3 to 2/3 of 1500) and another is asked for', () => {
    const scheduler = testScheduler();
    let share = 1 / 3;
    const pacer = pacerIn(scheduler, { weightPerMinute: 1500, share: () => share });
    scheduler.run(({ cold, expectObservable }) => {
      const request = (label: string) => pacer.request(250, () => cold('(a|)', { a: label }));
      const late = timer(1000).pipe(
        tap(() => (share = 2 / 3)),
        mergeMap(() => request('w')),
      );
      // x, y fill 500, 750 ms apart; at 1 s the budget is 1000 and the pace 375 ms: z at 1125, w at 1500 (750 + 250 = 1000).
      expectObservable(merge(request('x'), request('y'), request('z'), late)).toBe('x 749ms y 374ms z 374ms (w|)');
    });
    expect(pacer.weightPerMinute).toBe(1000);
  });

  it('reads the share at each decision: after a fall to 1/4 of 1000 the next request waits until the minute has 250 free', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      let share = 1;
      const pacer = pacerIn(scheduler, { weightPerMinute: 1000, share: () => share });
      const request = (label: string) => pacer.request(250, () => cold('(a|)', { a: label }));
      const fall = timer(300).pipe(
        tap(() => (share = 1 / 4)),
        map(() => 'f'),
      );
      // x at 0 and y at 250 (the pace); at 300 the budget falls to 250, so z, due at 500, waits for y to leave the minute.
      expectObservable(merge(request('x'), request('y'), fall, request('z'))).toBe('x 249ms y 49ms f 59949ms (z|)');
    });
  });

  it('books weight the venue counted but the pacer did not (another process on the same IP)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = pacerIn(scheduler);
      pacer.noteUsedWeight(5900);
      pacer.noteUsedWeight(100);
      expectObservable(pacer.request(250, () => cold('(a|)'))).toBe('60s (a|)');
    });
  });

  it('books of the weight the venue counted only what the others used beyond their shares (a third here: the others may use 4000 of 6000)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const within = pacerIn(scheduler, { share: () => 1 / 3 });
      within.noteUsedWeight(4000);
      expectObservable(within.request(2000, () => cold('(a|)'))).toBe('(a|)');
      const beyond = pacerIn(scheduler, { share: () => 1 / 3 });
      beyond.noteUsedWeight(4100);
      expectObservable(beyond.request(2000, () => cold('(a|)'))).toBe('60s (a|)');
    });
  });
});
