import { describe, expect, it } from 'vitest';
import { timer } from 'rxjs';
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
});
