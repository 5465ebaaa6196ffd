import { describe, expect, it } from 'vitest';
import { RateSchedule } from './rate-schedule.js';
import { seededRandom } from './seeded-random.js';

/** Runs `ticks` ticks of `ms` and returns how many events each key got. */
function run(schedule: RateSchedule<string>, ticks: number, ms: number, start = 0): Map<string, number> {
  const totals = new Map<string, number>();
  for (let n = 1; n <= ticks; n += 1) {
    for (const [key, count] of schedule.due(start + n * ms)) totals.set(key, (totals.get(key) ?? 0) + count);
  }
  return totals;
}

describe('RateSchedule', () => {
  it('gives each key exactly its rate over time, a busy key every tick and a slow one rarely', () => {
    const schedule = new RateSchedule<string>();
    schedule.set('busy', 250, 0);
    schedule.set('slow', 0.5, 0);
    schedule.set('third', 3, 0);
    expect(Object.fromEntries(run(schedule, 1000, 20))).toEqual({ busy: 5000, slow: 10, third: 60 });
  });

  it('visits only the keys that are due: a tick before a slow key owes a whole event returns nothing for it', () => {
    const schedule = new RateSchedule<string>();
    schedule.set('slow', 1, 0);
    expect(schedule.due(999)).toEqual([]);
    expect(schedule.due(1000)).toEqual([['slow', 1]]);
    expect(schedule.due(1999)).toEqual([]);
  });

  it('gives a late tick everything owed at once, and carries fractions', () => {
    const schedule = new RateSchedule<string>();
    schedule.set('a', 25, 0);
    const counts = [10, 20, 30, 40, 50, 60, 70, 80].map((t) => schedule.due(t).reduce((sum, [, c]) => sum + c, 0));
    expect(counts).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(schedule.due(1080)).toEqual([['a', 25]]);
  });

  it('keeps what was owed at the old rate when the rate changes, pauses at 0, and carries the half event owed into the new rate', () => {
    const schedule = new RateSchedule<string>();
    schedule.set('a', 10, 0);
    schedule.set('a', 0, 150);
    expect(schedule.due(10_000)).toEqual([['a', 1]]);
    expect(schedule.due(20_000)).toEqual([]);
    schedule.set('a', 1, 20_000);
    expect(schedule.due(21_500)).toEqual([['a', 2]]);
  });

  it('returns keys due together in the order they were added, and forgets deleted keys', () => {
    const schedule = new RateSchedule<string>();
    for (const key of ['c', 'a', 'b', 'd']) schedule.set(key, 10, 0);
    schedule.delete('b');
    expect(schedule.due(100).map(([key]) => key)).toEqual(['c', 'a', 'd']);
    expect(schedule.size).toBe(3);
    expect(schedule.has('b')).toBe(false);
  });

  it('gives a key with a random source Poisson arrivals: the rate on average, random gaps, the same for the same seed', () => {
    const counts = (seed: number): number[] => {
      const schedule = new RateSchedule<string>();
      schedule.set('option', 2, 0, seededRandom(seed));
      return Array.from({ length: 1000 }, (_, s) => schedule.due((s + 1) * 1000).reduce((sum, [, c]) => sum + c, 0));
    };
    const perSecond = counts(11);
    const total = perSecond.reduce((a, b) => a + b, 0);
    // 2 a second for 1,000 s: 2,000 expected, standard deviation √2000 ≈ 45.
    expect(Math.abs(total - 2000)).toBeLessThan(4 * 45);
    // Seconds with none: e^-2 ≈ 13.5 % of them for a Poisson process (a steady rate of 2 gives none).
    const empty = perSecond.filter((n) => n === 0).length;
    expect(empty).toBeGreaterThan(100);
    expect(empty).toBeLessThan(170);
    expect(counts(11)).toEqual(perSecond);
    expect(counts(12)).not.toEqual(perSecond);
  });

  it("keeps a Poisson key's next arrival when the same rate is set again (a listing change elsewhere), and stops it at rate 0", () => {
    const arrivals = (reset: boolean): number[] => {
      const schedule = new RateSchedule<string>();
      const random = seededRandom(5);
      schedule.set('a', 1, 0, random);
      const out = Array.from({ length: 20 }, (_, s) => {
        if (reset) schedule.set('a', 1, s * 1000, random);
        return schedule.due((s + 1) * 1000).reduce((sum, [, c]) => sum + c, 0);
      });
      return out;
    };
    expect(arrivals(true)).toEqual(arrivals(false));
    const schedule = new RateSchedule<string>();
    schedule.set('a', 1, 0, seededRandom(5));
    schedule.set('a', 0, 0, seededRandom(5));
    expect(schedule.due(1_000_000)).toEqual([]);
  });
});
