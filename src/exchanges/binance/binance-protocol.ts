import { BINANCE_CONNECTION_LIMITS } from './binance-limits.js';
import type { ConnectionPlan, ControlFrame, VenueProtocol } from '../venue-protocol.js';
import { parseBinanceFrame, type BinanceFrame } from './binance-frames.js';
import { mapBinanceFrame } from './binance-mappers.js';
import {
  BINANCE_MAX_STREAMS_PER_REQUEST,
  binanceCombinedUrl,
  binanceStream,
  binanceSubscribe,
  binanceUnsubscribe,
  binanceUrlStreams,
} from './binance-subscriptions.js';

/** Combined-stream endpoints, the defaults of `urls.<venue>` (the testnet's old `testnet.binance.vision` host is gone). */
export const BINANCE_STREAM_URL = 'wss://stream.binance.com:9443/stream';
export const BINANCE_US_STREAM_URL = 'wss://stream.binance.us:9443/stream';
export const BINANCE_TESTNET_STREAM_URL = 'wss://stream.testnet.binance.vision/stream';

/** Binance cuts connections at 24 h; rotate well before. */
export const DEFAULT_CONNECTION_LIFETIME_MS = 23 * 60 * 60 * 1000;
/** Old and new sockets run side by side this long during a rotation, ms. */
export const DEFAULT_ROTATION_OVERLAP_MS = 5000;

/**
 * The Binance spot family (Binance, Binance US, the spot testnet): trades, mini tickers, the best
 * bid/ask, candles and (optional) aggregate trades subscribed in the combined-stream URL (as many as fit in
 * 6,000 characters) and by SUBSCRIBE requests of 100 streams on the open socket (the rest, and listings
 * added while it runs); a socket is replaced make-before-break at
 * 23 h (the venue cuts at 24 h) or on `serverShutdown`.
 */
export const binanceProtocol: VenueProtocol<BinanceFrame> = {
  id: 'binance-spot-combined',
  exchanges: ['binance', 'binance_us', 'binance_testnet'],
  env: (exchange) => (exchange === 'binance_testnet' ? 'testnet' : 'prod'),
  streams: [
    { channel: 'trade', record: 'trade' },
    { channel: 'miniTicker', record: 'price_tick' },
    { channel: 'bookTicker', record: 'book_ticker' },
    { channel: 'kline_1m', record: 'kline', channelFor: (interval) => `kline_${interval}` },
    { channel: 'aggTrade', record: 'agg_trade', optional: true },
  ],
  topic: (symbol, stream) => binanceStream(symbol, stream.channel),
  connection: binanceConnectionPlan(BINANCE_CONNECTION_LIMITS.requestsPerSecond),
  parse: parseBinanceFrame,
  control: binanceControl,
  map: mapBinanceFrame,
};

/**
 * How every Binance venue connects (spot and USD-M alike): a combined-stream URL carrying as many
 * streams as fit in 6,000 characters, SUBSCRIBE requests of 100 streams (integer ids) for the rest and
 * for listings added live, at most `requestsPerSecond` of them, and make-before-break rotation at 23 h.
 */
export function binanceConnectionPlan(requestsPerSecond: number): ConnectionPlan {
  return {
    url: (baseUrl, topics) => binanceCombinedUrl(baseUrl, topics.slice(0, binanceUrlStreams(topics))),
    urlTopics: (topics) => binanceUrlStreams(topics),
    subscribe: {
      maxTopicsPerRequest: BINANCE_MAX_STREAMS_PER_REQUEST,
      requestsPerSecond,
      requestId: (_connectionId, n) => String(n),
      subscribeRequest: (topics, id) => ({ id, topics, text: binanceSubscribe(topics, id) }),
      unsubscribeRequest: (topics, id) => binanceUnsubscribe(topics, id),
    },
    rotation: { lifetimeMs: DEFAULT_CONNECTION_LIFETIME_MS, overlapMs: DEFAULT_ROTATION_OVERLAP_MS },
  };
}

/** A Binance frame's meaning to the connection: `serverShutdown` rotates, an error refuses a request, `{"result":...,"id":N}` acknowledges one. */
export function binanceControl(frame: BinanceFrame): ControlFrame | undefined {
  if (frame.kind === 'server_shutdown') return { kind: 'rotate', reason: 'serverShutdown' };
  if (frame.kind === 'error') return { kind: 'venue_error', message: `${frame.code}: ${frame.msg}`, requestId: String(frame.id) };
  // `{"result":null,"id":N}` answers SUBSCRIBE and UNSUBSCRIBE alike; the connection knows which ids it awaits.
  if (frame.kind === 'ack') return { kind: 'subscribe_ack', success: true, message: '', ...(frame.id === null ? {} : { requestId: String(frame.id) }) };
  return undefined;
}
