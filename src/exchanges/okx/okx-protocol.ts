import type { ConnectionPlan, ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { okxBookPlan } from './okx-book-plan.js';
import { okxCandleChannel } from './okx-candle-frames.js';
import type { OkxSizing } from './okx-contracts.js';
import { parseOkxFrame, type OkxFrame } from './okx-frames.js';
import { OKX_CONNECTION_LIMITS, OKX_REQUESTS_PER_HOUR } from './okx-limits.js';
import { mapOkxFrame } from './okx-mappers.js';
import { okxHosts } from './okx-options.js';
import { okxSwapRefusal } from './okx-swap-refusal.js';
import { OKX_PING, okxResubscribe, okxSubscribe, okxTopic, okxTopicOfArg, okxUnsubscribe } from './okx-subscriptions.js';
import { okxSwapTickerReducer, type OkxSwapFigures } from './okx-swap-ticker-reducer.js';

/** OKX v5 public WebSocket base of the global hosts; the routes `/public` and `/business` follow it. */
export const OKX_WS_URL = okxHosts('global').ws;

/**
 * Interval of the keep-alive `ping`: OKX closes a connection on which nothing was pushed for 30 s, and
 * asks for `ping` before then (docs "Connect": "set a timer of N seconds ... where N is less than 30").
 */
export const OKX_PING_INTERVAL_MS = 20_000;

/**
 * The routes (docs "Overview > WebSocket"): `/public` carries books, tickers, best bid/ask and the
 * derivative channels; `/business` carries `trades-all` and candles (asked on `/public`, a candle
 * channel is refused with 60018; tardis-node `src/realtimefeeds/okex.ts`).
 */
const ROUTES = [
  { name: 'public', path: '/public', books: true },
  { name: 'business', path: '/business' },
] as const;

/** The streams every OKX market has, per instrument. */
const MARKET_STREAMS: readonly StreamSpec[] = [
  { channel: 'trades-all', record: 'trade', route: 'business' },
  { channel: 'tickers', record: 'price_tick', route: 'public' },
  { channel: 'bbo-tbt', record: 'book_ticker', route: 'public' },
  { channel: okxCandleChannel('1m'), record: 'kline', channelFor: okxCandleChannel, route: 'business' },
];

/** A swap's derivative channels: four that each know a part of its ticker, and liquidations (one topic for every swap). */
const SWAP_STREAMS: readonly StreamSpec[] = [
  { channel: 'funding-rate', record: 'derivative_ticker', route: 'public' },
  { channel: 'mark-price', record: 'derivative_ticker', route: 'public' },
  { channel: 'index-tickers', record: 'derivative_ticker', route: 'public' },
  { channel: 'open-interest', record: 'derivative_ticker', route: 'public' },
  { channel: 'liquidation-orders', record: 'liquidation', route: 'public' },
];

/**
 * How OKX's sockets are talked to: one per route at the base URL plus its path; `subscribe` requests of
 * at most 100 args (`OKX_CONNECTION_LIMITS`), 2 a second and 480 in any hour on each socket
 * (`OKX_REQUESTS_PER_HOUR`), each arg acknowledged apart and by topic (OKX echoes no
 * request id, and data may come before its ack); a book resynced by unsubscribing and subscribing its
 * topic; the text `ping` every 20 s.
 */
export const OKX_CONNECTION: ConnectionPlan = {
  url: (baseUrl) => baseUrl,
  routes: ROUTES,
  subscribe: {
    maxTopicsPerRequest: OKX_CONNECTION_LIMITS.maxTopicsPerRequest,
    requestsPerSecond: OKX_CONNECTION_LIMITS.requestsPerSecond,
    requestsPerHour: OKX_REQUESTS_PER_HOUR,
    requestId: (connectionId, n) => `${connectionId}-${n}`,
    subscribeRequest: (topics, id) => okxSubscribe(topics, id),
    unsubscribeRequest: (topics) => okxUnsubscribe(topics),
    resubscribe: (topic, requestId) => okxResubscribe(topic, requestId),
  },
  heartbeat: { intervalMs: OKX_PING_INTERVAL_MS, message: () => OKX_PING },
};

/** OKX's error words for a channel or instrument it does not have (60018: "Wrong URL or channel:books,instId:X doesn't exist..."). */
const NAMED_ARG = /channel:\s*([\w-]+)\s*,\s*(instId|instType|instFamily):\s*([\w-]+)/;

/**
 * What an OKX frame means to the connection: `pong` answers the keep-alive; a subscribe ack settles its
 * one topic; an error whose words name a channel and instrument refuses that topic, any other error is
 * the venue's (`SubscribeRejectedError`); a notice (64008, "The connection will soon be closed for a
 * service upgrade", as tiagosiebler/okx-api `src/websocket-client.ts` reconnects on) replaces the socket
 * before OKX closes it. Unsubscribe acks and data are not the connection's business.
 */
export function okxControl(frame: OkxFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'pong':
      return { kind: 'pong' };
    case 'ack':
      return frame.event === 'subscribe' ? { kind: 'subscribe_ack', success: true, message: '', topics: [okxTopicOfArg(frame.arg)] } : undefined;
    case 'notice':
      return { kind: 'rotate', reason: `okx notice ${frame.code}: ${frame.msg}` };
    case 'error': {
      const message = `okx error ${frame.code}: ${frame.msg}`;
      const [, channel = '', key = '', value = ''] = NAMED_ARG.exec(frame.msg) ?? [];
      if (channel === '') return { kind: 'venue_error', message };
      const topic = okxTopicOfArg(
        key === 'instType' ? { channel, instType: value } : key === 'instFamily' ? { channel, instFamily: value } : { channel, instId: value },
      );
      return { kind: 'subscribe_ack', success: false, message, topics: [topic] };
    }
    default:
      return undefined;
  }
}

