import type { KlineInterval, MarketEvent } from '../model/index.js';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import type { BookPlan } from './book-sync.js';
import type { MapperContext } from './mapper-context.js';
import type { ParseResult } from './parse-result.js';

/** One stream a protocol subscribes per symbol, and the record kind it yields. */
export interface StreamSpec {
  /** The venue's channel, e.g. Bybit `publicTrade`, Binance `trade`. */
  readonly channel: string;
  /** The record kind the channel's frames map to (`order_book`: a book plan's depth channel). */
  readonly record: MarketEvent['type'] | 'order_book';
  /** Off unless asked for by its record kind (Binance `aggTrade`); see `selectStreams`. */
  readonly optional?: boolean;
  /** Candle streams: the channel of another interval (`channel` is the 1-minute one). */
  readonly channelFor?: (interval: KlineInterval) => string;
  /** The route (`ConnectionPlan.routes`) whose socket carries it, on a venue that routes streams by path; absent: the first route. */
  readonly route?: string;
  /**
   * How often the venue pushes it whatever the market does, ms (Binance `markPrice@1s`: 1000); absent:
   * only when something happens. A subscribed topic of such a stream that stays silent for the feed's
   * stale time fails its socket with `SilentStreamError`, which names the topic and the URL: a stream
   * the venue acknowledged and never delivers (one put on the wrong route) is named, not quietly empty.
   */
  readonly cadenceMs?: number;
}

/** One path of a venue that routes its streams by path (Binance USD-M: `/public` for books, `/market` for the rest). */
export interface ConnectionRoute {
  /** Names it in `StreamSpec.route`, e.g. `market`. */
  readonly name: string;
  /** Appended to the venue's base URL, e.g. `/market`. */
  readonly path: string;
  /** True for the route that carries the order books' depth channel (one route does). */
  readonly books?: boolean;
}

/**
 * A value a venue has no stream for, read over REST per symbol while a feed runs (Binance USD-M open
 * interest, `GET /fapi/v1/openInterest`, weight 1), on the venue's pacer. Its events travel with the
 * socket's and go through the protocol's `reducer` like them.
 */
export interface SymbolPoll {
  /** Time between two reads of one symbol, ms (the pacer may stretch it); a feed's symbols are read in turn across it. */
  readonly intervalMs: number;
  /** Request weight of one read. */
  readonly weight: number;
  /** Path and query after the REST base URL of one symbol's read. */
  path(symbol: string): string;
  /** The events one answer means (none when it says nothing); throws on a body that is not the venue's answer. */
  read(json: unknown, symbol: string, receivedTs: number, context: MapperContext): readonly MarketEvent[];
}

/** A subscribe request sent on open; its id comes back in the venue's ack. */
export interface SubscribeRequest {
  readonly id: string;
  readonly topics: readonly string[];
  /** The JSON text to send. */
  readonly text: string;
}

