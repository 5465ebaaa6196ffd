import type { SimConnection } from '../../sim-connection.js';
import type { ProtocolContext } from '../../sim-venue-protocol.js';
import { readBinanceWsRequest } from './binance-ws-request.js';

/** A connection's route, and the streams it asked for on another route: acknowledged, listed, never delivering. */
export interface RoutedConnection<R extends string> {
  readonly route: R;
  readonly silent: Set<string>;
}

export interface BinanceRoutingConfig<R extends string> {
  /** True for the name of a stream the venue serves, on any route. */
  readonly serves: (stream: string) => boolean;
  /** The route that delivers a stream now (undefined: none). */
  readonly routeOf: (stream: string) => R | undefined;
  /** The route of a connection the venue does not know (its path names none). */
  readonly fallback: R;
}

/**
 * The connections of a Binance venue whose streams are split over routes (USD-M's and the options'
 * `/public` and `/market`), each holding a stream on its own route (delivering) or on another one
 * (silent), and their requests answered as on Binance's other sockets: `SUBSCRIBE`, `UNSUBSCRIBE`,
 * `LIST_SUBSCRIPTIONS` (`{"result":null,"id":n}`, the silent streams listed too), a name of no stream
 * served `{"error":{"code":2,...}}`, past the venue's streams a connection
 * `{"error":{"code":4,...}}` with nothing of the request taken.
 */
export class BinanceRoutedConnections<R extends string> {
  private readonly connections = new Map<SimConnection, RoutedConnection<R>>();

  constructor(private readonly config: BinanceRoutingConfig<R>) {}

  /** Keeps `connection` on `route` until it closes, holding the streams its URL named. */
  open(connection: SimConnection, route: R, streams: readonly string[]): void {
    const routed: RoutedConnection<R> = { route, silent: new Set() };
    this.connections.set(connection, routed);
    connection.socket.once('close', () => this.connections.delete(connection));
    for (const stream of streams) this.hold(connection, routed, stream);
  }

  /** Every open connection with its route and silent streams. */
  entries(): IterableIterator<[SimConnection, RoutedConnection<R>]> {
    return this.connections.entries();
  }

  /** Answers one client text frame; a stream newly delivering that is a book's is told to the venue's books (`bookSubscribed`). */
  answer(connection: SimConnection, text: string, context: ProtocolContext): void {
    const request = readBinanceWsRequest(connection, text);
    if (request === undefined) return;
    const { id, params } = request;
    const routed = this.connections.get(connection) ?? { route: this.config.fallback, silent: new Set<string>() };
    switch (request.method) {
      case 'SUBSCRIBE': {
        const valid = params.every((p) => this.config.serves(p));
        const added = new Set(params.filter((p) => !connection.subscriptions.has(p) && !routed.silent.has(p))).size;
        const max = context.limits.maxTopicsPerConnection;
        const fits = max === undefined || connection.subscriptions.size + routed.silent.size + added <= max;
        context.recordSubscribe(params, valid && fits);
        if (!valid) return connection.reply(JSON.stringify({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id }));
        if (!fits) {
          context.refused('topicsPerConnection');
          return connection.reply(JSON.stringify({ error: { code: 4, msg: 'Too many subscriptions' }, id }));
        }
        for (const p of params) if (this.hold(connection, routed, p) && context.isBookTopic(p)) context.bookSubscribed(p);
        return connection.reply(JSON.stringify({ result: null, id }));
      }
      case 'UNSUBSCRIBE':
        for (const p of params) {
          connection.subscriptions.delete(p);
          routed.silent.delete(p);
        }
        return connection.reply(JSON.stringify({ result: null, id }));
      case 'LIST_SUBSCRIPTIONS':
        return connection.reply(JSON.stringify({ result: [...connection.subscriptions, ...routed.silent], id }));
      default:
        return connection.reply(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method' }, id }));
    }
  }

  /** Takes `stream` on `connection`: delivering on its route (true), silent on another; false when it was held already. */
  private hold(connection: SimConnection, routed: RoutedConnection<R>, stream: string): boolean {
    if (connection.subscriptions.has(stream) || routed.silent.has(stream)) return false;
    if (this.config.routeOf(stream) === routed.route) {
      connection.subscriptions.add(stream);
      return true;
    }
    routed.silent.add(stream);
    return false;
  }
}
