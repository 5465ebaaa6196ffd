import { Observable, asyncScheduler, defer, merge } from 'rxjs';
import pino from 'pino';
import { selectStreams } from './select-streams.js';
import { venueSymbolOf } from './venue-symbol.js';
import { SymbolDirectory } from './symbol-directory.js';
import { pollConnectionId } from '../model/market-record.js';
import { symbolPolls } from './symbol-polls.js';
import { venueConnections, type SocketLink } from './venue-connections.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import { venueEvents } from './venue-events.js';
import type { VenueItem, VenueOutput } from './venue-item.js';
import type { ConnectionRoute, VenueProtocol } from './venue-protocol.js';

/**
 * A cold feed of one venue over any protocol, with inline status records (`connecting`,
 * `connected`, `subscribed`; `disconnected`/`geo_blocked` just before an error). One socket per
 * subscription (one per route on a venue that routes streams by path, failing and reopening
 * together), except during a rotation's overlap. Refused frames travel in the stream as
 * `invalid_frame` items (never data, never errors). With `config.books`, the protocol's order books too: `order_book` views
 * after each applied update and a `book_resync` status (the symbol's depth topic is resubscribed
 * on the live socket) when a book breaks. With `config.polls`, the protocol's polls' events join the
 * sockets' before its per-symbol reducer. Errors with the active socket's error or
 * `SubscribeRejectedError`; never retries (that is `retryWithBackoff`'s job).
 */
export function venueFeed<F, S>(protocol: VenueProtocol<F, S>, config: VenueFeedConfig): Observable<VenueOutput> {
  return defer(() => {
    const link: SocketLink = {};
    const directory = new SymbolDirectory(config.symbols);
    const plan = protocol.book;
    const scheduler = config.scheduler ?? asyncScheduler;
    const books =
      config.books === true && plan !== undefined
        ? {
            plan,
            env: config.env ?? protocol.env(config.exchange),
            partsOf: directory.partsOf,
            context: {
              exchange: config.exchange,
              scheduler,
              logger: config.logger ?? pino({ enabled: false }),
              resubscribe: (symbol: string) => link.resubscribe?.(protocol.topic(symbol, { channel: plan.channel, record: 'order_book' })),
              partsOf: directory.partsOf,
              ...(config.restUrl === undefined ? {} : { restUrl: config.restUrl }),
            },
          }
        : undefined;
    const routes = protocol.connection.routes;
    const sockets$ =
      routes === undefined
        ? venueConnections(protocol, config, link, directory)
        : merge(
            ...routes.flatMap((route) => {
              const routed = onRoute(protocol, config, route, routes);
              return routed === undefined ? [] : [venueConnections(routed.protocol, routed.config, route.books === true ? link : {}, directory)];
            }),
          );
    return (config.polls === undefined || protocol.polls === undefined ? sockets$ : merge(sockets$, polls(protocol, config, directory))).pipe(
      venueEvents(protocol, books),
    );
  });
}

/**
 * The protocol and config of one route's socket: its streams only, the books on the route that carries
 * them, at the base URL plus its path; undefined when it carries nothing the feed wants.
 */
function onRoute<F, S>(
  protocol: VenueProtocol<F, S>,
  config: VenueFeedConfig,
  route: ConnectionRoute,
  routes: readonly ConnectionRoute[],
): { readonly protocol: VenueProtocol<F, S>; readonly config: VenueFeedConfig } | undefined {
  const first = routes[0]?.name;
  const here = (stream: { readonly route?: string }) => (stream.route ?? first) === route.name;
  const streams = (config.streams ?? selectStreams(protocol.streams)).filter(here);
  const books = config.books === true && route.books === true && protocol.book !== undefined;
  if (streams.length === 0 && !books) return undefined;
  const { book, ...rest } = protocol;
  return {
    protocol: books && book !== undefined ? { ...rest, book } : rest,
    config: { ...config, url: `${config.url.replace(/\/+$/, '')}${route.path}`, streams, books },
  };
}

/** The protocol's polls over the feed's symbols as they change, with the records' provenance. */
function polls<F, S>(protocol: VenueProtocol<F, S>, config: VenueFeedConfig, directory: SymbolDirectory): Observable<readonly VenueItem[]> {
  const access = config.polls;
  if (access === undefined || protocol.polls === undefined) return merge();
  let symbols = config.symbols.coins.map((coin) => venueSymbolOf(protocol, coin, config.symbols.quote));
  const scheduler = config.scheduler ?? asyncScheduler;
  const following = config.instruments$;
  const polled = symbolPolls(protocol.polls, {
    exchange: config.exchange,
    access,
    symbols: () => symbols,
    context: {
      exchange: config.exchange,
      env: config.env ?? protocol.env(config.exchange),
      connectionId: pollConnectionId(config.exchange),
      partsOf: directory.partsOf,
    },
    scheduler,
    clock: config.clock ?? (() => scheduler.now()),
    ...(config.logger === undefined ? {} : { logger: config.logger }),
  });
  return following === undefined
    ? polled
    : new Observable<readonly VenueItem[]>((subscriber) => {
        const watch = following.subscribe((instruments) => {
          directory.learn(instruments);
          symbols = instruments.map((instrument) => instrument.symbol);
        });
        const run = polled.subscribe(subscriber);
        return () => {
          watch.unsubscribe();
          run.unsubscribe();
        };
      });
}
