import type { WindowLimit } from '../../venue-limits.js';

/** The REST weight each IP used over a sliding window, and the most it ever held in one. */
export class HyperliquidWeight {
  private readonly used = new Map<string, { at: number; weight: number }[]>();
  private peak = 0;

  /**
   * Counts a request of `weight` from `ip` at `now`; false (not counted) when it would take the IP's
   * weight in the window past `limit` (none: no limit).
   */
  admit(ip: string, now: number, weight: number, limit: WindowLimit | undefined): boolean {
    let spent = this.used.get(ip);
    if (spent === undefined) this.used.set(ip, (spent = []));
    const windowMs = limit?.windowMs ?? 60_000;
    while (spent.length > 0 && (spent[0]?.at ?? now) <= now - windowMs) spent.shift();
    const total = spent.reduce((sum, s) => sum + s.weight, 0);
    if (limit !== undefined && total + weight > limit.max) return false;
    spent.push({ at: now, weight });
    this.peak = Math.max(this.peak, total + weight);
    return true;
  }

  /** The weight the busiest IP holds in its window now. */
  inWindow(now: number, windowMs: number): number {
    let most = 0;
    for (const spent of this.used.values())
      most = Math.max(
        most,
        spent.filter((s) => s.at > now - windowMs).reduce((sum, s) => sum + s.weight, 0),
      );
    return most;
  }

  /** The most weight any IP held in one window. */
  get mostInWindow(): number {
    return this.peak;
  }

  /** Forgets every window (the control API's `reset`); the peak stays. */
  clear(): void {
    this.used.clear();
  }
}
