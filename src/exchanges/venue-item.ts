import type { FeedEvent } from '../model/index.js';
import type { BookUpdate } from './book-update.js';

/** What travels from a venue's sockets to its events: feed events, and book updates on their way to the book sync. */
export type VenueItem = FeedEvent | BookUpdate;

/** True for a book update (not yet folded into a book). */
export function isBookUpdate(item: VenueItem): item is BookUpdate {
  return item.type === 'book_update';
}

/** True for anything but a book update. */
export function isFeedEvent(item: VenueItem): item is FeedEvent {
  return item.type !== 'book_update';
}
