import type { SubscribeRequest } from '../venue-protocol.js';
import type { CoinbaseSubscriptionsFrame } from './coinbase-frames.js';

/** The channel that keeps a socket's quiet channels open; it takes no products. */
export const COINBASE_HEARTBEATS_CHANNEL = 'heartbeats';

/** One stream of one product: `<channel>:<product_id>`, e.g. `market_trades:BTC-USD`. */
export function coinbaseTopic(productId: string, channel: string): string {
  return `${channel}:${productId}`;
}

/** The channel and product of a topic. */
export function coinbaseTopicParts(topic: string): { readonly channel: string; readonly productId: string } {
  const colon = topic.indexOf(':');
  return colon < 0 ? { channel: topic, productId: '' } : { channel: topic.slice(0, colon), productId: topic.slice(colon + 1) };
}

/** The request a topic may share: its channel (Coinbase takes one channel per subscribe message). */
export function coinbaseChannelOf(topic: string): string {
  return coinbaseTopicParts(topic).channel;
}

/**
 * `{"type":"subscribe","product_ids":[...],"channel":"..."}` for topics of one channel. Coinbase echoes
 * no id: `id` only names the request for the feed, which settles it from the cumulative
 * `subscriptions` answer. Topics of several channels, or none, are a caller's error (they never share a
 * request: `coinbaseChannelOf` groups them).
 */
export function coinbaseSubscribe(topics: readonly string[], id: string): SubscribeRequest {
  return { id, topics, text: request('subscribe', topics) };
}

/** `{"type":"unsubscribe","product_ids":[...],"channel":"..."}` for topics of one channel. */
export function coinbaseUnsubscribe(topics: readonly string[]): string {
  return request('unsubscribe', topics);
}

/** Unsubscribe then subscribe one topic on a live socket: Coinbase answers the subscribe to `level2` with a fresh snapshot. */
export function coinbaseResubscribe(topic: string, requestId: string): { readonly unsubscribe: string; readonly subscribe: SubscribeRequest } {
  return { unsubscribe: coinbaseUnsubscribe([topic]), subscribe: coinbaseSubscribe([topic], requestId) };
}

/** The `heartbeats` subscription sent on open: "No products or authentication required" (Coinbase's AsyncAPI, heartbeats channel). */
export function coinbaseHeartbeatsSubscribe(): string {
  return JSON.stringify({ type: 'subscribe', channel: COINBASE_HEARTBEATS_CHANNEL });
}

/** Channel names an answer may use for a channel subscribed by another name: books arrive as `l2_data` but are subscribed, and acknowledged, as `level2`. */
const SUBSCRIBED_AS: Readonly<Record<string, string>> = { l2_data: 'level2' };

/** Every topic a `subscriptions` answer lists (everything the socket is subscribed to now), heartbeats included as `heartbeats:heartbeats`. */
export function coinbaseAckTopics(frame: CoinbaseSubscriptionsFrame): readonly string[] {
  return frame.subscriptions.flatMap(({ channel, productIds }) => productIds.map((id) => coinbaseTopic(id, SUBSCRIBED_AS[channel] ?? channel)));
}

function request(type: 'subscribe' | 'unsubscribe', topics: readonly string[]): string {
  const parts = topics.map(coinbaseTopicParts);
  const channel = parts[0]?.channel;
  if (channel === undefined) throw new Error(`a Coinbase ${type} needs at least one topic`);
  if (parts.some((p) => p.channel !== channel || p.productId === '')) throw new Error(`a Coinbase ${type} takes products of one channel: ${topics.join(', ')}`);
  return JSON.stringify({ type, product_ids: parts.map((p) => p.productId), channel });
}
