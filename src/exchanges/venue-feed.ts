import type { Observable } from 'rxjs';
import type { FeedEvent } from '../model/index.js';
import { venueConnections } from './venue-connections.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import { venueEvents } from './venue-events.js';
import type { VenueProtocol } from './venue-protocol.js';

/**
 * A cold feed of one venue over any protocol, with inline status records (`connecting`,
 * `connected`, `subscribed`; `disconnected`/`geo_blocked` just before an error). One socket per
 * subscription, except during a rotation's overlap. Invalid frames go to `onInvalidFrame`, never
 * into the error channel. Errors with the active socket's error or `SubscribeRejectedError`;
 * never retries (that is `retryWithBackoff`'s job).
 */
export function venueFeed<F, S>(protocol: VenueProtocol<F, S>, config: VenueFeedConfig): Observable<FeedEvent> {
  return venueConnections(protocol, config).pipe(venueEvents(protocol));
}
