import { pipe, tap, type OperatorFunction } from 'rxjs';
import type { BookSyncContext } from './book-sync.js';
import type { BookInput, BookOutput } from './book-update.js';
import { reduceBooksPerSymbol } from './reduce-books-per-symbol.js';
import type { SymbolReducer } from './venue-protocol.js';

/** What puts a book out of sync right again on a venue that sends snapshots over the socket. */
export type SnapshotResync =
  /** Subscribing the symbol's depth topic again: the venue answers with a fresh snapshot (Bybit, Coinbase, Deribit, Kraken, OKX). */
  | 'resubscribe'
  /** Nothing: every message is the whole book, and the next one puts it right (Hyperliquid). */
  | 'next-snapshot';

/**
 * `BookPlan.sync` of a venue whose snapshots come over the socket: the books folded per symbol by
 * `reducer`, and each `book_resync` logged and put right as `resync` says.
 */
export function resyncBySnapshot<S>(
  reducer: SymbolReducer<S, BookInput, BookOutput>,
  resync: SnapshotResync = 'resubscribe',
): (context: BookSyncContext) => OperatorFunction<BookInput, BookOutput> {
  const said = resync === 'resubscribe' ? 'order book resync: resubscribing' : 'order book dropped until the next snapshot';
  return (context) =>
    pipe(
      reduceBooksPerSymbol(reducer),
      tap((output) => {
        if (output.type !== 'book_resync') return;
        context.logger.warn({ exchange: context.exchange, symbol: output.symbol, reason: output.reason, detail: output.detail }, said);
        if (resync === 'resubscribe') context.resubscribe(output.symbol);
      }),
    );
}
