import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';
import type { ControlFrame, VenueProtocol } from '../venue-protocol.js';
import { parseBybitOptionFrame, type BybitOptionFrame } from './bybit-option-frames.js';
import { bybitOptionTickerRefusal, mapBybitOptionFrame } from './bybit-option-mappers.js';
import { bybitOptionOf } from './bybit-option-names.js';
import { bybitConnectionPlan, bybitControl } from './bybit-protocol.js';
import { bybitTopic } from './bybit-subscriptions.js';

/** Bybit v5 public options (USDT and USDC settled), mainnet: the default of `urls.bybit_options`. */
export const BYBIT_OPTION_URL = 'wss://stream.bybit.com/v5/public/option';

/**
 * Bybit's option socket (bybit-exchange/docs `docs/v5/websocket/wss-authentication.mdx`, "Public channel -
 * Args limits"): "Options can input up to 2000 args for a single connection", within the 21,000
 * characters of args every public connection may hold.
 */
export const BYBIT_OPTION_CAPS: VenueCaps = { maxTopics: 2000, maxTopicChars: 21_000, maxTopicsPerRequest: Number.POSITIVE_INFINITY };

/**
 * The option socket as the feed uses it: 2,000 topics and 20,000 characters of them a connection (a
 * thousand characters under Bybit's cap, as on linear), 50 topics a request and 10 requests a second as
 * on linear, and the 500 connections per 5 min of Bybit's WebSocket domain, which options share.
 */
export const BYBIT_OPTION_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 2000,
  maxTopicChars: 20_000,
  maxTopicsPerRequest: 50,
  requestsPerSecond: 10,
  connectionsPerWindow: 500,
  connectionWindowMs: 5 * 60_000,
};

/**
 * The option socket's answer to a subscribe names its topics and no request (Option/Spread tab of
 * "Understanding the Subscription Response"): it confirms its `successTopics`; each topic it could not
 * subscribe (`failTopics`: an option delivered between the list read and the subscribe, say) is said
 * `unserved` and not asked for again on this socket, which carries on. Pongs and the other answers as on
 * every category.
 */
export function bybitOptionControl(frame: BybitOptionFrame): ControlFrame | undefined {
  if (frame.kind !== 'option_ack') return bybitControl(frame);
  const message = frame.retMsg || (frame.failTopics.length > 0 ? 'not subscribed by the venue (failTopics)' : '');
  return { kind: 'subscribe_ack', success: true, message, topics: frame.successTopics, ...(frame.failTopics.length > 0 ? { unserved: frame.failTopics } : {}) };
}

/**
 * An option's topics: its ticker (`tickers.BTC-27NOV26-56000-C-USDT`), and the trades of its coin
 * (`publicTrade.BTC`: "option uses baseCoin", `docs/v5/websocket/public/trade.mdx`), one topic every
 * option of the coin shares.
 */
export function bybitOptionTopic(symbol: string, channel: string): string {
  if (channel !== 'publicTrade') return bybitTopic(symbol, channel);
  return `${channel}.${bybitOptionOf(symbol)?.base ?? symbol.split('-')[0] ?? symbol}`;
}

/**
 * Bybit v5 public options: each option's summary (`tickers`: quotes and their IVs, mark and mark IV,
 * the four greeks Bybit sends, the underlying's price, open interest) and the trades of its coin, over
 * `/v5/public/option`, kept alive by `{"op":"ping"}` every 20 s; no books (the summary carries the
 * best bid and ask). A ticker the summary cannot be made from is refused alone (`bybitOptionTickerRefusal`).
 */
export const bybitOptionProtocol: VenueProtocol<BybitOptionFrame> = {
  id: 'bybit-v5-option',
  exchanges: ['bybit_options'],
  env: () => 'prod',
  streams: [
    { channel: 'publicTrade', record: 'trade' },
    { channel: 'tickers', record: 'option_summary' },
  ],
  topic: (symbol, stream) => bybitOptionTopic(symbol, stream.channel),
  connection: bybitConnectionPlan(BYBIT_OPTION_CONNECTION_LIMITS),
  parse: parseBybitOptionFrame,
  control: bybitOptionControl,
  refuse: (frame) => bybitOptionTickerRefusal(frame),
  map: mapBybitOptionFrame,
};