/** How a protocol connects: URL, subscribe requests, heartbeat and rotation. */
export interface ConnectionPlan {
  /** The URL to open for these topics (Binance: the combined-stream URL of the first `urlTopics`; Bybit: the base URL). */
  url(baseUrl: string, topics: readonly string[]): string;
  /**
   * A venue that serves its streams on separate paths: one socket per route, each opened at the base
   * URL plus its `path` and carrying the streams whose `route` names it; the venue feed's sockets fail
   * and reopen together. Absent: one socket carries everything.
   */
  readonly routes?: readonly ConnectionRoute[];
  /**
   * How many of `topics` (the first ones) the URL subscribes; the rest are subscribed by requests.
   * Absent: all of them when there is no subscribe plan, none when there is.
   */
  urlTopics?(topics: readonly string[]): number;
  /**
   * Subscribe and unsubscribe requests on a live socket (the topics the URL does not carry, and the
   * instruments listed or delisted while it runs); absent when only the URL subscribes.
   */
  readonly subscribe?: {
    /** Topics per request: Bybit spot accepts 10; Binance about 100 before a request goes unanswered. */
    readonly maxTopicsPerRequest: number;
    /**
     * The request a topic may share with others: topics of different groups never go in one request
     * (Coinbase and Kraken take one channel per subscribe message). Absent: any topics may.
     */
    readonly groupOf?: (topic: string) => string;
    /**
     * Requests sent per second at most on one socket: Binance cuts a connection over 5 incoming
     * messages per second (pongs count too); Bybit documents no rate.
     */
    readonly requestsPerSecond: number;
    /**
     * Requests one socket may send in any rolling hour, where the venue caps them per connection
     * (Bitget 240, OKX 480; it refuses or closes past them): a request past it waits its turn, and a
     * wait of more than a few seconds is said in a `subscribe_delayed` status. Absent: no hourly cap.
     */
    readonly requestsPerHour?: number;
    /** The id of the `n`-th request (from 1) on a socket: Bybit `<connectionId>-<n>`; Binance `n` (it takes integers). */
    requestId(connectionId: string, n: number): string;
    /** The request that subscribes `topics` under `id`; the venue acknowledges it by that id. */
    subscribeRequest(topics: readonly string[], id: string): SubscribeRequest;
    /** The text that unsubscribes `topics` under `id` (its acknowledgement is not awaited). */
    unsubscribeRequest(topics: readonly string[], id: string): string;
    /**
     * Unsubscribe then subscribe one topic on a live socket (a book's resync: Bybit answers the
     * subscribe with a fresh snapshot); `requestId` names the subscribe, whose ack is awaited as usual.
     */
    readonly resubscribe?: (topic: string, requestId: string) => { readonly unsubscribe: string; readonly subscribe: SubscribeRequest };
  };
  /**
   * Messages sent once the socket opens, before any subscribe, in the paced order of requests and
   * not awaited (Coinbase's `heartbeats` subscription, without which quiet channels close).
   */
  openMessages?(connectionId: string): readonly string[];
  /**
   * The message that authenticates the socket, sent after `openMessages`, where the venue takes some
   * subscribes only once it has answered it (Deribit with client credentials: `.raw` channels are refused
   * before `public/auth` is answered): subscribes wait until the protocol's `control` says `opened`, and
   * the feed fails on its `venue_error`. Absent: subscribes follow the open messages.
   */
  authenticate?(connectionId: string): string;
  /** Largest message the venue sends, bytes (a Coinbase book snapshot is the whole book); absent: the socket's default of 1 MiB. */
  readonly maxPayloadBytes?: number;
  /** Headers of the socket's opening request (Gate futures' `X-Gate-Size-Decimal: 1`, for sizes as decimals); absent: none. */
  readonly headers?: Readonly<Record<string, string>>;
  /** An application-level ping: Bybit's `{"op":"ping"}` every 20 s. */
  readonly heartbeat?: {
    /** Interval, ms. */
    readonly intervalMs: number;
    /** The `n`-th ping (1-based) on a socket. */
    message(connectionId: string, n: number): string;
  };
  /**
   * Make-before-break rotation: after `lifetimeMs` a new socket is opened and the old one closed
   * `overlapMs` after the new one opened; duplicates of the overlap are dropped. Binance: 23 h / 5 s.
   */
  readonly rotation?: {
    /** Age at which a socket is replaced, ms. */
    readonly lifetimeMs: number;
    /** Time both sockets run side by side, ms. */
    readonly overlapMs: number;
  };
}

/** What a parsed frame means to the connection rather than to the market. */
export type ControlFrame =
  /** Reply to a subscribe request; `requestId` absent when the venue omits it. */
  | {
      readonly kind: 'subscribe_ack';
      readonly success: boolean;
      readonly message: string;
      readonly requestId?: string;
      /**
       * The topics this reply confirms or refuses, for venues that answer per topic (Kraken: one reply per
       * symbol) or with everything subscribed so far (Coinbase): a request is settled once all its topics
       * are confirmed. Absent: the reply settles the whole request.
       */
      readonly topics?: readonly string[];
      /**
       * With `requestId` and `topics`: the reply names every topic of that request the venue subscribed,
       * and the request's others are refused (Deribit answers `public/subscribe` with the channels it
       * subscribed, leaving out one it does not have): each one left out is said `unserved` and the
       * socket carries on. Absent: topics not named stay awaited.
       */
      readonly complete?: boolean;
      /**
       * Topics the reply names as not subscribed, without refusing the request (Bybit's option socket:
       * `failTopics`, an option delivered between the list read and the subscribe): each is said
       * `unserved` and not asked for again on this socket while wanted; the socket carries on.
       */
      readonly unserved?: readonly string[];
    }
  /** Reply to the heartbeat. */
  | { readonly kind: 'pong' }
  /**
   * The venue asks for an answer at once or closes the socket (Deribit's heartbeat `test_request`,
   * answered with `public/test`): `text` is sent now, ahead of the paced requests.
   */
  | { readonly kind: 'reply'; readonly text: string }
  /** The venue accepted the open messages (Deribit's `public/auth` answer): the subscribes held by `authenticate` go now. */
  | { readonly kind: 'opened' }
  /**
   * The venue closed an instrument's book for good (Deribit's ticker with `state: "closed"` at expiry):
   * its streams end, so its topics are unsubscribed and never asked for again while it is followed (its
   * silence is no stall); the venue's list then says it is gone.
   */
  | { readonly kind: 'closed'; readonly symbol: string; readonly reason: string }
  /** The server will close soon (Binance `serverShutdown`): rotate now. */
  | { readonly kind: 'rotate'; readonly reason: string }
  /** The venue refused a request: the feed errors with `SubscribeRejectedError`. */
  | { readonly kind: 'venue_error'; readonly message: string; readonly requestId?: string };

