import type { SubscribeRequest } from '../venue-protocol.js';
import { DERIBIT_HEARTBEAT_SECONDS } from './deribit-limits.js';
import type { DeribitCredentials, DeribitInterval } from './deribit-options.js';

/*
 * JSON-RPC 2.0 requests (docs "JSON-RPC"): `{"jsonrpc":"2.0","id":N,"method":..,"params":{..}}`, the
 * answer echoing `id`. Subscribe requests are numbered from 1 on each socket; the requests Deribit's
 * answers are not awaited for carry ids of their own, far above any count of subscribe requests.
 */

/** The id of `public/set_heartbeat`. */
export const DERIBIT_HEARTBEAT_ID = 1_000_000_001;
/** The id of `public/auth`. */
export const DERIBIT_AUTH_ID = 1_000_000_002;
/** The id of every `public/test` (the heartbeat's answer). */
export const DERIBIT_TEST_ID = 1_000_000_003;
/** The id of every `public/unsubscribe` (its answer is not awaited). */
export const DERIBIT_UNSUBSCRIBE_ID = 1_000_000_004;
/** Resubscribe requests (a book's resync) are numbered from here up, apart from the socket's own count. */
const RESUBSCRIBE_IDS = 1_100_000_000;

/** The ids of requests whose answers are not subscribe acks. */
export const DERIBIT_OWN_IDS: ReadonlySet<string> = new Set([DERIBIT_HEARTBEAT_ID, DERIBIT_AUTH_ID, DERIBIT_TEST_ID, DERIBIT_UNSUBSCRIBE_ID].map(String));

function rpc(id: number, method: string, params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** A channel: `trades.BTC-PERPETUAL.100ms` (the stream's channel, the instrument, the interval). */
export function deribitTopic(channel: string, symbol: string, interval: DeribitInterval): string {
  return `${channel}.${symbol}.${interval}`;
}

/** `public/subscribe` of `topics` under `id` (a decimal count): answered `{"id":id,"result":[the channels subscribed]}`. */
export function deribitSubscribe(topics: readonly string[], id: string): SubscribeRequest {
  return { id, topics, text: rpc(Number(id), 'public/subscribe', { channels: topics }) };
}

/** `public/unsubscribe` of `topics`; its answer is not awaited. */
export function deribitUnsubscribe(topics: readonly string[]): string {
  return rpc(DERIBIT_UNSUBSCRIBE_ID, 'public/unsubscribe', { channels: topics });
}

/**
 * Unsubscribe then subscribe one channel (a book's resync: Deribit starts a subscribed book with a
 * snapshot). The subscribe's id is numbered apart (`requestId` ends with the feed's count of resubscriptions).
 */
export function deribitResubscribe(topic: string, requestId: string): { readonly unsubscribe: string; readonly subscribe: SubscribeRequest } {
  const count = /(\d+)$/.exec(requestId)?.[1];
  const id = String(RESUBSCRIBE_IDS + (count === undefined ? 0 : Number(count) % 100_000_000));
  return { unsubscribe: deribitUnsubscribe([topic]), subscribe: deribitSubscribe([topic], id) };
}

/** `public/set_heartbeat {"interval":10}`: Deribit then sends a `test_request` every 10 s. */
export const DERIBIT_SET_HEARTBEAT = rpc(DERIBIT_HEARTBEAT_ID, 'public/set_heartbeat', { interval: DERIBIT_HEARTBEAT_SECONDS });

/** The answer to a `test_request`. */
export const DERIBIT_TEST = rpc(DERIBIT_TEST_ID, 'public/test', {});

/**
 * `public/auth` with `grant_type=client_credentials` (docs "public/auth"): the only text that holds the
 * secret, sent on the socket and never logged.
 */
export function deribitAuth(credentials: DeribitCredentials): string {
  return rpc(DERIBIT_AUTH_ID, 'public/auth', { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
}
