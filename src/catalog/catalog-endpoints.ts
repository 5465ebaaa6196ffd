import { BINANCE_REST_URL, BINANCE_TESTNET_REST_URL, BINANCE_US_REST_URL } from '../exchanges/binance/binance-book-plan.js';
import type { RestWeightPacerConfig } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId } from '../model/market-record.js';
import { BINANCE_REST_DIALECT } from '../exchanges/binance/binance-rest-dialect.js';
import { readBinanceExchangeInfo } from '../exchanges/binance/binance-listings.js';
import { readBinanceQuoteVolumes } from '../exchanges/binance/binance-quote-volumes.js';
import { BYBIT_IP_BAN_MS } from '../exchanges/bybit/bybit-access-too-frequent-error.js';
import { BYBIT_REST_DIALECT } from '../exchanges/bybit/bybit-rest-dialect.js';
import { readBybitInstrumentsInfo } from '../exchanges/bybit/bybit-listings.js';
import { readBybitQuoteVolumes } from '../exchanges/bybit/bybit-quote-volumes.js';
import type { ListingsRead } from './listings-read.js';
import type { QuoteVolumes } from './quote-volumes.js';
import type { RestDialect } from './rest-dialect.js';

/** Bybit v5 REST, mainnet. */
export const BYBIT_REST_URL = 'https://api.bybit.com';

/** One list a venue serves: where, what it costs, how its body is read. */
export interface CatalogEndpoint<T> {
  /** Path and query after the REST base URL. */
  readonly path: string;
  /** Request weight the venue charges (Bybit counts requests: 1). */
  readonly weight: number;
  readonly read: (json: unknown, exchange: ExchangeId) => T;
}

/** A venue's lists and the REST rules they are read under. */
export interface VenueCatalogEndpoints {
  /** The venue's REST base URL unless configured otherwise. */
  readonly restUrl: string;
  readonly dialect: RestDialect;
  /** The venue's REST budget in the pacer's terms. */
  readonly pacer: Partial<RestWeightPacerConfig>;
  /** Every spot instrument with its state, tick size and lot step. */
  readonly listings: CatalogEndpoint<ListingsRead>;
  /** 24 h quote volume per symbol, for ranking. */
  readonly volumes: CatalogEndpoint<QuoteVolumes>;
}

/**
 * Bybit: 600 requests per 5 s per IP (bybit-exchange/docs `docs/v5/rate-limit/rate-limit.mdx`). The
 * pacer counts per minute, so each request weighs 1 against 7,200 a minute, and starts at least
 * 10 ms apart, which alone keeps any 5 s below 500; a 403 bans for `BYBIT_IP_BAN_MS`.
 */
export const BYBIT_REST_PACER_CONFIG = { weightPerMinute: 7200, minIntervalMs: 10, banBackoffMs: BYBIT_IP_BAN_MS } as const satisfies Partial<RestWeightPacerConfig>;

/**
 * Binance `GET /api/v3/exchangeInfo` (all statuses, so halts are seen) and `GET /api/v3/ticker/24hr`
 * (all symbols): weights 20 and 80 on Binance and the spot testnet (binance-spot-api-docs
 * `rest-api.md`, `testnet/rest-api.md`), 10 and 40 on Binance US (binance-us-api-docs `rest-api.md`),
 * whose `REQUEST_WEIGHT` limit the same page gives as 1,200 a minute against Binance's 6,000.
 */
function binanceFamily(restUrl: string, listingsWeight: number, volumesWeight: number, pacer: Partial<RestWeightPacerConfig> = {}): VenueCatalogEndpoints {
  return {
    restUrl,
    dialect: BINANCE_REST_DIALECT,
    pacer,
    listings: { path: '/api/v3/exchangeInfo', weight: listingsWeight, read: readBinanceExchangeInfo },
    volumes: { path: '/api/v3/ticker/24hr', weight: volumesWeight, read: (json) => readBinanceQuoteVolumes(json) },
  };
}

/** Every venue's lists; a venue missing here fails to compile. */
export const CATALOG_ENDPOINTS: Readonly<Record<ExchangeId, VenueCatalogEndpoints>> = {
  bybit: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: '/v5/market/instruments-info?category=spot', weight: 1, read: readBybitInstrumentsInfo },
    volumes: { path: '/v5/market/tickers?category=spot', weight: 1, read: (json) => readBybitQuoteVolumes(json) },
  },
  binance: binanceFamily(BINANCE_REST_URL, 20, 80),
  binance_us: binanceFamily(BINANCE_US_REST_URL, 10, 40, { weightPerMinute: 1200 }),
  binance_testnet: binanceFamily(BINANCE_TESTNET_REST_URL, 20, 80),
};

/** `restUrl` + `path`, without a doubled slash. */
export function endpointUrl(restUrl: string, endpoint: CatalogEndpoint<unknown>): string {
  return `${restUrl.replace(/\/+$/, '')}${endpoint.path}`;
}
