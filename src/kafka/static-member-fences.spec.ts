import { describe, expect, it } from 'vitest';
import { StaticMemberFences } from './static-member-fences.js';

describe('StaticMemberFences', () => {
  it('rejoins after a first fence, and after fences further apart than the window', () => {
    let now = 1_000;
    const fences = new StaticMemberFences(60_000, () => now);
    expect(fences.judge()).toBe('rejoin');
    now += 60_000;
    expect(fences.judge()).toBe('rejoin');
    now += 3_600_000;
    expect(fences.judge()).toBe('rejoin');
    expect(fences.rejoins).toBe(3);
  });

  it('stops at a second fence within the window of the last rejoin: another process holds the instance id', () => {
    let now = 1_000;
    const fences = new StaticMemberFences(60_000, () => now);
    expect(fences.judge()).toBe('rejoin');
    // The other process rejoins in turn and fences this one at its next heartbeat, a few seconds later.
    now += 6_000;
    expect(fences.judge()).toBe('stop');
    now += 59_999 - 6_000;
    expect(fences.judge()).toBe('stop');
    expect(fences.rejoins).toBe(1);
  });

  it('takes a window of twice the session timeout, a minute at least', () => {
    expect(StaticMemberFences.windowFor(10_000)).toBe(60_000);
    expect(StaticMemberFences.windowFor(45_000)).toBe(90_000);
  });
});
