import type { LiquidationLog } from './liquidation-log.js';
import type { PerpetualMarket } from './perpetual-market.js';

/** What a perpetual-futures venue adds to a simulated venue: its contracts' derivative figures and the liquidations it made. */
export interface PerpetualVenue {
  readonly market: PerpetualMarket;
  readonly liquidations: LiquidationLog;
}

/**
 * The generation steps' clock of one venue's periodic streams: which push intervals ended in the
 * last step (an interval of 100 ms ends at 100, 200, ... ms of simulated time), as the book topics
 * time their deltas.
 */
export class IntervalClock {
  private before = 0;
  private now = 0;

  /** Moves the clock by one generation step. */
  advance(elapsedMs: number): void {
    this.before = this.now;
    this.now += elapsedMs;
  }

  /** True when an interval of `intervalMs` ended during the last step. */
  ended(intervalMs: number): boolean {
    return Math.floor(this.now / intervalMs) !== Math.floor(this.before / intervalMs);
  }
}
