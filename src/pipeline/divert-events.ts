import { Observable, type OperatorFunction, type Subject } from 'rxjs';
import type { VenueOutput } from '../exchanges/venue-item.js';
import type { FeedEvent, InvalidFrame, OrderBookView } from '../model/index.js';

/** Sends live book views to `views` and passes every other event on; completes `views` with its source. */
export function divertViews(views: Subject<OrderBookView>): OperatorFunction<FeedEvent, FeedEvent> {
  return (source) =>
    new Observable<FeedEvent>((subscriber) =>
      source.subscribe({
        next: (event) => (event.type === 'order_book' ? views.next(event) : subscriber.next(event)),
        error: (error: unknown) => {
          views.error(error);
          subscriber.error(error);
        },
        complete: () => {
          views.complete();
          subscriber.complete();
        },
      }),
    );
}

/** Sends a venue's refused frames to `invalid` and passes its events on: refusals never reach retry, staleness or failover. */
export function divertInvalidFrames(invalid: Subject<InvalidFrame>): OperatorFunction<VenueOutput, FeedEvent> {
  return (source) =>
    new Observable<FeedEvent>((subscriber) =>
      source.subscribe({
        next: (item) => (item.type === 'invalid_frame' ? invalid.next(item) : subscriber.next(item)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
