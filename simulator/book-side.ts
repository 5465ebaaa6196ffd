/** One simulated price level in whole units: `tick` price ticks, `lots` size units (both > 0). */
export interface TickLevel {
  readonly tick: number;
  readonly lots: number;
}

/**
 * One side of a simulated book, kept best first (bids by tick descending, asks ascending). Prices
 * and sizes are whole numbers of ticks and lots, so that the decimal strings a venue frame carries
 * are exact and a client parsing them gets back exactly these levels.
 */
export class BookSide {
  private readonly levels: TickLevel[] = [];

  /** `bid`: better means a higher tick; `ask`: a lower one. */
  constructor(readonly side: 'bid' | 'ask') {}

  get length(): number {
    return this.levels.length;
  }

  /** The best level, if any. */
  best(): TickLevel | undefined {
    return this.levels[0];
  }

  /** The worst level, if any. */
  worst(): TickLevel | undefined {
    return this.levels.at(-1);
  }

  /** The level at position `index` from the best (0 is the best). */
  at(index: number): TickLevel | undefined {
    return this.levels[index];
  }

  /** The size at `tick`, 0 when there is no level there. */
  lotsAt(tick: number): number {
    const i = this.indexOf(tick);
    return this.levels[i]?.tick === tick ? (this.levels[i]?.lots ?? 0) : 0;
  }

  /** Sets the size at `tick` (0 removes the level); returns whether anything changed. */
  set(tick: number, lots: number): boolean {
    const i = this.indexOf(tick);
    const found = this.levels[i]?.tick === tick;
    if (lots <= 0) {
      if (!found) return false;
      this.levels.splice(i, 1);
      return true;
    }
    if (found) {
      if (this.levels[i]?.lots === lots) return false;
      this.levels[i] = { tick, lots };
      return true;
    }
    this.levels.splice(i, 0, { tick, lots });
    return true;
  }

  /** The best `count` levels, best first. */
  top(count: number): readonly TickLevel[] {
    return this.levels.slice(0, Math.max(0, count));
  }

  /** True when `tick` is worse than or equal to `other` on this side (for a bid: lower or equal). */
  worseOrEqual(tick: number, other: number): boolean {
    return this.side === 'bid' ? tick <= other : tick >= other;
  }

  /** `tick` moved `steps` ticks away from the touch (down for bids, up for asks). */
  away(tick: number, steps: number): number {
    return this.side === 'bid' ? tick - steps : tick + steps;
  }

  /** Removes every level strictly better than `tick`; returns the ticks removed. */
  removeBetterThan(tick: number): readonly number[] {
    const removed: number[] = [];
    while (this.levels[0] !== undefined && !this.worseOrEqual(this.levels[0].tick, tick)) {
      removed.push(this.levels[0].tick);
      this.levels.shift();
    }
    return removed;
  }

  /** Keeps the best `count` levels; returns the ticks removed. */
  trimTo(count: number): readonly number[] {
    if (this.levels.length <= count) return [];
    return this.levels.splice(count).map((l) => l.tick);
  }

  /** The position of `tick`, or where it would be inserted. */
  private indexOf(tick: number): number {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = (this.levels[mid] as TickLevel).tick;
      const better = this.side === 'bid' ? t > tick : t < tick;
      if (better) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
