import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * OKX v5 WebSocket, per connection (docs "Overview > WebSocket > Connect" and "Subscribe"; quoted in
 * nautilus_trader's `OKX_WS_QUOTA` and `OKX_WS_SUBSCRIPTION_QUOTA` docs, nautilustrader.io
 * `nautilus_okx/websocket/client/static.OKX_WS_SUBSCRIPTION_QUOTA.html`: "480 requests per hour per
 * connection ... applies to subscribe/unsubscribe/login operations", and skip-mev/slinky
 * `providers/websockets/okx/README.md`): "the total length of multiple channels cannot exceed 64 KB" in one
 * request, and "the total number of 'subscribe'/'unsubscribe'/'login' requests per connection is limited
 * to 480 times per hour". OKX caps no number of public channels per connection.
 */
export const OKX_MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Subscribe, unsubscribe and login requests one connection may send in an hour (same sources), counted
 * by the socket in a rolling hour; past it OKX answers 60014 "Requests too frequent".
 */
export const OKX_REQUESTS_PER_HOUR = 480;

/**
 * Topics per request. The longest arg the client sends is about 70 bytes
 * (`{"channel":"open-interest","instId":"1000SATS-USDT-SWAP"}`: 57), so 100 make a request of about
 * 7 KB, a ninth of the 64 KB OKX takes; a full connection (400 topics) is up in 4 requests, leaving
 * nearly all of the 480 an hour to book resyncs (2 requests each) and listing changes.
 */
export const OKX_TOPICS_PER_REQUEST = 100;

/**
 * What one OKX connection may be set to at most: no per-connection channel count is documented, so
 * the caps are what keeps the hourly count of requests far from 480 (a connection of 2,000 topics
 * takes 20 requests) and a request under 64 KB (900 args of 70 bytes).
 */
export const OKX_CAPS: VenueCaps = { maxTopics: 2000, maxTopicsPerRequest: 900 };

/**
 * OKX, per connection (each route's socket, `/public` and `/business`, is one): 400 topics (100 spot
 * instruments with trades, ticker, best bid/ask and book; Bybit's and Binance's connections hold about
 * as many); 100 topics per request (`OKX_TOPICS_PER_REQUEST`); 2 requests a second (OKX documents no
 * rate per second for subscribing) and 480 in any rolling hour (`OKX_REQUESTS_PER_HOUR`: a connection
 * resyncing many books waits rather than being refused); connection requests "3 requests per second (based on IP)" (docs "Connection limit"),
 * spread here as 3 per 1.5 s so that two seconds' edges counted by the venue never see 4.
 */
export const OKX_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 400,
  maxTopicsPerRequest: OKX_TOPICS_PER_REQUEST,
  requestsPerSecond: 2,
  requestsPerHour: OKX_REQUESTS_PER_HOUR,
  connectionsPerWindow: 3,
  connectionWindowMs: 1500,
};

/**
 * OKX public REST, per IP: every market endpoint the client calls (`GET /api/v5/public/instruments`,
 * `/api/v5/market/tickers`, `/api/v5/market/history-trades`) allows "20 requests per 2 seconds" (docs,
 * each endpoint's "Rate Limit"; `/api/v5/public/instruments` counts per IP and instType). The pacer
 * counts per minute: each request weighs 1 against 480 a minute (four fifths of 600), and starts at
 * least 120 ms apart, so no 2 s holds more than 17. An HTTP 429 (code 50011, "Rate limit reached")
 * backs off from 2 s, doubling.
 */
export const OKX_REST_PACER_CONFIG = { weightPerMinute: 480, minIntervalMs: 120, backoffInitialMs: 2000 } as const;