/** One step of a per-symbol reducer: the state after a frame's events, and what to emit. */
export interface SymbolStep<S, O = MarketEvent> {
  readonly state: S;
  readonly events: readonly O[];
}

/**
 * A per-symbol stateful step (an order book's snapshot + deltas), run with `scan`. `I` and `O`
 * are the events it folds and emits: `MarketEvent` for a protocol's `reducer`; a book reducer
 * folds `BookUpdate`s into `BookOutput`s (`src/exchanges/book-update.ts`).
 */
export interface SymbolReducer<S, I = MarketEvent, O = MarketEvent> {
  /** The state of a symbol before its first frame. */
  initial(symbol: string): S;
  /** Folds the events one frame mapped to (all of one symbol) into the state. */
  reduce(state: S, events: readonly I[]): SymbolStep<S, O>;
}

/**
 * Everything the client knows about one venue wire protocol. Pure data and pure functions: the
 * sockets, timers and state live in `venueFeed`, which runs any protocol.
 */
export interface VenueProtocol<F = unknown, S = unknown> {
  /** Names the protocol in logs, e.g. `bybit-v5-spot`. */
  readonly id: string;
  /** The venues this protocol serves. */
  readonly exchanges: readonly ExchangeId[];
  /** The environment a venue's prices belong to (`testnet` prices are not market prices). */
  env(exchange: ExchangeId): MarketEnv;
  /** The streams subscribed per symbol. */
  readonly streams: readonly StreamSpec[];
  /** The venue's topic for one stream of one symbol (`BTCUSDT`). */
  topic(symbol: string, stream: StreamSpec): string;
  /** The venue's symbol of an instrument: Coinbase `BTC-USD`, Kraken `BTC/USD`; absent: base and quote run together (`BTCUSDT`). */
  symbolOf?(coin: string, quote: string): string;
  /**
   * The connection-wide number of a frame, for venues that count every message of a socket (Coinbase
   * `sequence_num`); absent or `undefined`: not counted. A number that is not the previous one + 1 means a
   * lost message: the socket is closed and opened again (books start from fresh snapshots, and the trade
   * hole is named as for any reconnect).
   */
  sequence?(frame: F): number | undefined;
  readonly connection: ConnectionPlan;
  /** Validates one text frame. */
  parse(text: string): ParseResult<F>;
  /** The frame's meaning to the connection, or `undefined` for market data and ignored frames. */
  control(frame: F): ControlFrame | undefined;
  /**
   * Why this feed cannot map a frame it parsed, or `undefined` (absent: it maps every one): a frame
   * valid on the wire whose meaning depends on what the context does not know (OKX: a swap's sizes are
   * contracts, and without its contract value they would be published in contracts). The decoder then
   * refuses it with this reason, as a frame the parser refused (counted, dead-lettered, its books resynced).
   */
  refuse?(frame: F, context: MapperContext): string | undefined;
  /**
   * The entries of a frame carrying many instruments (OKX's `opt-summary`: every option of a family)
   * that could not be read, each with its path and reason (absent: none); the frame's other entries are
   * mapped, and these are refused together as one refused frame (counted, dead-lettered with the text).
   */
  refusedEntries?(frame: F): readonly string[];
  /** Pure: a data frame to normalized events. */
  map(frame: F, receivedTs: number, context: MapperContext): readonly MarketEvent[];
  /**
   * Optional per-symbol state over the mapped events (and a poll's), fresh for every subscription of the
   * feed: a venue that sends deltas of a ticker (Bybit linear `tickers`) merges them here.
   */
  readonly reducer?: SymbolReducer<S>;
  /** The venue's order books (depth channel, book updates, sync); subscribed only when books are asked for. */
  readonly book?: BookPlan<F>;
  /** Values read over REST per symbol while the feed runs (Binance USD-M open interest); absent: none. */
  readonly polls?: readonly SymbolPoll[];
}
