import type { VenueLimits, WindowLimit } from '../../venue-limits.js';

/** The REST endpoints the simulated Bitget serves, each counted against its own limit per IP. */
export const BITGET_REST_ENDPOINTS = ['symbols', 'tickers', 'fills-history'] as const;
export type BitgetRestEndpoint = (typeof BITGET_REST_ENDPOINTS)[number];

/**
 * Bitget's limits as the simulator enforces them: the shared {@link VenueLimits} (connection attempts
 * per IP, channels a connection, messages a second) and Bitget's own, each absent when turned off.
 */
export interface BitgetVenueLimits extends VenueLimits {
  /** `subscribe`/`unsubscribe` requests per connection; past it `{"event":"error","code":30007}` and the connection closed. */
  readonly subscribeRequests?: WindowLimit;
  /** Connections one IP holds at once, spot and futures together; one more is answered 30007 and closed. */
  readonly connectionsPerIp?: number;
  /** Requests per IP of each REST endpoint; past it HTTP 429 `{"code":"429","msg":"Too Many Requests"}`. */
  readonly restEndpoints?: Readonly<Partial<Record<BitgetRestEndpoint, WindowLimit>>>;
}

/**
 * Bitget's documented limits (bitget.com/api-doc/common/websocket-intro, "Websocket API", Connect):
 * - "A single connection can subscribe up to 1000 Streams" (`maxTopicsPerConnection`: each argument
 *   past it refused with its own error);
 * - "Subscription limit: 240 subscription requests/Hour/connection" (`subscribeRequests`, subscribe
 *   and unsubscribe requests alike; what follows is not documented: the simulator answers Bitget's
 *   30007 "request over limit,connection close" and closes);
 * - "The Websocket server accepts up to 10 messages per second", the `ping` text included; past it
 *   "the connection will be disconnected" (`maxMessagesPerSecond`, the shared close 1008);
 * - "Max 100 connections/IP" (`connectionsPerIp`, counted over both simulated markets);
 * - "Connection limit: 300 connection requests/IP/5min" (`connectionAttempts`; the answer past it is
 *   not documented: the upgrade is refused with HTTP 429, Bitget's status for a rate limit; counted
 *   over both simulated markets' paths, as over Bitget's one URL);
 * - REST (docs "Get Symbol Info", "Get Contract Config", "Get Ticker Information": "Frequency limit:
 *   20 times/1s (IP)"; "Get Market Trades", "Get History Transactions": "10 times/1s (IP)"), past
 *   them "the HTTP status 429 is returned" (docs "Rate Limit").
 * The server also closes a connection that sent no `ping` for 2 minutes, and every connection after
 * 24 hours: those are the venue's options and configuration, not limits.
 */
export const DEFAULT_BITGET_LIMITS: BitgetVenueLimits = {
  maxTopicsPerConnection: 1000,
  maxMessagesPerSecond: 10,
  connectionAttempts: { max: 300, windowMs: 300_000, refuseStatus: 429 },
  subscribeRequests: { max: 240, windowMs: 3_600_000 },
  connectionsPerIp: 100,
  restEndpoints: {
    symbols: { max: 20, windowMs: 1_000 },
    tickers: { max: 20, windowMs: 1_000 },
    'fills-history': { max: 10, windowMs: 1_000 },
  },
};
