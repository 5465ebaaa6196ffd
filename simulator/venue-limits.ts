/** A number of events allowed per window. */
export interface WindowLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * A venue's limits as the simulator enforces them; an absent limit is not enforced. Each refusal
 * is counted by kind (`VenueCounters.refusals`).
 */
export interface VenueLimits {
  /** Topics (Binance: streams) one connection may hold, via the URL and SUBSCRIBE together. */
  readonly maxTopicsPerConnection?: number;
  /** Args of one subscribe request (Bybit spot: 10). */
  readonly maxArgsPerRequest?: number;
  /** Characters of the args one connection holds (Bybit: 21,000). */
  readonly maxArgsCharsPerConnection?: number;
  /** Incoming messages per second per connection (text, ping and pong frames); one more closes it with 1008. */
  readonly maxMessagesPerSecond?: number;
  /** Connection attempts per window per IP, refused ones included; past it upgrades are refused with `refuseStatus`. */
  readonly connectionAttempts?: WindowLimit & { readonly refuseStatus: number };
  /** REST requests per window per IP; past it 403 "access too frequent" for `banMs` (Bybit). */
  readonly restRequests?: WindowLimit & { readonly banMs: number };
}

/** What a refusal was about, for `VenueCounters.refusals`. */
export const LIMIT_KINDS = ['connectionAttempts', 'topicsPerConnection', 'messageRate', 'argsPerRequest', 'argsChars', 'restRate'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
