import type { SubscribeRequest } from '../venue-protocol.js';
import type { GateMarket } from './gate-frames.js';

/** Between a topic's channel and its instrument: `trades:BTC_USDT`. */
const SEPARATOR = ':';

/** The depth channel the books follow: changes every 100 ms, bridged to a REST snapshot by update ids. */
export const GATE_BOOK_CHANNEL = 'order_book_update';

/** Levels of a futures `order_book_update` subscription, the same as its REST snapshot's `limit` (docs: make them equal). */
export const GATE_BOOK_LEVELS = 100;

/**
 * The futures liquidations, subscribed for every contract at once: `"payload":["!all"]` (docs "public liquidate
 * order subscription": "If you want to subscribe to liquidates order push in all contracts, use `!all`").
 */
export const GATE_LIQUIDATIONS_CHANNEL = 'public_liquidates';

/** What `GATE_LIQUIDATIONS_CHANNEL` is subscribed for: every contract. */
export const GATE_ALL_CONTRACTS = '!all';

/**
 * One topic: `<channel>:<instrument>` (`trades:BTC_USDT`), the channel without its market's prefix; the
 * liquidations are one topic for every contract (`public_liquidates:!all`).
 */
export function gateTopic(symbol: string, channel: string): string {
  return `${channel}${SEPARATOR}${channel === GATE_LIQUIDATIONS_CHANNEL ? GATE_ALL_CONTRACTS : symbol}`;
}

/** A topic's channel and instrument. */
export function gateTopicParts(topic: string): { readonly channel: string; readonly symbol: string } {
  const at = topic.indexOf(SEPARATOR);
  return at < 0 ? { channel: topic, symbol: '' } : { channel: topic.slice(0, at), symbol: topic.slice(at + 1) };
}

/**
 * The request a topic may share: Gate's request names one channel (`"channel":"spot.trades","payload":[..]`),
 * and a book's one instrument (`"payload":["BTC_USDT","100ms"]`, docs "Changed order book levels").
 */
export function gateGroupOf(topic: string): string {
  const { channel } = gateTopicParts(topic);
  return channel === GATE_BOOK_CHANNEL ? topic : channel;
}

/** The payload of one channel's topics: their instruments; a book's instrument, its interval and (futures) its levels. */
function payloadOf(market: GateMarket, channel: string, topics: readonly string[]): readonly string[] {
  const symbols = topics.map((topic) => gateTopicParts(topic).symbol);
  if (channel !== GATE_BOOK_CHANNEL) return symbols;
  return market === 'spot' ? [symbols[0] ?? '', '100ms'] : [symbols[0] ?? '', '100ms', String(GATE_BOOK_LEVELS)];
}

/**
 * `{"time","id","channel","event","payload"}` (docs "Request"): `time` the wall clock's second (Gate checks
 * it within 60 s of its own), `id` the request's number on the socket (Gate takes 32-bit integers, and echoes
 * it in its answer), one channel (every topic of a request shares it, `gateGroupOf`).
 */
function gateRequest(market: GateMarket, event: 'subscribe' | 'unsubscribe', topics: readonly string[], id: string, nowMs: number): string {
  const channel = gateTopicParts(topics[0] ?? '').channel;
  return JSON.stringify({
    time: Math.floor(nowMs / 1000),
    id: Number(id),
    channel: `${market}.${channel}`,
    event,
    payload: payloadOf(market, channel, topics),
  });
}

/** A subscribe of one channel's topics, answered `{"id","event":"subscribe","result":{"status":"success"}}` by its id. */
export function gateSubscribe(market: GateMarket, topics: readonly string[], id: string, nowMs: number = Date.now()): SubscribeRequest {
  return { id, topics, text: gateRequest(market, 'subscribe', topics, id, nowMs) };
}

/** An unsubscribe of one channel's topics (its answer is not awaited). */
export function gateUnsubscribe(market: GateMarket, topics: readonly string[], id: string, nowMs: number = Date.now()): string {
  return gateRequest(market, 'unsubscribe', topics, id, nowMs);
}

/** The application ping (docs "Application ping pong"): `{"time","channel":"spot.ping"}`, answered by `spot.pong`. */
export function gatePing(market: GateMarket, nowMs: number = Date.now()): string {
  return JSON.stringify({ time: Math.floor(nowMs / 1000), channel: `${market}.ping` });
}

/** The topics an answer names: its channel (without the market's prefix) and the instruments of its echoed payload (a book's first element). */
export function gateTopicsOf(channel: string, payload: readonly string[]): readonly string[] {
  const name = channel.slice(channel.indexOf('.') + 1);
  return name === GATE_BOOK_CHANNEL ? payload.slice(0, 1).map((symbol) => gateTopic(symbol, name)) : payload.map((symbol) => gateTopic(symbol, name));
}
