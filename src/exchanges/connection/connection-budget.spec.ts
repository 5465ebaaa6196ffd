import { merge, map, mergeMap, tap, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ConnectionBudget } from './connection-budget.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('ConnectionBudget', () => {
  it('gives a burst at once, then no more than the burst in any burst of the pace: 300 per 5 minutes is two every 2 s past a burst of two', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const budget = new ConnectionBudget({ attempts: 300, windowMs: 300_000, burst: 2, scheduler: s });
      const turns = merge(...['a', 'b', 'c', 'd'].map((name) => budget.turn().pipe(map(() => name))));
      // a, b at once; c and d when the first burst has 2 s (two turns of the pace) behind it.
      expectObservable(turns).toBe('(ab) 1996ms (cd|)');
    });
  });

  it('never gives more turns than the window allows, whatever the spacing', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const budget = new ConnectionBudget({ attempts: 2, windowMs: 10_000, minIntervalMs: 0, scheduler: s });
      const turns = merge(...['a', 'b', 'c', 'd'].map((name) => budget.turn().pipe(map(() => name))));
      // Two at once, then each further one when the oldest of the last two leaves the window.
      expectObservable(turns).toBe('(ab) 9996ms (cd|)');
    });
  });

  it('gives the place of a socket that stopped waiting to the next', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const budget = new ConnectionBudget({ attempts: 10, windowMs: 10_000, burst: 1, scheduler: s });
      budget.turn().subscribe();
      expectObservable(budget.turn().pipe(map(() => 'x')), '^ 1ms !').toBe('-');
      expectObservable(budget.turn().pipe(map(() => 'y'))).toBe('1000ms (y|)');
    });
    expect(new ConnectionBudget({ attempts: 1, windowMs: 1 }).state).toEqual({ inWindow: 0, waiting: 0, started: 0, limit: 1 });
  });

  it('with a third of 9 per 9 s gives 3 per window, one every 3 s (the pace of 9 s / 3)', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const budget = new ConnectionBudget({ attempts: 9, windowMs: 9000, burst: 1, share: () => 1 / 3, scheduler: s });
      const turns = merge(...['a', 'b', 'c', 'd', 'e'].map((name) => budget.turn().pipe(map(() => name))));
      expectObservable(turns).toBe('a 2999ms b 2999ms c 2999ms d 2999ms (e|)');
    });
  });

  it('with a share keeps an explicit pace and holds the 4th turn until the 1st leaves the window', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const budget = new ConnectionBudget({ attempts: 9, windowMs: 9000, minIntervalMs: 1000, burst: 1, share: () => 1 / 3, scheduler: s });
      const turns = merge(...['a', 'b', 'c', 'd'].map((name) => budget.turn().pipe(map(() => name))));
      expectObservable(turns).toBe('a 999ms b 999ms c 6999ms (d|)');
    });
  });

  it('allows floor(attempts * share) per window, at least 1, the burst no more than that, and a share above 1 as 1', () => {
    const limit = (attempts: number, share: number) => new ConnectionBudget({ attempts, windowMs: 1000, share: () => share }).state.limit;
    expect([limit(10, 1 / 3), limit(2, 1 / 3), limit(300, 1 / 64), limit(10, 5)]).toEqual([3, 1, 4, 10]);
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      // 6 per 6 s at a third: 2 per window, so a burst of 20 shrinks to 2, then the pace of 3 s.
      const budget = new ConnectionBudget({ attempts: 6, windowMs: 6000, share: () => 1 / 3, scheduler: s });
      const turns = merge(...['a', 'b', 'c', 'd', 'e'].map((name) => budget.turn().pipe(map(() => name))));
      expectObservable(turns).toBe('(ab) 5996ms (cd) 5996ms (e|)');
    });
  });

  it('lets the waiting turns go at once when the share rises mid-window (1/3 to 2/3 of 6 per 6 s) and another is asked for', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      let share = 1 / 3;
      const budget = new ConnectionBudget({ attempts: 6, windowMs: 6000, share: () => share, scheduler: s });
      const early = ['a', 'b', 'c', 'd'].map((name) => budget.turn().pipe(map(() => name)));
      const late = timer(1000).pipe(
        tap(() => (share = 2 / 3)),
        mergeMap(() => budget.turn()),
        map(() => 'e'),
      );
      // a, b at 0 (2 per window); at 1 s 4 per window at a pace of 1.5 s: c, d at once, e when the burst of 4 from 0 has 6 s behind it.
      expectObservable(merge(...early, late)).toBe('(ab) 996ms (cd) 4996ms (e|)');
    });
  });

  it('reads the share at each decision: after a fall to 1/3 holds new turns until the window has room for the smaller limit', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      let share = 1;
      const budget = new ConnectionBudget({ attempts: 6, windowMs: 6000, share: () => share, scheduler: s });
      const early = ['a', 'b', 'c', 'd'].map((name) => budget.turn().pipe(map(() => name)));
      const late = ['e', 'f'].map((name) =>
        timer(1000).pipe(
          tap(() => (share = 1 / 3)),
          mergeMap(() => budget.turn()),
          map(() => name),
        ),
      );
      // 4 at 0 of 6; at 1 s the limit is 2, so e and f wait until the four of 0 leave the window at 6 s.
      expectObservable(merge(...early, ...late)).toBe('(abcd) 5994ms (ef|)');
    });
  });
});
