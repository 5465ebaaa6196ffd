import { PerIpWindows } from './per-ip-windows.js';
import type { VenueCounters } from './venue-counters.js';
import type { VenueLimits } from './venue-limits.js';

/** Whether an upgrade may go on, or the HTTP status and body to refuse it with. */
export type UpgradeVerdict = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly body: string };

/**
 * A venue's door: counts every upgrade attempt per IP in a sliding window and refuses attempts past
 * `connectionAttempts` (refused attempts count too, as the venues count attempts), and refuses an
 * upgrade whose URL names more topics than `maxTopicsPerConnection` (Binance does not document what
 * it does then; the simulator answers 400). A venue whose markets share one URL and one per-IP count
 * (Bitget's spot and USDT-M) passes the same `attempts` to each market's gate.
 */
export class ConnectionGate {
  constructor(
    private readonly limits: VenueLimits,
    private readonly counters: VenueCounters,
    private readonly attempts: PerIpWindows = new PerIpWindows(),
  ) {}

  /** Counts an attempt from `ip` at `now` naming `urlTopics` topics. */
  admit(ip: string, now: number, urlTopics: number): UpgradeVerdict {
    this.counters.connectionAttempts += 1;
    const limit = this.limits.connectionAttempts;
    if (limit !== undefined) {
      if (this.attempts.record(ip, now, limit) > limit.max) {
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
    return this.attempts.busiest(now);
  }

  /** Forgets every attempt (the control API's `reset`). */
  clear(): void {
    this.attempts.clear();
  }
}
