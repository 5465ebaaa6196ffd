import type { SubscribeRequest } from '../venue-protocol.js';

/** Between a topic's subscription type and its coin: `trades:BTC`, `l2Book:kPEPE` (no type holds one). */
const SEPARATOR = ':';

/** One subscription as the client sends it: a type and a coin (docs "Websocket > Subscriptions"). */
export interface HyperliquidSubscription {
  readonly type: string;
  readonly coin: string;
}

/** One topic: `<type>:<coin>` (`trades:BTC`). */
export function hyperliquidTopic(coin: string, type: string): string {
  return `${type}${SEPARATOR}${coin}`;
}

/** The subscription a topic stands for (split at its first `:`). */
export function hyperliquidSubscriptionOf(topic: string): HyperliquidSubscription {
  const at = topic.indexOf(SEPARATOR);
  return at < 0 ? { type: topic, coin: '' } : { type: topic.slice(0, at), coin: topic.slice(at + 1) };
}

/**
 * `{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}`: one subscription per message
 * (the format takes one object, docs "Subscription messages"). Hyperliquid echoes no request id: its
 * ack (`subscriptionResponse`) names the subscription, and settles the topic it names.
 */
export function hyperliquidSubscribe(topics: readonly string[], id: string): SubscribeRequest {
  return { id, topics, text: hyperliquidRequest('subscribe', topics) };
}

/** `{"method":"unsubscribe","subscription":{..}}` ("Unsubscribing from WebSocket feeds"): acknowledged alike, not awaited. */
export function hyperliquidUnsubscribe(topics: readonly string[]): string {
  return hyperliquidRequest('unsubscribe', topics);
}

/** The keep-alive, answered with `{"channel":"pong"}` (docs "Timeouts and heartbeats"). */
export const HYPERLIQUID_PING = '{"method":"ping"}';

/** One message holds one subscription: the first topic's (requests hold one topic, `maxTopicsPerRequest` 1). */
function hyperliquidRequest(method: 'subscribe' | 'unsubscribe', topics: readonly string[]): string {
  const { type, coin } = hyperliquidSubscriptionOf(topics[0] ?? '');
  return JSON.stringify({ method, subscription: { type, coin } });
}
