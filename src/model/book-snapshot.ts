import type { MarketRecordBase } from './market-record.js';
import type { BookLevel } from './order-book.js';

/** The top levels of a symbol's L2 book at one moment, published at most once per interval and only when they changed. */
export interface BookSnapshot extends MarketRecordBase {
  readonly type: 'book_snapshot';
  /** Levels per side published at most (a side may hold fewer). */
  readonly depth: number;
  /** Best first: prices descending. */
  readonly bids: readonly BookLevel[];
  /** Best first: prices ascending. */
  readonly asks: readonly BookLevel[];
  /** The venue's update id of the last update applied to the book. */
  readonly updateId: number;
}
