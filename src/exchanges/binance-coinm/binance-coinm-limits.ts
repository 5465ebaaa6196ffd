import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Binance COIN-M (developers.binance.com, derivatives/coin-margined-futures/websocket-market-streams;
 * research scale-out.md "Binance USDⓈ-M / COIN-M futures"): 10 incoming messages per second per
 * connection and 1024 streams per connection, as on USD-M; a connection lives 24 h at most; the server
 * pings every 3 minutes. Unlike USD-M, `wss://dstream.binance.com` is not split into routes (ccxt #28091:
 * "Coin-M (delivery) ... remain unchanged"). Requests of 100 streams as on spot and USD-M.
 */
export const BINANCE_COINM_CAPS: VenueCaps = { maxTopics: 1024, maxTopicsPerRequest: 100 };

/**
 * Binance COIN-M, per connection: 200 streams by default, the figure the older documentation gave and
 * peers run with (ccxt `streamLimits.delivery`, nautilus_trader "Max streams: 200 per connection"), up
 * to the documented 1024 with `--binance-coinm-max-streams`; 5 requests a second, half the venue's 10,
 * leaving the rest to pongs; 300 connection attempts per 5 minutes per IP, spot's documented figure
 * assumed as for USD-M (the futures pages state none).
 */
export const BINANCE_COINM_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 200,
  maxTopicsPerRequest: 100,
  requestsPerSecond: 5,
  connectionsPerWindow: 300,
  connectionWindowMs: 5 * 60_000,
};

/**
 * COIN-M's REST budget: 2,400 request weight per minute per IP (the `REQUEST_WEIGHT` limit of
 * `GET /dapi/v1/exchangeInfo`'s `rateLimits`; crypto-rest-client `BinanceInverseRestClient`: "2400
 * request weight per minute"), counted apart from spot's and USD-M's, reported in `X-MBX-USED-WEIGHT-1M`.
 */
export const BINANCE_COINM_WEIGHT_PER_MINUTE = 2400;

/**
 * Request weights of the COIN-M REST reads (the "Market Data Endpoints" pages of the COIN-M docs, the
 * same as USD-M's): `exchangeInfo` 1, `ticker/24hr` without a symbol 40, `aggTrades` 20, `openInterest` 1.
 */
export const BINANCE_COINM_WEIGHTS = { exchangeInfo: 1, ticker24hr: 40, aggTrades: 20, openInterest: 1 } as const;
