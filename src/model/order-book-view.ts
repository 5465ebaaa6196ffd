import type { MarketRecordBase } from './market-record.js';
import type { BookSides } from './order-book.js';
import type { BookLevelChange } from './derived-data.js';

/** The venue update a book view follows: a whole book, or the levels it changed (size 0 removes). */
export interface AppliedBookUpdate {
  readonly isSnapshot: boolean;
  readonly bids: readonly BookLevelChange[];
  readonly asks: readonly BookLevelChange[];
}

/**
 * The top of one venue's live L2 book after an applied update, with provenance: what a venue's book
 * sync hands the pipeline. Never crossed or locked, and only ever after a good snapshot. Travels
 * with market events (failover, `isFallback`) but is not published itself: `BookSnapshot` and
 * `BookStats` are derived from it.
 */
export interface OrderBookView extends MarketRecordBase, BookSides {
  readonly type: 'order_book';
  /** The venue's update id of the last applied update (Bybit `u`, Binance `u`). */
  readonly updateId: number;
  /**
   * The whole book as kept after the update, every level (the view's sides are its top): what a
   * `BookChange` snapshot holds. Shared with the venue's sync, never changed.
   */
  readonly book?: BookSides;
  /** The update applied to the book, as the venue sent it: what a `BookChange` holds. */
  readonly applied?: AppliedBookUpdate;
}
