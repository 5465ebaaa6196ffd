import { merge, map } from 'rxjs';
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
    expect(new ConnectionBudget({ attempts: 1, windowMs: 1 }).state).toEqual({ inWindow: 0, waiting: 0, started: 0 });
  });
});
