import type { MarketRecordBase } from './market-record.js';
import type { BookSides } from './order-book.js';

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
}
