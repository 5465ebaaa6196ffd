import type { VenueLimits, WindowLimit } from '../../venue-limits.js';

/**
 * Hyperliquid's limits as the simulator enforces them: the shared {@link VenueLimits} (new connections
 * per IP) and Hyperliquid's own, each absent when turned off. Every client of the simulator comes from
 * 127.0.0.1, so the venue counts its connections, subscriptions and messages as one IP's.
 */
export interface HyperliquidVenueLimits extends VenueLimits {
  /** Connections one IP holds open at once; a connection past it is closed as soon as it opens (1008). */
  readonly maxOpenConnections?: number;
  /** Subscriptions one IP holds over all its connections; past it the error "Cannot subscribe to more than 1000 channels." */
  readonly maxSubscriptions?: number;
  /** Messages one IP sends over all its connections per window; past it the error "Cannot send more than 2000 messages per minute." and the message is not taken. */
  readonly messagesPerWindow?: WindowLimit;
  /** `POST /info` weight per IP per window; a request past it is answered HTTP 429 and costs nothing. */
  readonly restWeight?: WindowLimit;
}

/**
 * Hyperliquid's per-IP limits ("Rate limits and user limits", hyperliquid.gitbook.io
 * `for-developers/api/rate-limits`): "REST requests share an aggregated weight limit of 1200 per
 * minute", "Maximum of 1000 websocket subscriptions", "Maximum of 2000 messages sent to Hyperliquid per
 * minute across all websocket connections"; its current connection limits, 10 websocket connections
 * at once and 30 new ones a minute (the stored copy of the page still says 100 connections), as the
 * Rust clients guilder-client-hyperliquid 0.2.0 (README, "WebSocket API") and df-hyperliquid-core
 * 0.0.9 (`live/session/limits.rs`) and the docs checked 2026-08-16 (shared research, §1.5) give them.
 * What the venue does past them: the subscription and message limits answer `{"channel":"error"}`
 * with the texts a client recorded (nktkas/hyperliquid#78: "Cannot subscribe to more than 1000
 * channels.", "Cannot send more than 2000 messages per minute."); the REST limit answers HTTP 429
 * (nomeida/hyperliquid#93, nktkas/hyperliquid#76). Past the connection limits nothing is documented:
 * the simulator takes the strict reading, refusing the 31st upgrade of a minute with 429 (refused
 * attempts count, as the gate counts them) and closing an 11th open connection at once (1008).
 */
export const DEFAULT_HYPERLIQUID_LIMITS: HyperliquidVenueLimits = {
  connectionAttempts: { max: 30, windowMs: 60_000, refuseStatus: 429 },
  maxOpenConnections: 10,
  maxSubscriptions: 1000,
  messagesPerWindow: { max: 2000, windowMs: 60_000 },
  restWeight: { max: 1200, windowMs: 60_000 },
};

/**
 * The weight of each `POST /info` request the simulator serves (the rate-limits page): "All other
 * documented info requests have weight 20" (`meta`, `metaAndAssetCtxs`, `recentTrades`), and
 * `recentTrades` has "an additional rate limit weight per 20 items returned in the response", read
 * here strictly as one more for each 20 items begun (10 trades weigh 21).
 */
export const INFO_BASE_WEIGHT = 20;
export const INFO_ITEMS_PER_EXTRA_WEIGHT = 20;

/** The weight of a `recentTrades` answer of `items` trades. */
export function recentTradesWeight(items: number): number {
  return INFO_BASE_WEIGHT + Math.ceil(items / INFO_ITEMS_PER_EXTRA_WEIGHT);
}
