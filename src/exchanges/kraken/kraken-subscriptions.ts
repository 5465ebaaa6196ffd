import type { SubscribeRequest } from '../venue-protocol.js';

/** Between a topic's channel and its symbol: `trade:BTC/USD`. */
const SEPARATOR = ':';

/** Largest `req_id` Kraken takes: an int32 ("their support said that reqid must be an int32", ccxt `pro/kraken`). */
export const KRAKEN_MAX_REQ_ID = 2_147_483_647;

/** Request ids of resubscriptions start here, far above the ids counted per socket from 1. */
const RESUBSCRIBE_REQ_IDS = 1_000_000_000;

/** What a subscribe request of each channel asks for besides its symbols. */
export interface KrakenChannelOptions {
  /** Levels per side of the `book` channel. */
  readonly bookDepth: number;
}

/** One topic: `<channel>:<SYMBOL>`, e.g. `trade:BTC/USD`, `book:DOGE/USDT`. */
export function krakenTopic(symbol: string, channel: string): string {
  return `${channel}${SEPARATOR}${symbol.toUpperCase()}`;
}

/** The channel and symbol of a topic. */
export function krakenTopicParts(topic: string): { readonly channel: string; readonly symbol: string } {
  const at = topic.indexOf(SEPARATOR);
  return at < 0 ? { channel: topic, symbol: '' } : { channel: topic.slice(0, at), symbol: topic.slice(at + 1) };
}

/** Kraken takes one channel per request: topics are grouped by it. */
export function krakenGroupOf(topic: string): string {
  return krakenTopicParts(topic).channel;
}

/** The `n`-th request id of a socket (from 1), within int32. */
export function krakenRequestId(n: number): string {
  return String(((Math.max(1, Math.floor(n)) - 1) % KRAKEN_MAX_REQ_ID) + 1);
}

/**
 * The int32 `req_id` sent for a request id: a decimal id as it is; another (the feed names a
 * resubscription `<connection>-resub-<k>`) becomes 1,000,000,000 + k, so that the venue's echo can be
 * matched; anything else a number from its characters in the same range.
 */
export function krakenReqId(id: string): number {
  if (/^\d{1,10}$/.test(id) && Number(id) <= KRAKEN_MAX_REQ_ID) return Number(id);
  const counted = /(\d{1,9})$/.exec(id);
  if (counted !== null) return RESUBSCRIBE_REQ_IDS + Number(counted[1]);
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) % 1_000_000_000;
  return RESUBSCRIBE_REQ_IDS + hash;
}

/**
 * `{"method":"subscribe","params":{"channel":...,"symbol":[...],...},"req_id":N}` for topics of one
 * channel: trades without the snapshot of the last 50 (they would be published again on every
 * reconnect, and holes are repaired from the trade history); tickers on every change of the best bid or
 * offer (`event_trigger: bbo`) with the current one first; books at `bookDepth` with their snapshot.
 * Kraken acknowledges each symbol apart, under `N`.
 */
export function krakenSubscribe(topics: readonly string[], id: string, options: KrakenChannelOptions): SubscribeRequest {
  const reqId = krakenReqId(id);
  return { id: String(reqId), topics, text: JSON.stringify({ method: 'subscribe', params: paramsOf(topics, options, true), req_id: reqId }) };
}

/** `{"method":"unsubscribe","params":{"channel":...,"symbol":[...]},"req_id":N}` for topics of one channel. */
export function krakenUnsubscribe(topics: readonly string[], id: string, options: KrakenChannelOptions): string {
  return JSON.stringify({ method: 'unsubscribe', params: paramsOf(topics, options, false), req_id: krakenReqId(id) });
}

/** Unsubscribe then subscribe one topic on a live socket (a book's resync: the subscribe brings a fresh snapshot), under one `req_id`. */
export function krakenResubscribe(
  topic: string,
  requestId: string,
  options: KrakenChannelOptions,
): { readonly unsubscribe: string; readonly subscribe: SubscribeRequest } {
  return { unsubscribe: krakenUnsubscribe([topic], requestId, options), subscribe: krakenSubscribe([topic], requestId, options) };
}

/** The application-level ping; Kraken answers `{"method":"pong","req_id":N,...}`. */
export function krakenPing(n: number): string {
  return JSON.stringify({ method: 'ping', req_id: Number(krakenRequestId(n)) });
}

function paramsOf(topics: readonly string[], options: KrakenChannelOptions, subscribe: boolean): Record<string, unknown> {
  const channels = new Set(topics.map(krakenGroupOf));
  const [channel = ''] = channels;
  if (channels.size > 1) throw new Error(`a Kraken request takes one channel, not ${[...channels].join(', ')}`);
  const params: Record<string, unknown> = { channel, symbol: topics.map((topic) => krakenTopicParts(topic).symbol) };
  if (channel === 'book') params['depth'] = options.bookDepth;
  if (!subscribe) return params;
  if (channel === 'trade') params['snapshot'] = false;
  if (channel === 'ticker') {
    params['event_trigger'] = 'bbo';
    params['snapshot'] = true;
  }
  if (channel === 'book') params['snapshot'] = true;
  return params;
}
