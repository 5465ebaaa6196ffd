import { asyncScheduler, defer, type Observable } from 'rxjs';
import pino from 'pino';
import { SymbolDirectory } from './symbol-directory.js';
import { venueConnections, type SocketLink } from './venue-connections.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import { venueEvents } from './venue-events.js';
import type { VenueOutput } from './venue-item.js';
import type { VenueProtocol } from './venue-protocol.js';

/**
 * A cold feed of one venue over any protocol, with inline status records (`connecting`,
 * `connected`, `subscribed`; `disconnected`/`geo_blocked` just before an error). One socket per
 * subscription, except during a rotation's overlap. Refused frames travel in the stream as
 * `invalid_frame` items (never data, never errors). With `config.books`, the protocol's order books too: `order_book` views
 * after each applied update and a `book_resync` status (the symbol's depth topic is resubscribed
 * on the live socket) when a book breaks. Errors with the active socket's error or
 * `SubscribeRejectedError`; never retries (that is `retryWithBackoff`'s job).
 */
export function venueFeed<F, S>(protocol: VenueProtocol<F, S>, config: VenueFeedConfig): Observable<VenueOutput> {
  return defer(() => {
    const link: SocketLink = {};
    const directory = new SymbolDirectory(config.symbols);
    const plan = protocol.book;
    const books =
      config.books === true && plan !== undefined
        ? {
            plan,
            env: config.env ?? protocol.env(config.exchange),
            partsOf: directory.partsOf,
            context: {
              exchange: config.exchange,
              scheduler: config.scheduler ?? asyncScheduler,
              logger: config.logger ?? pino({ enabled: false }),
              resubscribe: (symbol: string) => link.resubscribe?.(protocol.topic(symbol, { channel: plan.channel, record: 'order_book' })),
              ...(config.restUrl === undefined ? {} : { restUrl: config.restUrl }),
            },
          }
        : undefined;
    return venueConnections(protocol, config, link, directory).pipe(venueEvents(protocol, books));
  });
}
