import type { Logger } from 'pino';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { ExchangeId } from '../model/index.js';
import type { BookOutput, BookUpdate } from './book-update.js';

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
}

/** A protocol's order-book stream: the depth channel, the updates its frames carry, and how a book is kept in sync. */
export interface BookPlan<F> {
  /** The depth channel subscribed per symbol, e.g. Bybit `orderbook.50`, Binance `depth@100ms`. */
  readonly channel: string;
  /** Pure: one data frame to the book updates it carries (none for frames of other channels). */
  updates(frame: F, receivedTs: number): readonly BookUpdate[];
  /**
   * One connection's book updates (every symbol, in arrival order) to live views and resyncs. State
   * lives per subscription: a new socket starts from empty books.
   */
  sync(context: BookSyncContext): OperatorFunction<BookUpdate, BookOutput>;
}
