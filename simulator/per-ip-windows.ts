import { SlidingWindow } from './sliding-window.js';
import type { WindowLimit } from './venue-limits.js';

/** A venue's REST requests counted per IP over a sliding window, as its per-IP limit counts them. */
export class PerIpWindows {
  private readonly windows = new Map<string, SlidingWindow>();

  /** Counts a request of `ip` at `now` against `limit`; the requests in its window, this one included. */
  record(ip: string, now: number, limit: WindowLimit): number {
    let window = this.windows.get(ip);
    if (window === undefined) {
      window = new SlidingWindow(limit.windowMs, limit.max * 2);
      this.windows.set(ip, window);
    }
    return window.record(now);
  }

  /** The most requests any IP has in its window now. */
  busiest(now: number): number {
    let most = 0;
    for (const window of this.windows.values()) most = Math.max(most, window.count(now));
    return most;
  }

  /** Forgets every window (the control API's `reset`). */
  clear(): void {
    this.windows.clear();
  }
}
