import type { BookSides } from '../model/order-book.js';
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
}

/** Why a book stopped being published: a missed update, a crossed/locked book after an update, or a book whose top disagrees with the venue's checksum (Kraken). */
export type BookResyncReason = 'gap' | 'crossed' | 'checksum';

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
  /** The update id of the frame that caused it. */
  readonly updateId: number;
  readonly exchangeTs: number;
  readonly receivedTs: number;
}

/** What a book reducer emits per frame. */
export type BookOutput = BookView | BookResync;
