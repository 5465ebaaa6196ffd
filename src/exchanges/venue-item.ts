import type { FeedEvent, InvalidFrame, MarketEvent } from '../model/index.js';
import type { BookInput, BookUpdate } from './book-update.js';

/** What a venue feed emits: feed events, and the frames it refused (counted and dead-lettered downstream, never data). */
export type VenueOutput = FeedEvent | InvalidFrame;

/**
 * What travels from a venue's sockets to its events: venue output, and book inputs on their way to the
 * book sync (the updates of read frames, the losses of refused ones).
 */
export type VenueItem = VenueOutput | BookInput;

/** True for a book update (not yet folded into a book). */
export function isBookUpdate(item: VenueItem): item is BookUpdate {
  return item.type === 'book_update';
}

/** True for a book update or a book's lost (refused) frame: what the book sync takes. */
export function isBookInput(item: VenueItem): item is BookInput {
  return item.type === 'book_update' || item.type === 'book_lost';
}

/** True for anything but a book input. */
export function isVenueOutput(item: VenueItem): item is VenueOutput {
  return item.type !== 'book_update' && item.type !== 'book_lost';
}

/** True for a refused frame. */
export function isInvalidFrame(item: VenueItem): item is InvalidFrame {
  return item.type === 'invalid_frame';
}

/** True for a mapped market event (what overlap de-duplication and per-symbol reducers look at); statuses, views, book inputs and refusals pass them by. */
export function isMarketItem(item: VenueItem): item is MarketEvent {
  return item.type !== 'feed_status' && item.type !== 'book_update' && item.type !== 'book_lost' && item.type !== 'order_book' && item.type !== 'invalid_frame';
}
