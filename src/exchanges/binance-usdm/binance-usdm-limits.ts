import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Binance USD-M (developers.binance.com, derivatives/usds-margined-futures/websocket-market-streams):
 * "A single connection can listen to a maximum of 1024 streams"; 10 incoming messages per second per
 * connection (pongs count; over it the connection is cut, repeat offenders are banned); a connection
 * lives 24 h at most; the server pings every 3 minutes and closes a connection that has not answered
 * within 10. Older documentation (the futures changelog of 2020-10-27) said 200 streams, and ccxt
 * (`streamLimits.future`) and nautilus_trader ("Max streams: 200 per connection") still cap there.
 * Requests of 100 streams as on spot (payloads over about 4 KB go unanswered, JKorf/Binance.Net #884).
 */
export const BINANCE_USDM_CAPS: VenueCaps = { maxTopics: 1024, maxTopicsPerRequest: 100 };

/**
 * Binance USD-M, per connection (each route's socket is one): 200 streams by default, the figure every
 * peer runs with and the older documentation gave, so a venue that still enforces it refuses nothing
 * (up to the documented 1024 with `--binance-usdm-max-streams`); 5 requests a second, half the venue's
 * 10, leaving the rest to pongs; 300 connection attempts per 5 minutes per IP, which the USD-M pages do
 * not state: spot's documented figure is assumed (nautilus_trader applies one quota to both).
 */
export const BINANCE_USDM_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 200,
  maxTopicsPerRequest: 100,
  requestsPerSecond: 5,
  connectionsPerWindow: 300,
  connectionWindowMs: 5 * 60_000,
};

/**
 * USD-M's REST budget: 2,400 request weight per minute per IP (the `REQUEST_WEIGHT` limit of
 * `GET /fapi/v1/exchangeInfo`'s `rateLimits`; crypto-rest-client "2400 request weight per minute"),
 * counted apart from spot's and reported in `X-MBX-USED-WEIGHT-1M`.
 */
export const BINANCE_USDM_WEIGHT_PER_MINUTE = 2400;
