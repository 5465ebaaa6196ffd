import type { ConnectionPlan, ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { bitgetBookPlan } from './bitget-book-plan.js';
import { parseBitgetFrame, type BitgetFrame } from './bitget-frames.js';
import { BITGET_CONNECTION_LIMITS, BITGET_REQUESTS_PER_HOUR } from './bitget-limits.js';
import { mapBitgetFrame, type BitgetMarket } from './bitget-mappers.js';
import { BITGET_PING, bitgetSubscribe, bitgetTopic, bitgetTopicOfArg, bitgetUnsubscribe, type BitgetInstType } from './bitget-subscriptions.js';

/** Bitget's public WebSocket, API v2 (docs "Websocket API": `wss://ws.bitget.com/v2/ws/public`). */
export const BITGET_WS_URL = 'wss://ws.bitget.com/v2/ws/public';

/**
 * Interval of the keep-alive `ping`: Bitget asks for one every 30 s and closes a connection that sent none
 * for 2 minutes (docs "Connect": "Users set a 30 seconds timer to send string "ping""); 25 s keeps inside it.
 */
export const BITGET_PING_INTERVAL_MS = 25_000;

/** The streams of both markets, per instrument: every fill, the ticker, the best bid and ask (`books1`, pushed at each change, docs "Depth Channel"). */
const STREAMS: readonly StreamSpec[] = [
  { channel: 'trade', record: 'trade' },
  { channel: 'ticker', record: 'price_tick' },
  { channel: 'books1', record: 'book_ticker' },
];

/** USDT-M futures: the same, the ticker also carrying the derivative figures. */
const FUTURES_STREAMS: readonly StreamSpec[] = [...STREAMS, { channel: 'ticker', record: 'derivative_ticker' }];

/**
 * How Bitget's socket is talked to: `subscribe` requests of at most 50 arguments (`BITGET_CONNECTION_LIMITS`),
 * 2 a second and 240 in any hour (`BITGET_REQUESTS_PER_HOUR`), each argument acknowledged apart and by topic (Bitget echoes no request id, and data may come before its
 * ack); a book resynced by unsubscribing and subscribing its topic; the text `ping` every 25 s.
 */
function connectionOf(instType: BitgetInstType): ConnectionPlan {
  return {
    url: (baseUrl) => baseUrl,
    subscribe: {
      maxTopicsPerRequest: BITGET_CONNECTION_LIMITS.maxTopicsPerRequest,
      requestsPerSecond: BITGET_CONNECTION_LIMITS.requestsPerSecond,
      requestsPerHour: BITGET_REQUESTS_PER_HOUR,
      requestId: (connectionId, n) => `${connectionId}-${n}`,
      subscribeRequest: (topics, id) => bitgetSubscribe(topics, id, instType),
      unsubscribeRequest: (topics) => bitgetUnsubscribe(topics, instType),
      resubscribe: (topic, requestId) => ({ unsubscribe: bitgetUnsubscribe([topic], instType), subscribe: bitgetSubscribe([topic], requestId, instType) }),
    },
    heartbeat: { intervalMs: BITGET_PING_INTERVAL_MS, message: () => BITGET_PING },
  };
}

/**
 * What a Bitget frame means to the connection: `pong` answers the keep-alive; a subscribe ack settles its
 * one topic; an error naming its argument refuses that topic (`30001`: "instType:SPOT,channel:books,instId:X
 * doesn't exist"), any other error is the venue's (`SubscribeRejectedError`: 30002 illegal request, 30003
 * invalid op, 30006 too many requests, 30007 "request over limit,connection close", as ccxt/ccxt
 * `ts/src/pro/bitget.ts` lists them in `exceptions.ws.exact`). Unsubscribe acks and data are not the
 * connection's business.
 */
export function bitgetControl(frame: BitgetFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'pong':
      return { kind: 'pong' };
    case 'ack':
      return frame.event === 'subscribe' ? { kind: 'subscribe_ack', success: true, message: '', topics: [bitgetTopicOfArg(frame.arg)] } : undefined;
    case 'error': {
      const message = `bitget error ${frame.code}: ${frame.msg}`;
      return frame.arg === undefined
        ? { kind: 'venue_error', message }
        : { kind: 'subscribe_ack', success: false, message, topics: [bitgetTopicOfArg(frame.arg)] };
    }
    default:
      return undefined;
  }
}

function protocolOf(id: string, instType: BitgetInstType, market: BitgetMarket, streams: readonly StreamSpec[]): VenueProtocol<BitgetFrame> {
  return {
    id,
    exchanges: [],
    env: () => 'prod',
    streams,
    topic: (symbol, stream) => bitgetTopic(symbol, stream.channel),
    connection: connectionOf(instType),
    parse: parseBitgetFrame,
    control: bitgetControl,
    map: (frame, receivedTs, context) => mapBitgetFrame(frame, receivedTs, context, market),
    book: bitgetBookPlan,
    symbolOf: (coin, quote) => `${coin}${quote}`,
  };
}

/** Bitget spot (`BTCUSDT`): every fill, the 24 h ticker, the best bid and ask; books over `books` when asked for. Sizes are the base coin. */
export const bitgetProtocol: VenueProtocol<BitgetFrame> = { ...protocolOf('bitget-v2-spot', 'SPOT', 'spot', STREAMS), exchanges: ['bitget'] };

/**
 * Bitget USDT-M perpetual futures (`BTCUSDT`, keyed `BTC-USDT-PERP`): spot's streams, the ticker also giving
 * the derivative ticker (mark, index, funding, holding). Sizes are the base coin, as on spot.
 */
export const bitgetFuturesProtocol: VenueProtocol<BitgetFrame> = {
  ...protocolOf('bitget-v2-usdt-futures', 'USDT-FUTURES', 'futures', FUTURES_STREAMS),
  exchanges: ['bitget_futures'],
};
