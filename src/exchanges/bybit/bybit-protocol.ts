import { BYBIT_CONNECTION_LIMITS } from './bybit-limits.js';
import type { ConnectionLimits } from '../connection-limits.js';
import type { ConnectionPlan, ControlFrame, VenueProtocol } from '../venue-protocol.js';
import { bybitBookPlan, DEFAULT_BYBIT_BOOK_DEPTH, type BybitBookDepth } from './bybit-book-plan.js';
import { parseBybitFrame, type BybitAckFrame, type BybitFrame } from './bybit-frames.js';
import { bybitKlineChannel } from './bybit-kline-frames.js';
import { mapBybitFrame } from './bybit-mappers.js';
import { BYBIT_SPOT_MAX_ARGS, bybitPing, bybitResubscribe, bybitSubscribe, bybitTopic, bybitUnsubscribe } from './bybit-subscriptions.js';

/** Bybit v5 public spot, mainnet: the default of `urls.bybit`. */
export const BYBIT_SPOT_URL = 'wss://stream.bybit.com/v5/public/spot';

/** Interval of the client's `{"op":"ping"}`: Bybit drops sockets silent for longer than about 30 s. */
export const BYBIT_PING_INTERVAL_MS = 20_000;

/**
 * Bybit v5 public spot: trades, 24 h tickers, the best bid/ask and candles, subscribed by requests of at
 * most 10 topics each (every request acknowledged by id), kept alive by `{"op":"ping"}` every 20 s;
 * order books over `orderbook.{bookDepth}` (default 50) when asked for.
 */
export function bybitProtocolWith(options: { readonly bookDepth?: BybitBookDepth } = {}): VenueProtocol<BybitFrame> {
  return { ...BYBIT_PROTOCOL, book: bybitBookPlan(options.bookDepth ?? DEFAULT_BYBIT_BOOK_DEPTH) };
}

/**
 * How every v5 public category is talked to: one socket at the base URL, `subscribe` requests of at most
 * `maxTopicsPerRequest` topics under `<connectionId>-<n>` ids (Bybit echoes `req_id` in its ack), a book
 * resynced by unsubscribing and subscribing its topic again, and `{"op":"ping"}` every 20 s.
 */
export function bybitConnectionPlan(limits: Pick<ConnectionLimits, 'maxTopicsPerRequest' | 'requestsPerSecond'>): ConnectionPlan {
  return {
    url: (baseUrl) => baseUrl,
    subscribe: {
      maxTopicsPerRequest: limits.maxTopicsPerRequest,
      requestsPerSecond: limits.requestsPerSecond,
      requestId: (connectionId, n) => `${connectionId}-${n}`,
      subscribeRequest: (topics, id) => {
        const request = bybitSubscribe(topics, id);
        return { id: request.reqId, topics: request.args, text: request.text };
      },
      unsubscribeRequest: (topics, id) => bybitUnsubscribe(topics, id),
      resubscribe: (topic, requestId) => {
        const { unsubscribe, subscribe } = bybitResubscribe(topic, requestId);
        return { unsubscribe, subscribe: { id: subscribe.reqId, topics: subscribe.args, text: subscribe.text } };
      },
    },
    heartbeat: { intervalMs: BYBIT_PING_INTERVAL_MS, message: (connectionId, n) => bybitPing(`${connectionId}-ping-${n}`) },
  };
}

/**
 * A v5 public frame's meaning to the connection: a pong, or the ack of a subscribe request (by its echoed
 * `req_id`; without one, it settles the only request awaiting its ack). Acks of other requests
 * (unsubscribe) are not the feed's business.
 */
export function bybitControl(frame: { readonly kind: string }): ControlFrame | undefined {
  if (frame.kind === 'pong') return { kind: 'pong' };
  if (!isAck(frame) || frame.op !== 'subscribe') return undefined;
  return { kind: 'subscribe_ack', success: frame.success, message: frame.retMsg, ...(frame.reqId === undefined ? {} : { requestId: frame.reqId }) };
}

const isAck = (frame: { readonly kind: string }): frame is BybitAckFrame => frame.kind === 'ack';

const BYBIT_PROTOCOL: VenueProtocol<BybitFrame> = {
  id: 'bybit-v5-spot',
  exchanges: ['bybit'],
  env: () => 'prod',
  streams: [
    { channel: 'publicTrade', record: 'trade' },
    { channel: 'tickers', record: 'price_tick' },
    { channel: 'orderbook.1', record: 'book_ticker' },
    { channel: 'kline.1', record: 'kline', channelFor: bybitKlineChannel },
  ],
  topic: (symbol, stream) => bybitTopic(symbol, stream.channel),
  connection: bybitConnectionPlan({ maxTopicsPerRequest: BYBIT_SPOT_MAX_ARGS, requestsPerSecond: BYBIT_CONNECTION_LIMITS.requestsPerSecond }),
  parse: parseBybitFrame,
  control: bybitControl,
  map: mapBybitFrame,
};

/** Bybit v5 public spot with `orderbook.50` books. */
export const bybitProtocol: VenueProtocol<BybitFrame> = bybitProtocolWith();
