import { connect, defer, filter, map, merge, tap, type OperatorFunction } from 'rxjs';
import type { FeedEvent, MarketEnv } from '../model/index.js';
import { bookOutputEvent } from './book-output-event.js';
import type { BookPlan, BookSyncContext } from './book-sync.js';
import type { SymbolParts } from './split-symbol.js';
import { isBookUpdate, isVenueOutput, type VenueItem, type VenueOutput } from './venue-item.js';

/** What a venue's book sync runs with. */
export interface VenueBooks<F> {
  readonly plan: BookPlan<F>;
  /** The clock, logger, venue and the live socket's `resubscribe`. */
  readonly context: BookSyncContext;
  readonly env: MarketEnv;
  readonly partsOf: (symbol: string) => SymbolParts | undefined;
  /** Stamped on views until an event names its connection; default ''. */
  readonly connectionId?: string;
}

/**
 * Splits a venue's items: feed events and refused frames pass on; book updates go through the plan's `sync` (one
 * instance per subscription) and come out as `OrderBookView`s and `book_resync` statuses, stamped
 * with the connection id of the latest event that carried one. A synchronous sync keeps the
 * items' order.
 */
export function venueBooks<F>(books: VenueBooks<F>): OperatorFunction<VenueItem, VenueOutput> {
  return (source) =>
    defer(() => {
      const base = { exchange: books.context.exchange, env: books.env, partsOf: books.partsOf };
      /** Rebuilt only when the connection changes, not per view. */
      let stamp = { ...base, connectionId: books.connectionId ?? '' };
      return source.pipe(
        connect((items) =>
          merge(
            items.pipe(
              filter(isVenueOutput),
              tap((event) => {
                if (event.type === 'invalid_frame' || event.connectionId === undefined || event.connectionId === '' || event.connectionId === stamp.connectionId) return;
                stamp = { ...base, connectionId: event.connectionId };
              }),
            ),
            items.pipe(
              filter(isBookUpdate),
              books.plan.sync(books.context),
              map((output) => bookOutputEvent(output, stamp)),
              filter((event): event is FeedEvent => event !== undefined),
            ),
          ),
        ),
      );
    });
}
