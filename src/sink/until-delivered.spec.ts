import { afterEach, describe, expect, it, vi } from 'vitest';
import { untilDelivered } from './until-delivered.js';

afterEach(() => vi.useRealTimers());

describe('untilDelivered', () => {
  it('waits past the stall time while records are acknowledged, and ends once none is left', async () => {
    vi.useFakeTimers();
    const counters = { acked: 0, buffered: 100, spooled: 0 };
    let done: boolean | undefined;
    void untilDelivered(counters, 1_000).then((all) => (done = all));
    // 10 acks a second for 5 s: five times the stall time, never stalled.
    for (let tick = 0; tick < 50; tick++) {
      counters.acked += 1;
      counters.buffered -= 1;
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(done).toBeUndefined();
    counters.buffered = 0;
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
  });

  it('gives up once nothing was acknowledged for the stall time, and counts the spool as undelivered', async () => {
    vi.useFakeTimers();
    const counters = { acked: 7, buffered: 0, spooled: 3 };
    let done: boolean | undefined;
    void untilDelivered(counters, 1_000).then((all) => (done = all));
    await vi.advanceTimersByTimeAsync(900);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(done).toBe(false);
  });

  it('ends at once when nothing is undelivered, and on the signal', async () => {
    expect(await untilDelivered({ acked: 0, buffered: 0, spooled: 0 }, 1_000)).toBe(true);
    const abort = new AbortController();
    abort.abort();
    expect(await untilDelivered({ acked: 0, buffered: 5, spooled: 0 }, 1_000, { signal: abort.signal })).toBe(false);
  });
});
