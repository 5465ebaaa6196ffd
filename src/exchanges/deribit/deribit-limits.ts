import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/*
 * Deribit's limits (support.deribit.com "Rate Limits", article 25944617523357, and docs.deribit.com
 * "Rate limits"; the per-IP connection count from support.deribit.com article 25944603459613):
 * - "up to 32 simultaneous connections per IP", HTTP requests and WebSocket connections counted together;
 * - non-matching-engine requests (every public call: `get_instruments`, `get_last_trades_by_instrument`,
 *   `public/auth`, `public/test`): 500 credits each, a pool of 50,000 refilled at 10,000 a second (about
 *   20 requests a second, bursts of 100);
 * - `public/subscribe` and `public/unsubscribe`: 3,000 credits each from a pool of 30,000 refilled at
 *   10,000 a second ("about 3.3 requests a second", bursts of 10);
 * - a request made with no credit left is answered `too_many_requests` (code 10028) and the session is
 *   terminated.
 */

/** Connections one IP may hold to Deribit, both venues together (`deribit` and `deribit_options`). */
export const DERIBIT_MAX_CONNECTIONS = 32;

/**
 * Channels in one `public/subscribe`: past about 250 Deribit answers "request entity too large"
 * (tmatic-trading/crypto-platform#439, 2025-01-17: 250 channels a call worked, more failed).
 */
export const DERIBIT_MAX_CHANNELS_PER_REQUEST = 250;

/**
 * Channels one connection holds. Deribit documents no cap per connection; 500 is chosen so that a
 * connection is up in 2 subscribe calls of 250 (well inside the burst of 10), a reconnect of every
 * connection of an IP (32 x 2 calls) stays within the sustained rate in about 20 s, and one socket
 * carries 100 to 250 instruments (5 channels each with books on `deribit`, 2 for an option): an option
 * chain of thousands of channels is spread over several connections of the 32.
 */
export const DERIBIT_CHANNELS_PER_CONNECTION = 500;

/** The most one connection may be set to: 4 calls of 250 (Deribit sets no number; more makes a longer reconnect). */
export const DERIBIT_CAPS: VenueCaps = { maxTopics: 1000, maxTopicsPerRequest: DERIBIT_MAX_CHANNELS_PER_REQUEST };

/**
 * Per connection: 500 channels, 250 a call, 2 subscribe calls a second (the IP may make 3.3 a second
 * sustained: two connections subscribing at once stay within it, and the pool of 10 absorbs more);
 * 5 connection attempts every 3 s over both Deribit venues (Deribit documents no attempt rate; each
 * connection then makes 2 subscribe calls: 5 connections at once are the credit pool's burst of 10
 * calls, and 5 every 3 s is the sustained 3.3 calls a second, so an IP's reconnecting sockets never
 * pass the subscribe rate, and a drop of all 30 is served again within about 18 s).
 */
export const DERIBIT_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: DERIBIT_CHANNELS_PER_CONNECTION,
  maxTopicsPerRequest: DERIBIT_MAX_CHANNELS_PER_REQUEST,
  requestsPerSecond: 2,
  connectionsPerWindow: 5,
  connectionWindowMs: 3_000,
};

/**
 * What the shard plan keeps within per IP: 32 connections (less 2 kept for REST requests, which Deribit
 * counts among them), of 500 channels each.
 */
export const DERIBIT_PER_IP = {
  maxConnections: DERIBIT_MAX_CONNECTIONS - 2,
  maxTopics: (DERIBIT_MAX_CONNECTIONS - 2) * DERIBIT_CHANNELS_PER_CONNECTION,
} as const;

/**
 * The heartbeat interval asked with `public/set_heartbeat`, seconds: Deribit then sends a `test_request`
 * every 10 s and closes the socket unless `public/test` answers it (docs "public/set_heartbeat": the
 * smallest interval allowed is 10).
 */
export const DERIBIT_HEARTBEAT_SECONDS = 10;

/**
 * Deribit's REST budget in the pacer's terms: each public request weighs 1 (500 credits); the pool of
 * 50,000 refills at 10,000 a second, about 1,200 requests a minute; the pacer holds to 600 (half: the
 * same IP's sockets spend credits on `public/test` and `public/auth`) and starts requests at least 100 ms
 * apart; a refusal (HTTP 429, code 10028) backs off from 2 s, doubling.
 */
export const DERIBIT_REST_PACER_CONFIG = { weightPerMinute: 600, minIntervalMs: 100, backoffInitialMs: 2000 } as const;
