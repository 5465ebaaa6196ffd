import type { BookLevel, BookSides, OrderBookView } from '../model/index.js';
import { groupedBy, sameLevels, ungrouped, type TopOf } from './book-levels.js';

/** What a sampler publishes: the top it holds, the time it is stamped with, and the views it came from and was made at. */
export interface SampledTop {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** The end of the interval described, or the update's time (every change, or a book's first top). */
  readonly stampTs: number;
  /** The view whose book is described. */
  readonly described: OrderBookView;
  /** The view whose update made the sample (its receive time is the sample's). */
  readonly trigger: OrderBookView;
}

/** How a book is sampled: levels per side, the cadence of venue time (0: every change) and the grouping step. */
export interface SamplerSpec {
  readonly depth: number;
  readonly intervalMs: number;
  readonly grouping?: number;
}

/**
 * One book's top `depth` levels sampled at a cadence of venue time, by the rule the market-data
 * services researchers use (tardis-node's `BookSnapshotComputable`): when an update comes in a later
 * interval than the last update and the top changed since the last sample, the top as it was before
 * that update is published, stamped with the end of the last update's interval; then the update is
 * applied, and with a cadence of 0, or before a first sample, a changed top is published at once,
 * stamped with the update's time. A quiet book publishes nothing (no timer). Mutable; one per book and
 * data type, dropped when the book is.
 */
export class TopSampler {
  private readonly bidsOf: TopOf;
  private readonly asksOf: TopOf;
  private bids: readonly BookLevel[] = [];
  private asks: readonly BookLevel[] = [];
  private changed = false;
  private sampled = false;
  private lastTs = -1;
  private described: OrderBookView | undefined;

  constructor(private readonly spec: SamplerSpec) {
    this.bidsOf = spec.grouping === undefined ? ungrouped : groupedBy(spec.grouping, 'bids');
    this.asksOf = spec.grouping === undefined ? ungrouped : groupedBy(spec.grouping, 'asks');
  }

  /** Takes one view of the book in; returns what it publishes (none, one or, rarely, two samples). */
  step(view: OrderBookView): readonly SampledTop[] {
    const ts = view.exchangeTs;
    const out: SampledTop[] = [];
    const before = this.closedBy(ts);
    if (before !== undefined && this.described !== undefined) out.push(this.sample(before, this.described, view));
    const book: BookSides = view.book ?? view;
    const bids = this.bidsOf(book.bids, this.spec.depth);
    const asks = this.asksOf(book.asks, this.spec.depth);
    if (!sameLevels(bids, this.bids) || !sameLevels(asks, this.asks)) {
      this.bids = bids;
      this.asks = asks;
      this.changed = true;
    }
    this.lastTs = ts;
    this.described = view;
    if (this.changed && (this.spec.intervalMs === 0 || !this.sampled)) {
      this.sampled = true;
      out.push(this.sample(ts, view, view));
    }
    return out;
  }

  /** The end of the interval an update at `ts` closes, when the top changed in it and was not published yet. */
  private closedBy(ts: number): number | undefined {
    if (!this.changed || this.spec.intervalMs === 0 || !this.sampled) return undefined;
    const interval = this.spec.intervalMs;
    const last = Math.floor(this.lastTs / interval);
    return Math.floor(ts / interval) > last ? (last + 1) * interval : undefined;
  }

  private sample(stampTs: number, described: OrderBookView, trigger: OrderBookView): SampledTop {
    this.changed = false;
    return { bids: this.bids, asks: this.asks, stampTs, described, trigger };
  }
}
