import type { Logger } from 'pino';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { ExchangeId } from '../model/index.js';
import type { BookInput, BookOutput, BookUpdate } from './book-update.js';
import type { MapperContext } from './mapper-context.js';

/** What keeping a venue's books in sync may use: the clock and timers, the live socket, the venue's REST API. */
export interface BookSyncContext {
  readonly exchange: ExchangeId;
  /** Clock and timers (snapshot pacing, back-off); the feed's scheduler, so specs run in virtual time. */
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
  /** Unsubscribes and resubscribes one symbol's depth topic on the live socket (Bybit answers with a fresh snapshot). */
  resubscribe(symbol: string): void;
  /** The venue's REST base URL, for protocols that fetch snapshots (Binance `https://api.binance.com`). */
  readonly restUrl?: string;
  /** The mapper's instrument parts, for a venue whose REST snapshots are sized in contracts (Gate futures: times `contractValue`). */
  readonly partsOf?: MapperContext['partsOf'];
}

/** A protocol's order-book stream: the depth channel, the updates its frames carry, and how a book is kept in sync. */
export interface BookPlan<F> {
  /** The depth channel subscribed per symbol, e.g. Bybit `orderbook.50`, Binance `depth@100ms`. */
  readonly channel: string;
  /**
   * Pure: one data frame to the book updates it carries (none for frames of other channels). `context`
   * is the mapper's, for a venue whose sizes depend on the instrument (OKX swaps: contracts times the
   * contract value `partsOf` gives); the decoder always passes it.
   */
  updates(frame: F, receivedTs: number, context?: MapperContext): readonly BookUpdate[];
  /**
   * Lenient, for a frame the decoder refused: the symbols whose books it concerned when its raw text
   * can be told for one of this channel's frames (Bybit `topic` `orderbook.50.SYMBOL`, Kraken `channel`
   * `book` with `data[].symbol`, Coinbase `l2_data` with `product_id`, Binance `stream`
   * `sym@depth@100ms` or `depthUpdate` with `s`), read from the text whether it is JSON or not (a
   * truncated frame); none otherwise. Runs for refused frames only, never per delta.
   */
  refusedSymbols(text: string): readonly string[];
  /**
   * One connection's book inputs (every symbol, in arrival order) to live views and resyncs: the
   * updates of read frames, and the losses of refused ones (each resyncs its book at once and says
   * so, as a gap does). State lives per subscription: a new socket starts from empty books.
   */
  sync(context: BookSyncContext): OperatorFunction<BookInput, BookOutput>;
}
