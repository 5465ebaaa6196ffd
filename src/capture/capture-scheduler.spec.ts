import { describe, expect, it } from 'vitest';
import { interval, timer } from 'rxjs';
import { CaptureScheduler } from './capture-scheduler.js';

describe('CaptureScheduler', () => {
  it('runs timers due by a frame time, at their own times, before moving the clock to the frame', () => {
    const scheduler = new CaptureScheduler(1_000_000);
    const fired: number[] = [];
    timer(500, scheduler).subscribe(() => fired.push(scheduler.now()));
    timer(2000, scheduler).subscribe(() => fired.push(scheduler.now()));
    scheduler.advanceTo(1_001_000);
    expect(fired).toEqual([1_000_500]);
    expect(scheduler.now()).toBe(1_001_000);
    scheduler.advanceTo(1_002_000);
    expect(fired).toEqual([1_000_500, 1_002_000]);
  });

  it('never moves the clock back for a frame received earlier than the last', () => {
    const scheduler = new CaptureScheduler(5000);
    scheduler.advanceTo(7000);
    scheduler.advanceTo(6000);
    expect(scheduler.now()).toBe(7000);
  });

  it('keeps an interval of a long replay one action: 200,000 ticks, in order with other timers, then unsubscribed without a stack overflow', () => {
    const scheduler = new CaptureScheduler(0);
    const ticks: number[] = [];
    const ticking = interval(100, scheduler).subscribe((n) => ticks.push(n));
    const other: number[] = [];
    timer(250, scheduler).subscribe(() => other.push(scheduler.now()));
    scheduler.advanceTo(300);
    expect(ticks).toEqual([0, 1, 2]);
    expect(other).toEqual([250]);
    scheduler.advanceTo(20_000_000);
    expect(ticks.length).toBe(200_000);
    expect(ticks[199_999]).toBe(199_999);
    expect(scheduler.actions.length).toBe(1);
    expect(() => ticking.unsubscribe()).not.toThrow();
    expect(scheduler.actions.length).toBe(0);
    scheduler.advanceTo(20_001_000);
    expect(ticks.length).toBe(200_000);
  });
});
