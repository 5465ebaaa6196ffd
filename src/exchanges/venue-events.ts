import { Observable, identity, pipe, type OperatorFunction } from 'rxjs';
import { dropOverlapDuplicates } from './overlap-filter.js';
import { reducePerSymbol } from './reduce-per-symbol.js';
import { venueBooks, type VenueBooks } from './venue-books.js';
import { isVenueOutput, type VenueItem, type VenueOutput } from './venue-item.js';
import type { VenueProtocol } from './venue-protocol.js';

/** Options of {@link venueEvents}. */
export interface VenueEventsOptions {
  /**
   * The batches come from one connection, never two overlapping ones (`market-feed normalize`): no
   * overlap duplicates to drop, so a file's frames all print even where they repeat or go back in time.
   * Default false.
   */
  readonly oneConnection?: boolean;
}

/**
 * What happens to a venue's decoded batches before they leave the venue: overlap duplicates
 * dropped (protocols that rotate sockets, unless `oneConnection`), the protocol's per-symbol reducer (if any), then one
 * event at a time (refused frames among them, in order); with `books`, book updates go through the book plan's sync (views and
 * `book_resync` statuses), else they are dropped. Shared by the live feed, the replay and `normalize`.
 */
export function venueEvents<F, S>(
  protocol: VenueProtocol<F, S>,
  books?: VenueBooks<F>,
  options: VenueEventsOptions = {},
): OperatorFunction<readonly VenueItem[], VenueOutput> {
  return pipe(
    protocol.connection.rotation === undefined || options.oneConnection === true ? identity : dropOverlapDuplicates(),
    protocol.reducer === undefined ? identity : reducePerSymbol(protocol.reducer),
    books === undefined ? eachItem(isVenueOutput) : pipe(eachItem(isVenueItem), venueBooks(books)),
  );
}

const isVenueItem = (item: VenueItem): item is VenueItem => item !== undefined;

/**
 * Each batch's items that pass `keep`, in order, one emission each: a loop per batch (a
 * `concatMap` subscribes to an inner observable per batch, then filters item by item).
 */
export function eachItem<T, R extends T>(keep: (item: T) => item is R): OperatorFunction<readonly T[], R> {
  return (source) =>
    new Observable<R>((subscriber) =>
      source.subscribe({
        next: (batch) => {
          for (const item of batch) if (keep(item)) subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
