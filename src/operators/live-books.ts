import { instrumentOf, type FeedEvent, type FeedState, type OrderBookView } from '../model/index.js';

/** Whole-feed states after which no venue's book can be trusted until its next snapshot. */
const DROPS_EVERY_BOOK: ReadonlySet<FeedState> = new Set<FeedState>(['connecting', 'disconnected', 'geo_blocked', 'failover', 'switch_back', 'all_sources_down']);

/**
 * The latest order-book view per instrument, as the pipeline may publish it: a `book_resync`
 * drops that symbol's book, a reconnect or venue switch drops every book; a book is back with the
 * next view (which a venue's sync only emits after a good snapshot). Mutable, owned by one operator subscription.
 */
export class LiveBooks {
  private readonly books = new Map<string, OrderBookView>();

  /** Takes one event in; returns the instruments whose book was dropped. */
  update(event: FeedEvent): readonly string[] {
    if (event.type === 'order_book') {
      this.books.set(instrumentOf(event), event);
      return [];
    }
    if (event.type !== 'feed_status') return [];
    if (event.state === 'book_resync' && event.symbol !== undefined) {
      const dropped = [...this.books].filter(([, view]) => view.symbol === event.symbol).map(([key]) => key);
      for (const key of dropped) this.books.delete(key);
      return dropped;
    }
    if (event.symbol === undefined && DROPS_EVERY_BOOK.has(event.state)) {
      const dropped = [...this.books.keys()];
      this.books.clear();
      return dropped;
    }
    return [];
  }

  /** Every live book, by instrument, in the order instruments first appeared. */
  entries(): IterableIterator<[string, OrderBookView]> {
    return this.books.entries();
  }
}
