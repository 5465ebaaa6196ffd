import type { EpochMillis, MarketRecordBase } from './market-record.js';
import type { BookLevel } from './order-book.js';

/**
 * One price level's new size in a `BookChange`: size 0 removes the level. Sizes are in the coin, as
 * every size the pipeline publishes.
 */
export interface BookLevelChange {
  readonly price: number;
  readonly size: number;
}

/**
 * The change one applied venue update made to a symbol's L2 book, in the order the book took them:
 * from its changes every consumer rebuilds the book the pipeline kept. A snapshot (`isSnapshot`)
 * replaces the whole book: the first change after a (re)sync, and every whole book a venue pushes.
 * `exchangeTs` is the update's venue time; `receivedTs` its frame's.
 */
export interface BookChange extends MarketRecordBase {
  readonly type: 'book_change';
  readonly isSnapshot: boolean;
  /** The bids the update changed, as the venue sent them; every bid of the book, best first, when `isSnapshot`. */
  readonly bids: readonly BookLevelChange[];
  readonly asks: readonly BookLevelChange[];
  /** The venue's update id of the update applied. */
  readonly updateId: number;
}

/**
 * The top `depth` levels per side of a symbol's book at a fixed cadence of venue time
 * (`book_snapshot_{depth}[_grouped{grouping}]_{interval}`): made when the top changed, stamped with the
 * end of the interval it describes (`exchangeTs`), from the book as it was before the first update of a
 * later interval; with `intervalMs` 0, after every update that changed the top. `receivedTs` is the
 * receive time of the update that closed the interval.
 */
export interface IntervalBookSnapshot extends MarketRecordBase {
  readonly type: 'interval_book_snapshot';
  /** The data type's name, e.g. `book_snapshot_25_100ms`. */
  readonly name: string;
  /** Levels per side at most; a side may hold fewer. */
  readonly depth: number;
  readonly intervalMs: number;
  /** Price step the levels were grouped by (bids down, asks up; sizes summed); absent: not grouped. */
  readonly grouping?: number;
  /** Best first. */
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** The venue's update id of the last update in the book described. */
  readonly updateId: number;
}

/**
 * The best bid and ask at a fixed cadence of venue time (`quote_{interval}`), or after every change of
 * the top (`quote`): a one-level `IntervalBookSnapshot`, flat. A side with no level has no price or size.
 */
export interface Quote extends MarketRecordBase {
  readonly type: 'quote';
  /** The data type's name, e.g. `quote_1s` or `quote`. */
  readonly name: string;
  readonly intervalMs: number;
  readonly bidPrice?: number;
  readonly bidSize?: number;
  readonly askPrice?: number;
  readonly askSize?: number;
  readonly updateId: number;
}

/** What closes a trade bar: the end of its interval of venue time, a count of trades, or a volume in the coin. */
export type TradeBarKind = 'time' | 'tick' | 'volume';

/**
 * A bar of one symbol's published trades (`trade_bar_{n}{ms|s|m|ticks|vol}`). A time bar covers one
 * interval of venue time and is made when the first trade of a later interval comes (no trade, no bar);
 * a tick or volume bar closes on the trade that reaches its size (never split). `exchangeTs` is the
 * interval's end for a time bar, else the last trade's time; `receivedTs` is the receive time of the
 * trade that closed it.
 */
export interface TradeBar extends MarketRecordBase {
  readonly type: 'trade_bar';
  /** The data type's name, e.g. `trade_bar_1m`. */
  readonly name: string;
  readonly kind: TradeBarKind;
  /** The bar's size: ms for `time`, trades for `tick`, the coin for `volume`. */
  readonly interval: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** The price of the latest trade by venue time (a late older trade moves high, low and volumes, not close). */
  readonly close: number;
  /** In the coin. */
  readonly volume: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  /** Volume-weighted average price. */
  readonly vwap: number;
  readonly openTs: EpochMillis;
  readonly closeTs: EpochMillis;
}
