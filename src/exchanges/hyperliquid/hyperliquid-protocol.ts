import { isJsonObject } from '../field-reader.js';
import type { ConnectionPlan, ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { hyperliquidBacklogReducer, type HyperliquidBacklogState } from './hyperliquid-backlog-reducer.js';
import { hyperliquidBookPlan } from './hyperliquid-book-plan.js';
import { HYPERLIQUID_QUOTE, hyperliquidCoinOf } from './hyperliquid-coins.js';
import { parseHyperliquidFrame, type HyperliquidFrame } from './hyperliquid-frames.js';
import { HYPERLIQUID_CONNECTION_LIMITS, HYPERLIQUID_PING_INTERVAL_MS } from './hyperliquid-limits.js';
import { mapHyperliquidFrame } from './hyperliquid-mappers.js';
import { HYPERLIQUID_PING, hyperliquidSubscribe, hyperliquidTopic, hyperliquidUnsubscribe } from './hyperliquid-subscriptions.js';

/** Hyperliquid's WebSocket (docs "Websocket": "Mainnet: wss://api.hyperliquid.xyz/ws"): one route for every subscription. */
export const HYPERLIQUID_WS_URL = 'wss://api.hyperliquid.xyz/ws';

/**
 * The streams per coin: trades, the best bid and ask (`bbo`), and the perpetual's context
 * (`activeAssetCtx`: mark, oracle, funding, open interest). Hyperliquid has no public liquidation
 * stream (liquidations appear only in users' own fills: `WsUserEvent`, `userFills`) and no ticker with
 * a last traded price; its candles (`candle`) carry no quote volume, which every kline record holds:
 * none of the three is subscribed. Books: `l2Book` (`hyperliquidBookPlan`), when asked for.
 */
const STREAMS: readonly StreamSpec[] = [
  { channel: 'trades', record: 'trade' },
  { channel: 'bbo', record: 'book_ticker' },
  { channel: 'activeAssetCtx', record: 'derivative_ticker' },
];

/**
 * How Hyperliquid's socket is talked to: the URL as it is; one subscription per message, each
 * acknowledged by its echo (`subscriptionResponse`: no request id); `{"method":"ping"}` every 20 s.
 */
const CONNECTION: ConnectionPlan = {
  url: (baseUrl) => baseUrl,
  subscribe: {
    maxTopicsPerRequest: HYPERLIQUID_CONNECTION_LIMITS.maxTopicsPerRequest,
    requestsPerSecond: HYPERLIQUID_CONNECTION_LIMITS.requestsPerSecond,
    requestId: (connectionId, n) => `${connectionId}-${n}`,
    subscribeRequest: (topics, id) => hyperliquidSubscribe(topics, id),
    unsubscribeRequest: (topics) => hyperliquidUnsubscribe(topics),
  },
  heartbeat: { intervalMs: HYPERLIQUID_PING_INTERVAL_MS, message: () => HYPERLIQUID_PING },
};

/**
 * What a Hyperliquid frame means to the connection: the pong answers the keep-alive; a subscribe ack
 * settles the topic it echoes (type and coin; the extra fields of `l2Book`'s echo are not read); an
 * error whose words hold a subscription (`Invalid subscription {"type":..,"coin":..}`) refuses that
 * topic, any other error is the venue's (`SubscribeRejectedError`). Unsubscribe acks and data are not
 * the connection's business.
 */
export function hyperliquidControl(frame: HyperliquidFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'pong':
      return { kind: 'pong' };
    case 'ack':
      return frame.method === 'subscribe'
        ? { kind: 'subscribe_ack', success: true, message: '', topics: [hyperliquidTopic(frame.subscription.coin, frame.subscription.type)] }
        : undefined;
    case 'error': {
      const message = `hyperliquid error: ${frame.message}`;
      const topic = namedTopic(frame.message);
      return topic === undefined ? { kind: 'venue_error', message } : { kind: 'subscribe_ack', success: false, message, topics: [topic] };
    }
    default:
      return undefined;
  }
}

/** The topic of the subscription an error's words hold as JSON, if they hold one with a type and a coin. */
function namedTopic(words: string): string | undefined {
  const start = words.indexOf('{');
  const end = words.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const named: unknown = JSON.parse(words.slice(start, end + 1));
    if (!isJsonObject(named) || typeof named['type'] !== 'string' || typeof named['coin'] !== 'string') return undefined;
    return hyperliquidTopic(named['coin'], named['type']);
  } catch {
    return undefined;
  }
}

/**
 * Hyperliquid perpetuals (the first perp dex, margined in USDC; keyed `BTC-USDC-PERP`, a `k` coin's key
 * its thousands: `kPEPE` is `1000PEPE-USDC-PERP`): trades, best bid/ask and the derivative ticker, and
 * books when asked for; the backlog each trades subscription opens with is dropped
 * (`hyperliquidBacklogReducer`).
 */
export const hyperliquidProtocol: VenueProtocol<HyperliquidFrame, HyperliquidBacklogState> = {
  id: 'hyperliquid-perp',
  exchanges: ['hyperliquid'],
  env: () => 'prod',
  streams: STREAMS,
  topic: (symbol, stream) => hyperliquidTopic(symbol, stream.channel),
  // Every perpetual is margined in USDC: its coin alone names it; another quote names none of them.
  symbolOf: (coin, quote) => (quote.toUpperCase() === HYPERLIQUID_QUOTE ? hyperliquidCoinOf(coin) : `${hyperliquidCoinOf(coin)}/${quote.toUpperCase()}`),
  connection: CONNECTION,
  parse: parseHyperliquidFrame,
  control: hyperliquidControl,
  map: mapHyperliquidFrame,
  reducer: hyperliquidBacklogReducer,
  book: hyperliquidBookPlan,
};
