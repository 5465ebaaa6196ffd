import type { ExchangeId } from '../model/index.js';

/**
 * What one connection of a venue may carry and how fast it may be talked to. The venues' numbers,
 * from their documentation:
 * - Binance spot (binance-spot-api-docs `web-socket-streams.md`, "WebSocket Limits"): 1024 streams
 *   per connection; 5 incoming messages per second per connection (SUBSCRIBE, UNSUBSCRIBE, pings and
 *   pongs count; over it the connection is cut, repeat offenders are banned); 300 connection attempts
 *   per 5 minutes per IP. URLs near 8 KB and SUBSCRIBE payloads over about 4 KB go unanswered
 *   (JKorf/Binance.Net #884, unicorn-binance-websocket-api #38): keep requests to 100 streams.
 * - Bybit v5 spot (bybit-exchange/docs `docs/v5/ws/connect.mdx`, `docs/v5/rate-limit/rate-limit.mdx`):
 *   10 args per subscribe request; the args of one connection may total 21,000 characters; 500 new
 *   connections per 5 minutes.
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
  /** Connection attempts per window, per IP. */
  readonly connectionsPerWindow: number;
  /** That window, ms. */
  readonly connectionWindowMs: number;
}

/** Binance spot: 1024 streams per connection (800 used, leaving room to add listings live), 5 messages/s (3 used: pongs share them), 300 connections per 5 min. */
export const BINANCE_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 800,
  maxTopicsPerRequest: 100,
  requestsPerSecond: 3,
  connectionsPerWindow: 300,
  connectionWindowMs: 5 * 60_000,
};

/** The venue's own caps, which the configured limits may not exceed. */
export const VENUE_CAPS: Readonly<Record<ExchangeId, Pick<ConnectionLimits, 'maxTopics' | 'maxTopicsPerRequest'> & { readonly maxTopicChars?: number }>> = {
  bybit: { maxTopics: Number.POSITIVE_INFINITY, maxTopicChars: 21_000, maxTopicsPerRequest: 10 },
  binance: { maxTopics: 1024, maxTopicsPerRequest: 100 },
  binance_us: { maxTopics: 1024, maxTopicsPerRequest: 100 },
  binance_testnet: { maxTopics: 1024, maxTopicsPerRequest: 100 },
};

/**
 * Bybit spot: 21,000 characters of args per connection (20,000 used), 10 args per request, 500
 * connections per 5 min. Bybit documents no rate for subscribe requests: 10 per second brings a full
 * connection's (about 90 requests) up in under 10 s.
 */
export const BYBIT_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 1000,
  maxTopicChars: 20_000,
  maxTopicsPerRequest: 10,
  requestsPerSecond: 10,
  connectionsPerWindow: 500,
  connectionWindowMs: 5 * 60_000,
};

/** Each venue's default limits. */
export const DEFAULT_CONNECTION_LIMITS: Readonly<Record<ExchangeId, ConnectionLimits>> = {
  bybit: BYBIT_CONNECTION_LIMITS,
  binance: BINANCE_CONNECTION_LIMITS,
  binance_us: BINANCE_CONNECTION_LIMITS,
  binance_testnet: BINANCE_CONNECTION_LIMITS,
};

/** Instruments per shard at most by default: about what one Binance connection of 800 streams or one Bybit connection of 20,000 characters of topics holds at 4 streams each. */
export const DEFAULT_MAX_INSTRUMENTS_PER_SHARD = 200;
