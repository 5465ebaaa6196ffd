import type { VenueDefinition, VenueOwnOptions } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { OKX_CAPS, OKX_CONNECTION_LIMITS, OKX_REST_PACER_CONFIG } from './okx-limits.js';
import {
  OKX_SPOT_INSTRUMENTS_PATH,
  OKX_SWAP_INSTRUMENTS_PATH,
  readOkxQuoteVolumes,
  readOkxSpotInstruments,
  readOkxSwapInstruments,
  splitOkxSwapSymbol,
} from './okx-listings.js';
import { OKX_GEO_BLOCKED_HINT, OKX_OPTIONS, OKX_REGION_OPTION, okxHosts } from './okx-options.js';
import { OKX_WS_URL, okxProtocol, okxSwapProtocol } from './okx-protocol.js';
import { OKX_REST_DIALECT } from './okx-rest-dialect.js';
import { okxTradeHistory } from './okx-trade-history.js';

export { OKX_WS_URL } from './okx-protocol.js';

/** OKX v5 REST of the global hosts. */
export const OKX_REST_URL = okxHosts('global').rest;

/** Both OKX venues' options; the region picks their hosts. */
const OKX_OWN_OPTIONS = { table: OKX_OPTIONS, urlsOf: (options) => okxHosts(optionValue(options, OKX_REGION_OPTION)) } as const satisfies VenueOwnOptions;

/**
 * OKX v5 spot. Every fill comes on `trades-all` with a trade id consecutive per instrument (docs "All
 * trades channel"; okx-trades.ndjson 338476307..338476327), so holes are found by id and repaired by id
 * from `GET /api/v5/market/history-trades` (`okxTradeHistory`). The hosts follow `--okx-region`
 * (global, us, eea); a host that refuses the user's region is `geo_blocked`, with the hint to set it.
 */
export const okxVenue: VenueDefinition = {
  name: 'OKX',
  market: 'spot',
  ws: { url: OKX_WS_URL, description: 'OKX v5 WebSocket base (routes /public and /business follow it; default: the --okx-region host)' },
  geoBlockedHint: OKX_GEO_BLOCKED_HINT,
  restDescription: 'OKX v5 REST API (instruments, 24 h tickers, trade history; default: the --okx-region host)',
  protocol: okxProtocol,
  ownOptions: OKX_OWN_OPTIONS,
  connectionLimits: OKX_CONNECTION_LIMITS,
  caps: OKX_CAPS,
  catalog: {
    restUrl: OKX_REST_URL,
    dialect: OKX_REST_DIALECT,
    pacer: OKX_REST_PACER_CONFIG,
    listings: { path: OKX_SPOT_INSTRUMENTS_PATH, weight: 1, read: readOkxSpotInstruments },
    volumes: { path: '/api/v5/market/tickers?instType=SPOT', weight: 1, read: (json) => readOkxQuoteVolumes(json) },
  },
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: (access) => okxTradeHistory(access, 'base'),
};

/**
 * OKX v5 linear perpetual swaps (`BTC-USDT-SWAP`, keyed `BTC-USDT-PERP`), a venue of its own beside
 * spot with spot's hosts, options and per-IP limits (`sharesLimitsOf`: one IP's REST requests and
 * connection requests are counted across both). Quantities are contracts on the wire and the base
 * asset in every record (the listing's `ctVal`). Trade ids are consecutive as on spot.
 */
export const okxSwapVenue: VenueDefinition = {
  name: 'OKX swaps',
  market: 'linear',
  ws: { url: OKX_WS_URL, description: 'OKX v5 WebSocket base for swaps (routes /public and /business; default: the --okx-region host)' },
  geoBlockedHint: OKX_GEO_BLOCKED_HINT,
  restDescription: 'OKX v5 REST API for swaps (instruments, 24 h tickers, trade history; default: the --okx-region host)',
  protocol: okxSwapProtocol,
  ownOptions: OKX_OWN_OPTIONS,
  connectionLimits: OKX_CONNECTION_LIMITS,
  caps: OKX_CAPS,
  sharesLimitsOf: 'okx',
  catalog: {
    restUrl: OKX_REST_URL,
    dialect: OKX_REST_DIALECT,
    pacer: OKX_REST_PACER_CONFIG,
    listings: { path: OKX_SWAP_INSTRUMENTS_PATH, weight: 1, read: readOkxSwapInstruments },
    volumes: { path: '/api/v5/market/tickers?instType=SWAP', weight: 1, read: (json) => readOkxQuoteVolumes(json) },
  },
  splitUnlisted: splitOkxSwapSymbol,
  sizesInContracts: true,
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: (access) => okxTradeHistory(access, 'contracts'),
};
