import type { VenueProtocol } from '../venue-protocol.js';
import { coinbaseBookPlan } from './coinbase-book-plan.js';
import type { CoinbaseBookReducerConfig } from './coinbase-book-reducer.js';
import { parseCoinbaseFrame, type CoinbaseFrame } from './coinbase-frames.js';
import { COINBASE_CONNECTION_LIMITS } from './coinbase-limits.js';
import { mapCoinbaseFrame } from './coinbase-mappers.js';
import { coinbaseProductId } from './coinbase-product-id.js';
import {
  coinbaseAckTopics,
  coinbaseChannelOf,
  coinbaseHeartbeatsSubscribe,
  coinbaseResubscribe,
  coinbaseSubscribe,
  coinbaseTopic,
  coinbaseUnsubscribe,
} from './coinbase-subscriptions.js';

/** Coinbase Advanced Trade market data, public: the default of `urls.coinbase`. */
export const COINBASE_WS_URL = 'wss://advanced-trade-ws.coinbase.com';

/**
 * Largest frame read: a `level2` snapshot is the whole book in one frame (BTC-USD: 5,079,379 bytes,
 * 46,000 levels, recorded 2026-08 in cryptofeed's `sample_data/COINBASE.jsonl.zst`). Clients with a
 * 4 MiB limit lose it silently (ccxt/ccxt#23597, fixed with 100 MiB); Coinbase asks for "the largest
 * configurable" receive buffer. 64 MiB leaves room for a book twelve times as large.
 */
export const COINBASE_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Coinbase Advanced Trade public market data: trades (`market_trades`), the 24 h ticker with the best
 * bid and ask (`ticker`, read twice: a price tick and a book ticker), and order books over `level2`
 * when asked for (`maxLevels` kept per side, `viewLevels` published). One channel per subscribe
 * message; every subscribe and unsubscribe is answered by the cumulative `subscriptions` message, which
 * settles requests by the topics it lists. A `heartbeats` subscription on open keeps quiet channels
 * from closing (they close after 60-90 s without it). Every message carries the socket's
 * `sequence_num`: a skipped number is a lost message. No candle stream: Coinbase's `candles` are
 * 5-minute buckets only, with no close flag, so they cannot follow the configured interval.
 */
export function coinbaseProtocolWith(options: Partial<CoinbaseBookReducerConfig> = {}): VenueProtocol<CoinbaseFrame> {
  return { ...COINBASE_PROTOCOL, book: coinbaseBookPlan(options) };
}

const COINBASE_PROTOCOL: VenueProtocol<CoinbaseFrame> = {
  id: 'coinbase-advanced-trade',
  exchanges: ['coinbase'],
  env: () => 'prod',
  streams: [
    { channel: 'market_trades', record: 'trade' },
    { channel: 'ticker', record: 'price_tick' },
    { channel: 'ticker', record: 'book_ticker' },
  ],
  topic: (symbol, stream) => coinbaseTopic(symbol, stream.channel),
  symbolOf: coinbaseProductId,
  sequence: (frame) => (frame.kind === 'error' ? undefined : frame.sequenceNum),
  connection: {
    url: (baseUrl) => baseUrl,
    subscribe: {
      maxTopicsPerRequest: COINBASE_CONNECTION_LIMITS.maxTopicsPerRequest,
      groupOf: coinbaseChannelOf,
      requestsPerSecond: COINBASE_CONNECTION_LIMITS.requestsPerSecond,
      requestId: (connectionId, n) => `${connectionId}-${n}`,
      subscribeRequest: coinbaseSubscribe,
      unsubscribeRequest: (topics) => coinbaseUnsubscribe(topics),
      resubscribe: coinbaseResubscribe,
    },
    openMessages: () => [coinbaseHeartbeatsSubscribe()],
    maxPayloadBytes: COINBASE_MAX_PAYLOAD_BYTES,
  },
  parse: parseCoinbaseFrame,
  control: (frame) => {
    switch (frame.kind) {
      case 'heartbeats':
        return { kind: 'pong' };
      case 'subscriptions':
        return { kind: 'subscribe_ack', success: true, message: '', topics: coinbaseAckTopics(frame) };
      case 'error':
        return { kind: 'venue_error', message: frame.message };
      default:
        return undefined;
    }
  },
  map: mapCoinbaseFrame,
};

/** Coinbase Advanced Trade with books of 1000 levels kept per side, 50 published. */
export const coinbaseProtocol: VenueProtocol<CoinbaseFrame> = coinbaseProtocolWith();
