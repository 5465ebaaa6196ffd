import { PerIpWindows } from './per-ip-windows.js';
import type { SimRestLimit } from './sim-rest-handler.js';
import type { WindowLimit } from './venue-limits.js';

/**
 * A REST request limit per key (an IP; OKX: an endpoint and an IP) over a sliding window: past
 * `max` requests in the window a request is refused; with a ban (Bybit), every request of the key
 * is refused for `banMs` from the one that passed the limit.
 */
export class PerIpRequestLimit implements SimRestLimit {
  private readonly windows = new PerIpWindows();
  private readonly bannedUntil = new Map<string, number>();

  /**
   * Counts a request of `key` at `now` against `limit` (none: not counted, let through); false when
   * it is past the limit or `key` is banned. Passing the limit bans `key` for `banMs` when given.
   */
  admit(key: string, now: number, limit: WindowLimit | undefined, banMs?: number): boolean {
    if (limit === undefined) return true;
    const count = this.windows.record(key, now, limit);
    const banned = now < (this.bannedUntil.get(key) ?? 0);
    if (!banned && count <= limit.max) return true;
    if (!banned && banMs !== undefined) this.bannedUntil.set(key, now + banMs);
    return false;
  }

  /** `restRequestsInWindow`: the most requests any key has in its window now. */
  counters(now: number): Readonly<Record<string, number>> {
    return { restRequestsInWindow: this.windows.busiest(now) };
  }

  clear(): void {
    this.windows.clear();
    this.bannedUntil.clear();
  }
}
