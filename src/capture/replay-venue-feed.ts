import { Observable } from 'rxjs';
import { feedStatusOf } from '../exchanges/feed-status-of.js';
import { frameDecoder } from '../exchanges/frame-decoder.js';
import { invalidFrameReporter } from '../exchanges/invalid-frame-reporter.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { venueEvents } from '../exchanges/venue-events.js';
import type { FeedEvent } from '../model/index.js';
import type { VenueFeedFactory } from '../pipeline/venue-feed.js';
import type { CaptureLine } from './capture-line.js';

/**
 * A venue whose frames come from a capture instead of a socket: each captured frame goes through
 * the venue's frame decoder with its original `receivedTs` and `connectionId`, then the same
 * stages as the live feed (overlap duplicates dropped, per-symbol reducer); invalid frames are
 * reported. A `connected` status is emitted when a new connection id first appears. The feed never
 * completes by itself: the replay ends it by stopping the pipeline when the capture is exhausted.
 */
export function replayVenueFeed(frames$: Observable<CaptureLine>): VenueFeedFactory {
  return (options) => {
    const { exchange } = options;
    const protocol = protocolFor(exchange);
    return new Observable<readonly FeedEvent[]>((subscriber) => {
      const symbols = { coins: options.coins, quote: options.quote };
      const decode = frameDecoder(protocol, { exchange, symbols, onInvalid: invalidFrameReporter({ exchange, logger: options.logger, onInvalidFrame: options.onInvalidFrame }) });
      const connections = new Set<string>();
      const subscription = frames$.subscribe((line) => {
        if (line.exchange !== exchange) return;
        if (!connections.has(line.connectionId)) {
          connections.add(line.connectionId);
          subscriber.next([feedStatusOf(exchange, 'connected', 'replayed capture', line.receivedTs, line.connectionId)]);
        }
        const decoded = decode(line.frame, line.receivedTs, line.connectionId);
        if (decoded.kind === 'events' && decoded.events.length > 0) subscriber.next(decoded.events);
      });
      return () => subscription.unsubscribe();
    }).pipe(venueEvents(protocol));
  };
}
