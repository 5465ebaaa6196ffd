import type { BookSides } from '../model/order-book.js';
import type { AppliedBookUpdate } from '../model/order-book-view.js';
import type { LevelChange } from './l2-book.js';

/**
 * One venue order-book frame for one symbol, as a book reducer folds it. Internal to the client
 * (not a published record): a mapper turns the venue's frame into this, the reducer into `BookOutput`.
 */
export interface BookUpdate {
  readonly type: 'book_update';
  /** The venue's symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** `snapshot` replaces the book; `delta` changes it. */
  readonly action: 'snapshot' | 'delta';
  /** Absolute sizes per price; size 0 deletes (deltas only). */
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
  /** The venue's book update id: Bybit `u`, Binance the last id of the event (`u`). */
  readonly updateId: number;
  /** Binance: the first update id of the event (`U`); absent where a frame carries one id. */
  readonly firstUpdateId?: number;
  /** Venue time of the update, ms (Bybit `cts`, else the envelope `ts`). */
  readonly exchangeTs: number;
  /** Local receive time, ms. */
  readonly receivedTs: number;
}

/** The top of a live book after an applied frame: never crossed or locked. */
export interface BookView extends BookSides {
  readonly type: 'book_view';
  readonly symbol: string;
  /** The update id of the last applied frame. */
  readonly updateId: number;
  readonly exchangeTs: number;
  readonly receivedTs: number;
  /** The whole book after the frame (`OrderBookView.book`). */
  readonly book?: BookSides;
  /** The frame's update (`OrderBookView.applied`). */
  readonly applied?: AppliedBookUpdate;
}

/**
 * A frame of a book's depth channel that the decoder refused, for one symbol it names (read leniently
 * from the raw text by `BookPlan.refusedSymbols`): a snapshot or an update of that book is lost, so
 * the book can no longer be trusted. It travels where book updates do, to the plan's sync, which
 * resyncs the book at once and says so (`book_resync`, reason `refused`), as for a gap.
 */
export interface BookLoss {
  readonly type: 'book_lost';
  /** The venue's symbol the refused frame names. */
  readonly symbol: string;
  /** Why the frame was refused (the decoder's error, e.g. `$.data[0].checksum: expected an integer`). */
  readonly error: string;
  /** Local receive time of the refused frame, ms. */
  readonly receivedTs: number;
}

/** What a book sync folds: the updates of the frames it could read, and the losses of those it could not. */
export type BookInput = BookUpdate | BookLoss;

/**
 * Why a book stopped being published: a missed update, a crossed/locked book after an update, a book
 * whose top disagrees with the venue's checksum (Kraken), a refused frame of the book's channel
 * (`refused`: its snapshot or update is lost), or an update for a book that never had a snapshot
 * (`no_snapshot`: the snapshot was lost or never sent).
 */
export type BookResyncReason = 'gap' | 'crossed' | 'checksum' | 'refused' | 'no_snapshot';

/**
 * The book can no longer be trusted and needs a fresh snapshot (on Bybit: resubscribe the topic).
 * Emitted once, on entering `resyncing`; nothing more is published until the next snapshot.
 */
export interface BookResync {
  readonly type: 'book_resync';
  readonly symbol: string;
  readonly reason: BookResyncReason;
  /** The evidence, e.g. `expected u 43, got 45` or `best bid 101 >= best ask 100`. */
  readonly detail: string;
  /** The update id of the frame that caused it; 0 for a refused frame (its id could not be read). */
  readonly updateId: number;
  /** Venue time of the frame that caused it; a refused frame's receive time (its venue time could not be read). */
  readonly exchangeTs: number;
  readonly receivedTs: number;
}

/** What a book reducer emits per frame. */
export type BookOutput = BookView | BookResync;
