import type { VenueLimits } from '../../venue-limits.js';

/** A credit pool: each request costs `cost`, the pool holds at most `max` and refills `refillPerSecond` continuously. */
export interface CreditPool {
  readonly cost: number;
  readonly max: number;
  readonly refillPerSecond: number;
}

/**
 * Deribit's limits as the simulator enforces them, per IP (every client of the simulator is
 * 127.0.0.1, and `deribit` and `deribit_options` share them as the venue does); each absent when off.
 */
export interface DeribitVenueLimits extends VenueLimits {
  /** Connections one IP holds open at once; one past it is closed as soon as it opens (1008). */
  readonly maxOpenConnections?: number;
  /** `public/subscribe` calls' credits; past them error 10028 `too_many_requests` and the socket closed. */
  readonly subscribeCredits?: CreditPool;
  /** Every other request's credits (socket and REST); past them error 10028 (socket: then closed; REST: HTTP 429). */
  readonly requestCredits?: CreditPool;
  /** Channels of one `public/subscribe`; past it error -32600 `request entity too large`. */
  readonly maxChannelsPerSubscribe?: number;
  /** Bytes of one socket frame or REST request; past it error -32600 `request entity too large`. */
  readonly maxFrameBytes?: number;
}

/**
 * Deribit's documented limits:
 * - 32 connections at once per IP (support.deribit.com 25944603459613, "Connection Management": "each
 *   IP address is limited to 32 simultaneous connections"; shared research §1.5). What happens past it
 *   is not documented: the simulator closes the 33rd at once with 1008.
 * - Credits (docs.deribit.com `articles/rate-limits`, "Credit-Based System": "If a request arrives when
 *   no credits remain, we immediately send a too_many_requests (code 10028) ... error and terminate
 *   the session"): `public/subscribe` costs 3,000 of a pool of 30,000 refilled at 10,000 a second
 *   (about 3.3 calls a second, 10 at once; nautilus_deribit `DERIBIT_WS_SUBSCRIPTION_QUOTA`, citing
 *   support.deribit.com 25944617523357), every other request 500 of 50,000 refilled at 10,000 a
 *   second (20 a second, 100 at once; nautilus_deribit `DERIBIT_HTTP_REST_QUOTA`).
 * - 32 kB a frame or request body: error -32600 `"request entity too large"` (docs.deribit.com
 *   `articles/errors`: "body size in POST request or single frame in websocket connection frame exceeds
 *   the limit (32 kB)").
 * - 250 channels a `public/subscribe`: not documented; calls of up to 250 worked where longer lists
 *   failed with "request entity too large" (tmatic-trading/crypto-platform#439, 2025-01-17). The
 *   simulator takes the strict reading and refuses a call of 251 channels with the same error, however
 *   short its frame.
 */
export const DEFAULT_DERIBIT_LIMITS: DeribitVenueLimits = {
  maxOpenConnections: 32,
  subscribeCredits: { cost: 3_000, max: 30_000, refillPerSecond: 10_000 },
  requestCredits: { cost: 500, max: 50_000, refillPerSecond: 10_000 },
  maxChannelsPerSubscribe: 250,
  maxFrameBytes: 32 * 1024,
};
