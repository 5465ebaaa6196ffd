import type { VenueDefinition } from '../venue-definition.js';
import { OKX_CAPS, OKX_REST_PACER_CONFIG } from './okx-limits.js';
import {
  OKX_OPTION_INSTRUMENTS_PATH,
  OKX_OPTION_TICKERS_PATH,
  okxOptionInstrumentsPath,
  okxOptionNextFamily,
  readOkxOptionInstruments,
  readOkxOptionVolumes,
} from './okx-option-listings.js';
import { okxOptionOf, splitOkxOptionSymbol } from './okx-option-names.js';
import { OKX_OPTION_CONNECTION_LIMITS, okxOptionProtocol } from './okx-option-protocol.js';
import { OKX_GEO_BLOCKED_HINT, OKX_OPTIONS, OKX_REGION_OPTION, okxHosts } from './okx-options.js';
import { OKX_WS_URL } from './okx-protocol.js';
import { OKX_REST_DIALECT } from './okx-rest-dialect.js';
import { okxOptionTradeSweep } from './okx-option-trade-sweep.js';
import { okxTradeHistory } from './okx-trade-history.js';
import { optionValue } from '../venue-option.js';

/**
 * OKX's options (coin-settled `BTC-USD-261127-56000-C`, keyed `BTC-USD-20261127-56000-C` as Deribit's):
 * each option's summary and its family's trades on OKX's `/public` socket, lists read family by family
 * (`OKX_OPTION_FAMILIES`), with spot's hosts, region option and per-IP limits (`sharesLimitsOf`). Sizes
 * are contracts on the wire and the coin in every record (`ctVal` times `ctMult`). Trade ids are
 * consecutive per option: holes are found by id and repaired from `history-trades`, where an option listed
 * during the run is swept for its trades before it was followed (`okxOptionTradeSweep`).
 */
export const okxOptionsVenue: VenueDefinition = {
  name: 'OKX options',
  market: 'option',
  ws: { url: OKX_WS_URL, description: 'OKX v5 WebSocket base for options (route /public; default: the --okx-region host)' },
  geoBlockedHint: OKX_GEO_BLOCKED_HINT,
  restDescription: 'OKX v5 REST API for options (instruments and 24 h tickers per family, trade history; default: the --okx-region host)',
  protocol: okxOptionProtocol,
  ownOptions: { table: OKX_OPTIONS, urlsOf: (options) => okxHosts(optionValue(options, OKX_REGION_OPTION)) },
  connectionLimits: OKX_OPTION_CONNECTION_LIMITS,
  caps: OKX_CAPS,
  sharesLimitsOf: 'okx',
  catalog: {
    restUrl: okxHosts('global').rest,
    dialect: OKX_REST_DIALECT,
    pacer: OKX_REST_PACER_CONFIG,
    listings: { path: OKX_OPTION_INSTRUMENTS_PATH, next: okxOptionNextFamily, weight: 1, read: (json) => readOkxOptionInstruments(json) },
    volumes: { path: OKX_OPTION_TICKERS_PATH, next: okxOptionNextFamily, weight: 1, read: readOkxOptionVolumes },
  },
  splitUnlisted: splitOkxOptionSymbol,
  sizesInContracts: true,
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: (access) => ({
    ...okxTradeHistory(access, 'contracts', {
      what: 'option',
      path: (symbol) => `${okxOptionInstrumentsPath(okxOptionOf(symbol)?.family ?? '')}&instId=${encodeURIComponent(symbol)}`,
      read: readOkxOptionInstruments,
    }),
    madeBetween: okxOptionTradeSweep(access),
  }),
};
