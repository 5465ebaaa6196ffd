import { Observable, asyncScheduler, interval, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { BookLevel, BookSnapshot, FeedEvent, OrderBookView } from '../model/index.js';
import { LiveBooks } from './live-books.js';

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
 * Every `intervalMs`, a `BookSnapshot` of the top `levels` per side of each live book whose top
 * levels changed since its last snapshot. A book dropped by a `book_resync` (that symbol) or a
 * reconnect or venue switch (every symbol) publishes nothing until its next view, and its first
 * snapshot after that is published even if the levels are the same as before. Completes with its source.
 */
export function bookSnapshots(config: Partial<BookSnapshotsConfig> = {}): OperatorFunction<FeedEvent, BookSnapshot> {
  const { levels, intervalMs, scheduler }: BookSnapshotsConfig = { ...DEFAULT_BOOK_SNAPSHOTS_CONFIG, ...config };
  return (source) =>
    new Observable<BookSnapshot>((subscriber) => {
      const books = new LiveBooks();
      const published = new Map<string, BookSnapshot>();
      const ticks = interval(intervalMs, scheduler).subscribe(() => {
        for (const [key, view] of books.entries()) {
          const last = published.get(key);
          const snapshot = snapshotOf(view, levels);
          if (last !== undefined && sameLevels(last.bids, snapshot.bids) && sameLevels(last.asks, snapshot.asks)) continue;
          published.set(key, snapshot);
          subscriber.next(snapshot);
        }
      });
      const subscription = source.subscribe({
        next: (event) => {
          for (const key of books.update(event)) published.delete(key);
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
  const { type: _type, bids, asks, ...base } = view;
  return { ...base, type: 'book_snapshot', depth: levels, bids: bids.slice(0, levels), asks: asks.slice(0, levels) };
}

function sameLevels(a: readonly BookLevel[], b: readonly BookLevel[]): boolean {
  return a.length === b.length && a.every((level, i) => level.price === b[i]?.price && level.size === b[i]?.size);
}
