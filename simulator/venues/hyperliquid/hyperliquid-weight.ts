import type { SimRestLimit } from '../../sim-rest-handler.js';
import type { WindowLimit } from '../../venue-limits.js';

/** The REST weight each IP used over a sliding window (of `limit`, else a minute), and the most it ever held in one. */
export class HyperliquidWeight implements SimRestLimit {
  private readonly used = new Map<string, { at: number; weight: number }[]>();
  private peak = 0;

  /** `limit`: the weight allowed per window per IP; none: no limit. */
  constructor(private readonly limit: WindowLimit | undefined) {}

  /** Counts a request of `weight` from `ip` at `now`; false (not counted) when it would take the IP's weight in the window past the limit. */
  admit(ip: string, now: number, weight: number): boolean {
    let spent = this.used.get(ip);
    if (spent === undefined) this.used.set(ip, (spent = []));
    const windowMs = this.windowMs;
    while (spent.length > 0 && (spent[0]?.at ?? now) <= now - windowMs) spent.shift();
    const total = spent.reduce((sum, s) => sum + s.weight, 0);
    if (this.limit !== undefined && total + weight > this.limit.max) return false;
    spent.push({ at: now, weight });
    this.peak = Math.max(this.peak, total + weight);
    return true;
  }

  /** `restWeightInWindow`, the weight the busiest IP holds in its window now; `restWeightInWindowPeak`, the most any IP held in one. */
  counters(now: number): Readonly<Record<string, number>> {
    let most = 0;
    for (const spent of this.used.values())
      most = Math.max(
        most,
        spent.filter((s) => s.at > now - this.windowMs).reduce((sum, s) => sum + s.weight, 0),
      );
    return { restWeightInWindow: most, restWeightInWindowPeak: this.peak };
  }

  /** Forgets every window (the control API's `reset`); the peak stays. */
  clear(): void {
    this.used.clear();
  }

  private get windowMs(): number {
    return this.limit?.windowMs ?? 60_000;
  }
}
