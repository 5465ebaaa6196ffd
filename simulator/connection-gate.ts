import { SlidingWindow } from './sliding-window.js';
import type { VenueCounters } from './venue-counters.js';
import type { VenueLimits } from './venue-limits.js';

/** Whether an upgrade may go on, or the HTTP status and body to refuse it with. */
export type UpgradeVerdict = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly body: string };

/**
 * A venue's door: counts every upgrade attempt per IP in a sliding window and refuses attempts past
 * `connectionAttempts` (refused attempts count too, as the venues count attempts), and refuses an
 * upgrade whose URL names more topics than `maxTopicsPerConnection` (Binance does not document what
 * it does then; the simulator answers 400).
 */
export class ConnectionGate {
  private readonly attempts = new Map<string, SlidingWindow>();

  constructor(
    private readonly limits: VenueLimits,
    private readonly counters: VenueCounters,
  ) {}

  /** Counts an attempt from `ip` at `now` naming `urlTopics` topics. */
  admit(ip: string, now: number, urlTopics: number): UpgradeVerdict {
    this.counters.connectionAttempts += 1;
    const limit = this.limits.connectionAttempts;
    if (limit !== undefined) {
      let window = this.attempts.get(ip);
      if (window === undefined) {
        window = new SlidingWindow(limit.windowMs, limit.max * 2);
        this.attempts.set(ip, window);
      }
      if (window.record(now) > limit.max) {
        this.counters.refusals.connectionAttempts += 1;
        return {
          ok: false,
          status: limit.refuseStatus,
          body: JSON.stringify({ code: -1003, msg: `Too many connection attempts; current limit is ${limit.max} per ${limit.windowMs / 1000} s.` }),
        };
      }
    }
    const max = this.limits.maxTopicsPerConnection;
    if (max !== undefined && urlTopics > max) {
      this.counters.refusals.topicsPerConnection += 1;
      return { ok: false, status: 400, body: JSON.stringify({ code: -1, msg: `Too many streams: ${urlTopics}, at most ${max} per connection.` }) };
    }
    return { ok: true };
  }

  /** The most attempts any IP has in its current window. */
  inWindow(now: number): number {
    let most = 0;
    for (const window of this.attempts.values()) most = Math.max(most, window.count(now));
    return most;
  }

  /** Forgets every attempt (the control API's `reset`). */
  clear(): void {
    this.attempts.clear();
  }
}
