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

/**
 * Binance spot (binance-spot-api-docs web-socket-streams.md "WebSocket Limits"): 1024 streams per
 * connection; 5 incoming messages per second (PING, PONG and JSON control messages count), over it
 * the connection is closed (observed: close 1008 "Too many requests", binance-connector-go#90);
 * 300 connection attempts per 5 minutes per IP, over it the simulator answers the upgrade 429 as
 * Binance's REST and WebSocket API answer a rate limit (web-socket-api.md "Rate limits").
 */
export const DEFAULT_BINANCE_LIMITS: VenueLimits = {
  maxTopicsPerConnection: 1024,
  maxMessagesPerSecond: 5,
  connectionAttempts: { max: 300, windowMs: 300_000, refuseStatus: 429 },
};

/**
 * Bybit v5 (docs/v5/websocket/wss-authentication.mdx "IP Limits", "Public channel - Args limits";
 * docs/v5/rate-limit/rate-limit.mdx "IP Limit"): 10 args per spot subscribe request, 21,000
 * characters of args per connection, 500 new connections per 5 minutes (refused with 403, as
 * Bybit's gateway answers a breached IP limit), REST 600 requests per 5 s per IP, over it 403
 * "access too frequent" and a wait of at least 10 minutes.
 */
export const DEFAULT_BYBIT_LIMITS: VenueLimits = {
  maxArgsPerRequest: 10,
  maxArgsCharsPerConnection: 21_000,
  connectionAttempts: { max: 500, windowMs: 300_000, refuseStatus: 403 },
  restRequests: { max: 600, windowMs: 5_000, banMs: 600_000 },
};
