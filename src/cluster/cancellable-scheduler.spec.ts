import { asyncScheduler, queueScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancellableScheduler } from './cancellable-scheduler.js';

describe('CancellableScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cancels every pending piece of work at once, leaves no timer behind, and takes no work after', () => {
    vi.useFakeTimers();
    const scheduler = new CancellableScheduler(asyncScheduler);
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('soon'), 5);
    scheduler.schedule(() => ran.push('hold'), 60_000);
    scheduler.schedule(() => ran.push('time-out'), 120_000);
    expect(vi.getTimerCount()).toBe(3);
    vi.advanceTimersByTime(30);
    // Work that ran is forgotten.
    expect(ran).toEqual(['soon']);
    expect(scheduler.size).toBe(2);
    scheduler.cancelAll();
    expect(scheduler.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const late = scheduler.schedule(() => ran.push('late'), 1);
    expect(late.closed).toBe(true);
    vi.advanceTimersByTime(200_000);
    expect(ran).toEqual(['soon']);
  });

  it('forgets work cancelled by its own subscription, and work a scheduler ran at once', () => {
    const scheduler = new CancellableScheduler(asyncScheduler);
    const hold = scheduler.schedule(() => undefined, 60_000);
    expect(scheduler.size).toBe(1);
    hold.unsubscribe();
    expect(scheduler.size).toBe(0);
    let ran = 0;
    const atOnce = new CancellableScheduler(queueScheduler);
    atOnce.schedule(() => ran++);
    expect(ran).toBe(1);
    expect(atOnce.size).toBe(0);
  });

  it("keeps the inner scheduler's clock and passes the work its state", async () => {
    const scheduler = new CancellableScheduler(asyncScheduler);
    const before = Date.now();
    const now = scheduler.now();
    expect([now >= before, now <= Date.now()]).toEqual([true, true]);
    const got = await new Promise<number | undefined>((resolve) => scheduler.schedule((state) => resolve(state), 1, 42));
    expect(got).toBe(42);
  });
});
