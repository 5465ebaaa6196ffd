import type { BookLoss, BookResync, BookResyncReason, BookUpdate, BookView } from './book-update.js';
import { isCrossedOrLocked, topOfBook, touchOf, type L2Book } from './l2-book.js';

/**
 * The published top `levels` per side of a live book, stamped with the update that produced it, with
 * the whole book and the update (references, no copy) for the pipeline's book changes.
 */
export function bookViewOf(symbol: string, book: L2Book, update: BookUpdate, levels: number): BookView {
  return {
    type: 'book_view',
    symbol,
    ...topOfBook(book, levels),
    updateId: update.updateId,
    exchangeTs: update.exchangeTs,
    receivedTs: update.receivedTs,
    book,
    applied: { isSnapshot: update.action === 'snapshot', bids: update.bids, asks: update.asks },
  };
}

/** The signal that a symbol's book needs a fresh snapshot, stamped with the update that caused it. */
export function bookResyncOf(symbol: string, reason: BookResyncReason, detail: string, update: BookUpdate): BookResync {
  return { type: 'book_resync', symbol, reason, detail, updateId: update.updateId, exchangeTs: update.exchangeTs, receivedTs: update.receivedTs };
}

/**
 * The signal that a symbol's book lost a frame the decoder refused (reason `refused`, the refusal as
 * evidence), at the frame's receive time: its update id (0) and venue time could not be read.
 */
export function bookLossResyncOf(loss: BookLoss): BookResync {
  return {
    type: 'book_resync',
    symbol: loss.symbol,
    reason: 'refused',
    detail: loss.error,
    updateId: 0,
    exchangeTs: loss.receivedTs,
    receivedTs: loss.receivedTs,
  };
}

/** The signal that an update came for a book that never had a snapshot (reason `no_snapshot`): its snapshot was lost or never sent. */
export function noSnapshotResyncOf(symbol: string, update: BookUpdate): BookResync {
  return bookResyncOf(symbol, 'no_snapshot', `no snapshot received before update ${update.updateId}`, update);
}

/** Refused frames in a row that each ask again for a snapshot while a book is down, by default (see the reducers' `maxRefusals`). */
export const DEFAULT_MAX_REFUSALS = 3;

/**
 * Whether a refused frame of a book already down (`resyncing`) asks again for a snapshot: it may have
 * been the snapshot the last resync asked for, so it does, up to `maxRefusals` in a row (a venue whose
 * every frame is refused would otherwise be resubscribed for each); past that the book stays down, as
 * it has said. `refusals` counts this one.
 */
export function asksAgain(refusals: number, maxRefusals: number): boolean {
  return refusals <= maxRefusals;
}

/** `best bid B >= best ask A` when the book is crossed or locked, else `undefined`. */
export function crossedDetail(book: L2Book): string | undefined {
  if (!isCrossedOrLocked(book)) return undefined;
  const { bid, ask } = touchOf(book);
  return `best bid ${String(bid?.price)} >= best ask ${String(ask?.price)}`;
}
