import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Binance options' market streams (developers.binance.com, derivatives/option/websocket-market-streams,
 * "Connect"): "A single connection can listen to a maximum of 200 streams"; "WebSocket connections have
 * a limit of 10 incoming messages per second", over which the connection is cut and repeat offenders'
 * IPs banned; "A single connection is only valid for 24 hours"; the server sends a ping frame every 5
 * minutes and closes a connection that has not answered with a pong within 15 (3 and 10 in the
 * 2023-10-19 changelog; the socket answers every ping at once either way). Requests of 100 streams as on every
 * Binance socket (payloads over about 4 KB go unanswered, JKorf/Binance.Net #884).
 */
export const BINANCE_OPTION_CAPS: VenueCaps = { maxTopics: 200, maxTopicsPerRequest: 100 };

/**
 * A Binance options connection (each route's socket is one): the documented 200 streams; 5 requests a
 * second, half the venue's 10 incoming messages, leaving the rest to pongs; 300 connection attempts per
 * 5 minutes per IP, which the options pages do not state: spot's documented figure, assumed as for USD-M
 * (the same `fstream` host since 2025-12-17).
 */
export const BINANCE_OPTION_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 200,
  maxTopicsPerRequest: 100,
  requestsPerSecond: 5,
  connectionsPerWindow: 300,
  connectionWindowMs: 5 * 60_000,
};

/**
 * The options REST budget: 2,400 request weight per minute per IP (options "Exchange Information",
 * `rateLimits` `REQUEST_WEIGHT`; ccxt's older recorded answer says 400), reported in `X-MBX-USED-WEIGHT-1M`.
 */
export const BINANCE_OPTION_WEIGHT_PER_MINUTE = 2400;

/** Request weights of the endpoints read (ccxt's `eapiPublic` table; options "Market Data" pages). */
export const BINANCE_OPTION_WEIGHTS = { exchangeInfo: 1, ticker: 5, trades: 5, historicalTrades: 20 } as const;
