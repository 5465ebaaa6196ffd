import { Observable, asyncScheduler, interval, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { type BookLevel, type BookSnapshot, type FeedEvent, type OrderBookView } from '../model/index.js';
import type { Building } from '../model/building.js';
import { LiveBooks } from './live-books.js';
import { VENUES } from '../exchanges/venues.js';

/** Options for {@link bookSnapshots}. */
export interface BookSnapshotsConfig {
  /** Levels per side published at most. Count; default 20. */
  readonly levels: number;
  /** How often each book is looked at, ms; default 100. */
  readonly intervalMs: number;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_BOOK_SNAPSHOTS_CONFIG = { levels: 20, intervalMs: 100, scheduler: asyncScheduler } as const satisfies BookSnapshotsConfig;

/**
 * Every `intervalMs`, a `BookSnapshot` of the top `levels` per side (its `depth`: `levels`, or fewer where
 * the venue's books carry fewer, `VenueDefinition.bookLevels`) of each live book whose top
 * levels changed since its last snapshot. A book dropped by a `book_resync` (that symbol) or a
 * reconnect or venue switch (every symbol) publishes nothing until its next view, and its first
 * snapshot after that is published even if the levels are the same as before. Completes with its source.
 * A tick looks only at the books that had a view since the last tick, and builds a snapshot only when
 * their top levels differ from the last published: the cost follows the updates, not the books held.
 */
export function bookSnapshots(config: Partial<BookSnapshotsConfig> = {}): OperatorFunction<FeedEvent, BookSnapshot> {
  const { levels, intervalMs, scheduler }: BookSnapshotsConfig = { ...DEFAULT_BOOK_SNAPSHOTS_CONFIG, ...config };
  return (source) =>
    new Observable<BookSnapshot>((subscriber) => {
      const books = new LiveBooks();
      const published = new Map<string, BookSnapshot>();
      /** Books with a view since the last tick. */
      const updated = new Set<string>();
      const ticks = interval(intervalMs, scheduler).subscribe(() => {
        if (updated.size === 0) return;
        for (const [key, view] of books.entries()) {
          if (!updated.has(key)) continue;
          const last = published.get(key);
          if (last !== undefined && sameTop(last.bids, view.bids, levels) && sameTop(last.asks, view.asks, levels)) continue;
          const snapshot = snapshotOf(view, levels);
          published.set(key, snapshot);
          subscriber.next(snapshot);
        }
        updated.clear();
      });
      const subscription = source.subscribe({
        next: (event) => {
          for (const key of books.update(event)) {
            published.delete(key);
            updated.delete(key);
          }
          if (event.type === 'order_book') updated.add(books.keyOf(event));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        ticks.unsubscribe();
        subscription.unsubscribe();
      };
    });
}

function snapshotOf(view: OrderBookView, levels: number): BookSnapshot {
  const snapshot: Building<BookSnapshot> = {
    type: 'book_snapshot',
    exchange: view.exchange,
    symbol: view.symbol,
    coin: view.coin,
    quote: view.quote,
    exchangeTs: view.exchangeTs,
    receivedTs: view.receivedTs,
    isFallback: view.isFallback,
    env: view.env,
    connectionId: view.connectionId,
    depth: Math.min(levels, VENUES[view.exchange].bookLevels ?? levels),
    bids: view.bids.slice(0, levels),
    asks: view.asks.slice(0, levels),
    updateId: view.updateId,
  };
  if (view.instrument !== undefined) snapshot.instrument = view.instrument;
  return snapshot;
}

/** Whether the published levels are the view's top `levels` (no copy made to find out). */
function sameTop(published: readonly BookLevel[], side: readonly BookLevel[], levels: number): boolean {
  const count = Math.min(levels, side.length);
  if (published.length !== count) return false;
  for (let i = 0; i < count; i++) {
    const a = published[i];
    const b = side[i];
    if (a === undefined || b === undefined || a.price !== b.price || a.size !== b.size) return false;
  }
  return true;
}
