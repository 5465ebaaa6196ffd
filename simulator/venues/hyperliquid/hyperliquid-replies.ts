import type { HyperliquidSubscription } from './hyperliquid-request.js';

/** The answer to `{"method":"ping"}` (hyperliquid.gitbook.io `api/websocket/timeouts-and-heartbeats`). */
export const PONG = '{"channel":"pong"}';

/**
 * The acknowledgement of a subscribe or unsubscribe: the subscription echoed as the venue reads it
 * (`{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{...}}}`,
 * hyperliquid-subscriptionResponse.ndjson).
 */
export function subscriptionResponse(method: 'subscribe' | 'unsubscribe', subscription: HyperliquidSubscription): string {
  return JSON.stringify({ channel: 'subscriptionResponse', data: { method, subscription } });
}

/** A refusal: `{"channel":"error","data":"<text>"}` (ccxt `ts/src/pro/hyperliquid.ts`, handleErrorMessage's recorded example). */
export function errorReply(text: string): string {
  return JSON.stringify({ channel: 'error', data: text });
}

/**
 * The texts of the refusals, as Hyperliquid words them: a subscription to a coin the venue does not
 * list, one held already, an unsubscribe of one not held (hyperliquid-dex/order_book_server
 * `websocket_server.rs`: `Invalid subscription: {sub}`, `Already {un}subscribed: {sub}`, the
 * subscription as the venue writes it; "Already subscribed" recorded live in gemwalletcom/wallet#462),
 * and the per-IP limits (nktkas/hyperliquid#78).
 */
export const refusals = {
  invalid: (subscription: HyperliquidSubscription) => `Invalid subscription: ${JSON.stringify(subscription)}`,
  alreadySubscribed: (subscription: HyperliquidSubscription) => `Already subscribed: ${JSON.stringify(subscription)}`,
  alreadyUnsubscribed: (subscription: HyperliquidSubscription) => `Already unsubscribed: ${JSON.stringify(subscription)}`,
  subscriptions: (max: number) => `Cannot subscribe to more than ${max} channels.`,
  messages: (max: number) => `Cannot send more than ${max} messages per minute.`,
};
