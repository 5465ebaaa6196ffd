import type { VenueLimits, WindowLimit } from '../../venue-limits.js';

/** The REST endpoints the simulated OKX serves, each counted against its own limit. */
export const OKX_REST_ENDPOINTS = ['instruments', 'tickers', 'ticker', 'trades', 'history-trades'] as const;
export type OkxRestEndpoint = (typeof OKX_REST_ENDPOINTS)[number];

/**
 * OKX's limits as the simulator enforces them: the shared {@link VenueLimits} (connection attempts
 * per IP) and OKX's own, each absent when turned off.
 */
export interface OkxVenueLimits extends VenueLimits {
  /** `subscribe`/`unsubscribe` requests per connection; past it `{"event":"error","code":"60014"}` and the connection closed. */
  readonly subscribeRequests?: WindowLimit;
  /** Requests per IP of each REST endpoint (`instruments` per IP and `instType`); past it HTTP 429 `{"code":"50011"}`. */
  readonly restEndpoints?: Readonly<Partial<Record<OkxRestEndpoint, WindowLimit>>>;
}

/**
 * OKX v5 (docs-v5/en, pages as stored on 2026-07-02 to 2026-07-21):
 * - `#overview-websocket-connect`: "Connection limit: 3 requests per second (based on IP)"; the
 *   answer past it is not documented: the simulator refuses the upgrade with HTTP 429, OKX's REST
 *   status for a rate limit (`#error-code-rest-api-public`: 50011, HTTP 429 "Too Many Requests").
 * - the same page: "The total number of 'subscribe'/'unsubscribe'/'login' requests per connection is
 *   limited to 480 times per hour". What follows is not documented; the simulator answers OKX's
 *   "Requests too frequent" error (60014, `#error-code-websocket-public`, as a client recorded it:
 *   ccxt/ccxt#25373) and closes the connection (its own choice, see `okx-sessions.ts`).
 * - REST, "Rate limit rule: IP": `GET /api/v5/market/history-trades` 20 requests per 2 seconds
 *   (`#order-book-trading-market-data-get-trades-history`), `/market/tickers` and `/market/ticker`
 *   20 per 2 s (`#order-book-trading-market-data-get-ticker`), `/market/trades` 100 per 2 s
 *   (`#order-book-trading-market-data-get-trades`), `/public/instruments` 20 per 2 s per IP and
 *   instrument type (`#public-data-rest-api-get-instruments`).
 */
export const DEFAULT_OKX_LIMITS: OkxVenueLimits = {
  connectionAttempts: { max: 3, windowMs: 1_000, refuseStatus: 429 },
  subscribeRequests: { max: 480, windowMs: 3_600_000 },
  restEndpoints: {
    instruments: { max: 20, windowMs: 2_000 },
    tickers: { max: 20, windowMs: 2_000 },
    ticker: { max: 20, windowMs: 2_000 },
    trades: { max: 100, windowMs: 2_000 },
    'history-trades': { max: 20, windowMs: 2_000 },
  },
};
