import { instrumentOf, type FeedEvent, type FeedState, type OrderBookView } from '../model/index.js';
import { statusAffects } from './status-scope.js';

/**
 * States after which a book in the status's scope cannot be trusted until its next snapshot. Not
 * `connecting`: a reconnect says `disconnected` first, and a make-before-break rotation's new socket
 * says `connecting` while the old one still feeds the books.
 */
const DROPS_BOOKS: ReadonlySet<FeedState> = new Set<FeedState>(['disconnected', 'geo_blocked', 'failover', 'switch_back', 'all_sources_down', 'shard_revoked']);

/**
 * The latest order-book view per instrument, as the pipeline may publish it: a `book_resync`
 * drops that symbol's book; a disconnect or venue switch drops the books it is about (its shard's,
 * or every book when it names no scope), and so does a cluster shard given up to another instance
 * (its instruments'); a book is back with the next view (which a venue's sync
 * only emits after a good snapshot). Mutable, owned by one operator subscription.
 */
/** Nothing dropped: one array for the common case, not one per event. */
const NONE: readonly string[] = Object.freeze([]);

export class LiveBooks {
  private readonly books = new Map<string, OrderBookView>();
  /** Each instrument's key by coin and quote, made once: a view's coin and quote are the same strings every time, a key built per view would be a new string to hash. */
  private readonly keys = new Map<string, Map<string, string>>();

  /** Takes one event in; returns the instruments whose book was dropped. */
  update(event: FeedEvent): readonly string[] {
    if (event.type === 'order_book') {
      this.books.set(this.keyOf(event), event);
      return NONE;
    }
    if (event.type !== 'feed_status') return NONE;
    const drops = (event.state === 'book_resync' && event.symbol !== undefined) || DROPS_BOOKS.has(event.state);
    if (!drops) return NONE;
    const dropped = [...this.books].filter(([, view]) => statusAffects(event, view)).map(([key]) => key);
    for (const key of dropped) this.books.delete(key);
    return dropped;
  }

  /** The instrument of a view (`instrumentOf`), as its book is held. */
  keyOf(view: OrderBookView): string {
    if (view.instrument !== undefined) return view.instrument;
    let byQuote = this.keys.get(view.coin);
    if (byQuote === undefined) this.keys.set(view.coin, (byQuote = new Map<string, string>()));
    let key = byQuote.get(view.quote);
    if (key === undefined) byQuote.set(view.quote, (key = instrumentOf(view)));
    return key;
  }

  /** Every live book, by instrument, in the order instruments first appeared. */
  entries(): IterableIterator<[string, OrderBookView]> {
    return this.books.entries();
  }
}