function protocolOf(id: string, sizing: OkxSizing, streams: readonly StreamSpec[]): VenueProtocol<OkxFrame> {
  return {
    id,
    exchanges: [],
    env: () => 'prod',
    streams,
    topic: (symbol, stream) => okxTopic(symbol, stream.channel),
    connection: OKX_CONNECTION,
    parse: parseOkxFrame,
    control: okxControl,
    map: (frame, receivedTs, context) => mapOkxFrame(frame, receivedTs, context, sizing),
    book: okxBookPlan(sizing),
  };
}

/**
 * OKX v5 spot (`BTC-USDT`): every fill (`trades-all`), the 24 h ticker, the best bid/ask tick by tick
 * (`bbo-tbt`) and candles, over `/public` and `/business`; books over `books` when asked for. Sizes are
 * the base currency.
 */
export const okxProtocol: VenueProtocol<OkxFrame> = {
  ...protocolOf('okx-v5-spot', 'base', MARKET_STREAMS),
  exchanges: ['okx'],
  symbolOf: (coin, quote) => `${coin}-${quote}`,
};

/**
 * OKX v5 linear perpetual swaps (`BTC-USDT-SWAP`, keyed `BTC-USDT-PERP`): spot's streams, and the
 * derivative ticker merged per swap from `funding-rate`, `mark-price`, `index-tickers` and
 * `open-interest` (`okxSwapTickerReducer`), and liquidations from `liquidation-orders`. Sizes are
 * contracts: each is published times the swap's contract value, and a frame whose contract value the
 * feed does not know is refused, never published in contracts. Inverse swaps (`BTC-USD-SWAP`) are not
 * this venue's: a frame of one is refused on every channel with one reason (`okxSwapRefusal`).
 */
export const okxSwapProtocol: VenueProtocol<OkxFrame, OkxSwapFigures> = {
  ...protocolOf('okx-v5-swap', 'contracts', [...MARKET_STREAMS, ...SWAP_STREAMS]),
  exchanges: ['okx_swap'],
  symbolOf: (coin, quote) => `${coin}-${quote}-SWAP`,
  refuse: okxSwapRefusal,
  reducer: okxSwapTickerReducer,
};
