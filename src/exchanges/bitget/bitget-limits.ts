import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Bitget's public WebSocket (docs "Websocket API", bitget.com/api-doc/common/websocket-intro, Connect, as
 * stored in sebastianganser/Bitget_API `common/websocket-intro.md`): "Subscription limit: 240 subscription
 * requests/Hour/connection, Max 1000 channel subscription/connection", "The Websocket server accepts up to
 * 10 messages per second" (the `ping` text and every subscribe or unsubscribe), "Connection limit: 300
 * connection requests/IP/5min, Max 100 connections/IP". The caps: 1,000 topics a connection; 100
 * arguments a request.
 */
export const BITGET_CAPS: VenueCaps = { maxTopics: 1000, maxTopicsPerRequest: 100 };

/**
 * Subscribe and unsubscribe requests one connection may send in an hour (docs: "240 subscription
 * requests/Hour/connection"; the unsubscribes are counted too, as the simulator does, since the docs
 * do not say they are free). Past it Bitget answers 30007 "request over limit,connection close".
 */
export const BITGET_REQUESTS_PER_HOUR = 240;

/** Connections one IP may hold at once (docs: "Max 100 connections/IP"). */
export const BITGET_MAX_CONNECTIONS_PER_IP = 100;

/**
 * Per connection: 400 topics (100 instruments with trades, ticker, best bid/ask and book, as Bybit's and
 * OKX's connections hold about as many); 50 arguments a request, so a full connection is up in 8 requests
 * and nearly all of the 240 an hour are left to book resyncs (2 requests each: unsubscribe, subscribe) and
 * listing changes; those 240 counted in a rolling hour, so that a connection resyncing many books waits
 * rather than being closed; 2 requests a second, with the `ping` every 25 s far inside the 10 messages a
 * second; connection attempts 250 per 5 minutes, under the 300 an IP may make.
 */
export const BITGET_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 400,
  maxTopicsPerRequest: 50,
  requestsPerSecond: 2,
  requestsPerHour: BITGET_REQUESTS_PER_HOUR,
  connectionsPerWindow: 250,
  connectionWindowMs: 300_000,
};

/**
 * Bitget public REST, per IP: the lists 20 requests a second (docs "Get Symbol Info", "Get Contract
 * Config"), tickers 20 a second, trade history 10 a second (docs "Get Market Trades", "Get History
 * Transactions"). The pacer counts per minute: each request weighs 1 against 480 a minute, at least
 * 110 ms apart, so no second holds more than 10. An HTTP 429 backs off from 2 s, doubling.
 */
export const BITGET_REST_PACER_CONFIG = { weightPerMinute: 480, minIntervalMs: 110, backoffInitialMs: 2000 } as const;
