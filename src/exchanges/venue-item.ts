import type { FeedEvent, InvalidFrame, MarketEvent } from '../model/index.js';
import type { BookUpdate } from './book-update.js';

/** What a venue feed emits: feed events, and the frames it refused (counted and dead-lettered downstream, never data). */
export type VenueOutput = FeedEvent | InvalidFrame;

/** What travels from a venue's sockets to its events: venue output, and book updates on their way to the book sync. */
export type VenueItem = VenueOutput | BookUpdate;

/** True for a book update (not yet folded into a book). */
export function isBookUpdate(item: VenueItem): item is BookUpdate {
  return item.type === 'book_update';
}

/** True for anything but a book update. */
export function isVenueOutput(item: VenueItem): item is VenueOutput {
  return item.type !== 'book_update';
}

/** True for a refused frame. */
export function isInvalidFrame(item: VenueItem): item is InvalidFrame {
  return item.type === 'invalid_frame';
}

/** True for a mapped market event (what overlap de-duplication and per-symbol reducers look at); statuses, views, updates and refusals pass them by. */
export function isMarketItem(item: VenueItem): item is MarketEvent {
  return item.type !== 'feed_status' && item.type !== 'book_update' && item.type !== 'order_book' && item.type !== 'invalid_frame';
}
