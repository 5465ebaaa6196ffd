import type { Observable } from 'rxjs';
import type { AdapterConfig } from '../adapter-config.js';
import { venueFeed } from '../venue-feed.js';
import type { VenueOutput } from '../venue-item.js';
import { bybitProtocol } from './bybit-protocol.js';

/** Options for {@link bybitFeed}. */
export interface BybitFeedConfig extends AdapterConfig {
  /** Interval of the client's `{"op":"ping"}`, ms; default 20 000. */
  readonly pingIntervalMs?: number;
  /** Args per subscribe request; default 10 (the spot limit). */
  readonly maxArgsPerRequest?: number;
}

/** `venueFeed(bybitProtocol, ...)`: Bybit spot trades, tickers and best bid/ask with inline status records and refused frames. */
export function bybitFeed(config: BybitFeedConfig): Observable<VenueOutput> {
  const { pingIntervalMs, maxArgsPerRequest, ...common } = config;
  return venueFeed(bybitProtocol, {
    ...common,
    ...(pingIntervalMs === undefined ? {} : { heartbeatIntervalMs: pingIntervalMs }),
    ...(maxArgsPerRequest === undefined ? {} : { maxTopicsPerRequest: maxArgsPerRequest }),
  });
}
