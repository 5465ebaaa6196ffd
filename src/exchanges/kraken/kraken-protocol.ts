import type { ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { DEFAULT_KRAKEN_BOOK_DEPTH, KRAKEN_BOOK_CHANNEL, krakenBookPlan, type KrakenBookDepth } from './kraken-book-plan.js';
import type { KrakenPrecision } from './kraken-book-checksum.js';
import { parseKrakenFrame, type KrakenFrame } from './kraken-frames.js';
import { KRAKEN_CONNECTION_LIMITS } from './kraken-limits.js';
import { mapKrakenFrame } from './kraken-mappers.js';
import {
  krakenGroupOf,
  krakenPing,
  krakenRequestId,
  krakenResubscribe,
  krakenSubscribe,
  krakenTopic,
  krakenUnsubscribe,
  type KrakenChannelOptions,
} from './kraken-subscriptions.js';

/** Kraken spot WebSocket v2, public data: the default of `urls.kraken`. */
export const KRAKEN_WS_URL = 'wss://ws.kraken.com/v2';

/**
 * Interval of the client's `{"method":"ping"}`. Kraken documents no idle timeout for spot v2 (it sends
 * a heartbeat about every second on a subscribed socket); its futures WebSocket wants a ping at least
 * every 60 s (support.kraken.com "Subscriptions (WebSockets API)"), and Kraken v2 clients ping every
 * 30 s (kraken-api-client, atelier_data: "Kraken recommends < 60s"); ccxt pings every 6 s.
 */
export const KRAKEN_PING_INTERVAL_MS = 30_000;

/** The streams per symbol: trades, and the ticker read twice (24 h figures and the best bid/offer). */
const KRAKEN_STREAMS: readonly StreamSpec[] = [
  { channel: 'trade', record: 'trade' },
  { channel: 'ticker', record: 'price_tick' },
  { channel: 'ticker', record: 'book_ticker' },
];

/** Every channel a refusal naming only a symbol may concern. */
const CHANNELS = [...new Set([...KRAKEN_STREAMS.map((stream) => stream.channel), KRAKEN_BOOK_CHANNEL])];

/** Kraken's words when a socket sends faster than the engine takes ("Exceeded msg rate"). */
const MESSAGE_RATE = /exceeded msg rate/i;

export interface KrakenProtocolOptions {
  /** Levels per side of the `book` channel. Default 10. */
  readonly bookDepth?: KrakenBookDepth;
  /** The pairs' precisions from their listing, when known (see `krakenBookReducer`). */
  readonly precisionOf?: (symbol: string) => KrakenPrecision | undefined;
}

/**
 * Kraken spot WebSocket v2: trades, and the ticker on every change of the best bid or offer (a
 * `PriceTick` and a `BookTicker` each), subscribed one channel per request (each symbol acknowledged
 * apart under the request's `req_id`), kept alive by `{"method":"ping"}` every 30 s; order books over
 * `book` at `bookDepth` (default 10) when asked for, verified against Kraken's checksum. Candles
 * (`ohlc`) are not read: Kraken's candles say nothing of when one is final.
 */
export function krakenProtocolWith(options: KrakenProtocolOptions = {}): VenueProtocol<KrakenFrame> {
  const bookDepth = options.bookDepth ?? DEFAULT_KRAKEN_BOOK_DEPTH;
  const channels: KrakenChannelOptions = { bookDepth };
  return {
    id: 'kraken-v2',
    exchanges: ['kraken'],
    env: () => 'prod',
    streams: KRAKEN_STREAMS,
    topic: (symbol, stream) => krakenTopic(symbol, stream.channel),
    symbolOf: (coin, quote) => `${coin}/${quote}`,
    connection: {
      url: (baseUrl) => baseUrl,
      subscribe: {
        maxTopicsPerRequest: KRAKEN_CONNECTION_LIMITS.maxTopicsPerRequest,
        groupOf: krakenGroupOf,
        requestsPerSecond: KRAKEN_CONNECTION_LIMITS.requestsPerSecond,
        requestId: (_connectionId, n) => krakenRequestId(n),
        subscribeRequest: (topics, id) => krakenSubscribe(topics, id, channels),
        unsubscribeRequest: (topics, id) => krakenUnsubscribe(topics, id, channels),
        resubscribe: (topic, requestId) => krakenResubscribe(topic, requestId, channels),
      },
      heartbeat: { intervalMs: KRAKEN_PING_INTERVAL_MS, message: (_connectionId, n) => krakenPing(n) },
    },
    parse: parseKrakenFrame,
    control: krakenControl,
    map: mapKrakenFrame,
    book: krakenBookPlan({ depth: bookDepth, ...(options.precisionOf === undefined ? {} : { precisionOf: options.precisionOf }) }),
  };
}

/**
 * What a Kraken frame means to the connection: each subscribe reply settles its one symbol's topic
 * (a refusal names only the symbol: every channel's topic of it is named, the request's own among
 * them); pongs, heartbeats and status messages are keep-alives (a status other than `online` is the
 * engine in maintenance or cancel-only: the socket stays, and data resumes with the engine); a message
 * rate refusal replaces the socket, whose subscriptions are then unknown; other errors are the venue's.
 * Unsubscribe replies and data are not the connection's business.
 */
export function krakenControl(frame: KrakenFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'pong':
    case 'heartbeat':
    case 'status':
      return { kind: 'pong' };
    case 'error':
      return MESSAGE_RATE.test(frame.message) ? { kind: 'rotate', reason: `kraken: ${frame.message}` } : { kind: 'venue_error', message: frame.message };
    case 'ack': {
      if (frame.method !== 'subscribe') return undefined;
      const requestId = frame.reqId === undefined ? {} : { requestId: String(frame.reqId) };
      if (frame.success) {
        const topics = frame.channel === undefined || frame.symbol === undefined ? {} : { topics: [krakenTopic(frame.symbol, frame.channel)] };
        return { kind: 'subscribe_ack', success: true, message: '', ...requestId, ...topics };
      }
      const message = frame.error ?? '';
      if (MESSAGE_RATE.test(message)) return { kind: 'rotate', reason: `kraken: ${message}` };
      const topics = frame.symbol === undefined ? {} : { topics: CHANNELS.map((channel) => krakenTopic(frame.symbol ?? '', channel)) };
      return { kind: 'subscribe_ack', success: false, message, ...requestId, ...topics };
    }
    default:
      return undefined;
  }
}

/** Kraken spot WebSocket v2 with 10-level books. */
export const krakenProtocol: VenueProtocol<KrakenFrame> = krakenProtocolWith();
