import type { BookResync, BookResyncReason, BookUpdate, BookView } from './book-update.js';
import { isCrossedOrLocked, topOfBook, touchOf, type L2Book } from './l2-book.js';

/** The published top `levels` per side of a live book, stamped with the update that produced it. */
export function bookViewOf(symbol: string, book: L2Book, update: BookUpdate, levels: number): BookView {
  return { type: 'book_view', symbol, ...topOfBook(book, levels), updateId: update.updateId, exchangeTs: update.exchangeTs, receivedTs: update.receivedTs };
}

/** The signal that a symbol's book needs a fresh snapshot, stamped with the update that caused it. */
export function bookResyncOf(symbol: string, reason: BookResyncReason, detail: string, update: BookUpdate): BookResync {
  return { type: 'book_resync', symbol, reason, detail, updateId: update.updateId, exchangeTs: update.exchangeTs, receivedTs: update.receivedTs };
}

/** `best bid B >= best ask A` when the book is crossed or locked, else `undefined`. */
export function crossedDetail(book: L2Book): string | undefined {
  if (!isCrossedOrLocked(book)) return undefined;
  const { bid, ask } = touchOf(book);
  return `best bid ${String(bid?.price)} >= best ask ${String(ask?.price)}`;
}
