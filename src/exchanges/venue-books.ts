import type { Logger } from 'pino';
import { Observable, Subject, asyncScheduler, type OperatorFunction } from 'rxjs';
import type { MarketEnv } from '../model/index.js';
import type { ExchangeId } from '../model/market-record.js';
import { bookOutputEvent } from './book-output-event.js';
import type { BookPlan, BookSyncContext } from './book-sync.js';
import type { BookInput } from './book-update.js';
import type { SymbolParts } from './split-symbol.js';
import { isBookInput, isVenueOutput, type VenueItem, type VenueOutput } from './venue-item.js';
import type { VenueProtocol } from './venue-protocol.js';

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
 * The book sync of frames read without a socket (a replay, `normalize`): the protocol's plan (none,
 * `undefined`) on the real clock; a broken book cannot be resubscribed, so it waits for the input's
 * next snapshot.
 */
export function socketlessBooks<F, S>(
  protocol: VenueProtocol<F, S>,
  config: { readonly exchange: ExchangeId; readonly partsOf: VenueBooks<F>['partsOf']; readonly logger: Logger; readonly connectionId?: string },
): VenueBooks<F> | undefined {
  const plan = protocol.book;
  if (plan === undefined) return undefined;
  const { exchange, partsOf, logger, connectionId } = config;
  const context = { exchange, scheduler: asyncScheduler, logger, resubscribe: () => undefined };
  return { plan, env: protocol.env(exchange), partsOf, context, ...(connectionId === undefined ? {} : { connectionId }) };
}

/**
 * Splits a venue's items: feed events and refused frames pass on; book inputs (updates, and the losses of refused
 * frames of the book channel) go through the plan's `sync` (one instance per subscription) and come out as
 * `OrderBookView`s and `book_resync` statuses (a loss: one at once, after its `invalid_frame`), stamped
 * with the connection id of the latest event that carried one. A synchronous sync keeps the
 * items' order. Completes when the source and the sync have both completed. (One subscriber per
 * item rather than a `connect` with two filtered branches: every book delta passes here.)
 */
export function venueBooks<F>(books: VenueBooks<F>): OperatorFunction<VenueItem, VenueOutput> {
  return (source) =>
    new Observable<VenueOutput>((subscriber) => {
      const base = { exchange: books.context.exchange, env: books.env, partsOf: books.partsOf };
      /** Rebuilt only when the connection changes, not per view. */
      let stamp = { ...base, connectionId: books.connectionId ?? '' };
      let open = 2;
      const completeOne = (): void => {
        if (--open === 0) subscriber.complete();
      };
      const updates = new Subject<BookInput>();
      const outputs = updates.pipe(books.plan.sync(books.context)).subscribe({
        next: (output) => {
          const event = bookOutputEvent(output, stamp);
          if (event !== undefined) subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: completeOne,
      });
      const items = source.subscribe({
        next: (item) => {
          if (isBookInput(item)) {
            updates.next(item);
            return;
          }
          if (!isVenueOutput(item)) return;
          if (item.type !== 'invalid_frame' && item.connectionId !== undefined && item.connectionId !== '' && item.connectionId !== stamp.connectionId) {
            stamp = { ...base, connectionId: item.connectionId };
          }
          subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          updates.complete();
          completeOne();
        },
      });
      return () => {
        items.unsubscribe();
        outputs.unsubscribe();
      };
    });
}
