import type { ExchangeId } from '../model/index.js';

/**
 * How a listing's sweep (`listingSweeps`) ended: the trades it made before its first record here were read
 * from the venue (whatever they held), could not be read (the venue's error), or were not asked before the stop.
 */
export const LISTING_SWEEP_OUTCOMES = ['read', 'unread', 'stopped'] as const;
export type ListingSweepOutcome = (typeof LISTING_SWEEP_OUTCOMES)[number];

/** One venue's listings swept, by outcome. */
export interface ListingSweepCount {
  readonly exchange: ExchangeId;
  readonly outcome: ListingSweepOutcome;
  readonly listings: number;
}

/**
 * The symbols listed during the run whose sweep ended, by venue and outcome; pass one in to read them (the
 * metrics do at scrape time). A sweep that finds nothing missing says no status: this is where it shows.
 */
export class ListingSweepCounters {
  private readonly counts = new Map<ExchangeId, Record<ListingSweepOutcome, number>>();

  /** `listings` of `exchange` swept with `outcome`. */
  add(exchange: ExchangeId, outcome: ListingSweepOutcome, listings: number): void {
    const counts = this.counts.get(exchange) ?? { read: 0, unread: 0, stopped: 0 };
    counts[outcome] += listings;
    this.counts.set(exchange, counts);
  }

  /** Every venue's count of each outcome it had. */
  *entries(): Iterable<ListingSweepCount> {
    for (const [exchange, counts] of this.counts)
      for (const outcome of LISTING_SWEEP_OUTCOMES) if (counts[outcome] > 0) yield { exchange, outcome, listings: counts[outcome] };
  }
}
