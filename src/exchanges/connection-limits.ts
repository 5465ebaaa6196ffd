/**
 * What one connection of a venue may carry and how fast it may be talked to. Each venue gives its
 * numbers, with their sources, in its folder (`bybit/bybit-limits.ts`, `binance/binance-limits.ts`)
 * and its definition.
 */
export interface ConnectionLimits {
  /** Topics (streams) one connection may hold; the venue's cap or less. */
  readonly maxTopics: number;
  /** Characters of topic names one connection may hold (Bybit's 21,000), when the venue counts them. */
  readonly maxTopicChars?: number;
  /** Topics in one subscribe or unsubscribe request. */
  readonly maxTopicsPerRequest: number;
  /** Subscribe and unsubscribe requests one connection may send per second. */
  readonly requestsPerSecond: number;
  /**
   * Subscribe and unsubscribe requests one connection may send in any rolling hour, where the venue
   * caps them (Bitget 240, OKX 480): the socket delays a request past it, never drops it. Absent: none.
   */
  readonly requestsPerHour?: number;
  /** Connection attempts per window, per IP. */
  readonly connectionsPerWindow: number;
  /** That window, ms. */
  readonly connectionWindowMs: number;
}

/** A venue's own caps, which the configured limits may not exceed. */
export type VenueCaps = Pick<ConnectionLimits, 'maxTopics' | 'maxTopicsPerRequest'> & { readonly maxTopicChars?: number };

/** Instruments per shard at most by default: about what one Binance connection of 800 streams or one Bybit connection of 20,000 characters of topics holds at 4 streams each. */
export const DEFAULT_MAX_INSTRUMENTS_PER_SHARD = 200;
