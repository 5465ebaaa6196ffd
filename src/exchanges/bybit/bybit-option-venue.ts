import type { VenueDefinition } from '../venue-definition.js';
import { BYBIT_OPTIONS, bybitLimitsOf } from './bybit-options.js';
import {
  BYBIT_OPTION_INSTRUMENTS_PATH,
  BYBIT_OPTION_TICKERS_PATH,
  bybitOptionNextPage,
  readBybitOptionInstruments,
  readBybitOptionVolumes,
} from './bybit-option-listings.js';
import { splitBybitOptionSymbol } from './bybit-option-names.js';
import { BYBIT_OPTION_CAPS, BYBIT_OPTION_CONNECTION_LIMITS, BYBIT_OPTION_URL, bybitOptionProtocol } from './bybit-option-protocol.js';
import { bybitOptionTradeSweep } from './bybit-option-trade-sweep.js';
import { fetchBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { BYBIT_REST_PACER_CONFIG, BYBIT_REST_URL } from './bybit-venue.js';

export { BYBIT_OPTION_URL } from './bybit-option-protocol.js';

/**
 * Bybit's options (USDT-settled `BTC-27NOV26-56000-C-USDT` keyed `BTC-USDT-20261127-56000-C`, and the
 * USDC-settled ones named before, `BTC-28APR23-29500-C`): each option's summary and the trades of its
 * coin, on their own socket (`/v5/public/option`), lists read coin by coin (`BYBIT_OPTION_COINS`). Trade
 * ids are UUIDs, so holes are named by time and repaired from `recent-trade`'s last 1,000 of the option; an
 * option listed during the run is swept, from the list before it on, in its coin's last 1,000 (`bybitOptionTradeSweep`).
 * Bybit spot's options and, when spot is followed too, its REST pacer and connection budget
 * (`sharesLimitsOf`), as every Bybit category.
 */
export const bybitOptionsVenue: VenueDefinition = {
  name: 'Bybit options',
  market: 'option',
  ws: { url: BYBIT_OPTION_URL, description: 'Bybit v5 public option WebSocket' },
  restDescription: 'Bybit v5 REST API (option lists and 24 h tickers per coin, recent trades)',
  protocol: bybitOptionProtocol,
  ownOptions: { table: BYBIT_OPTIONS, limitsOf: bybitLimitsOf },
  connectionLimits: BYBIT_OPTION_CONNECTION_LIMITS,
  caps: BYBIT_OPTION_CAPS,
  sharesLimitsOf: 'bybit',
  catalog: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: BYBIT_OPTION_INSTRUMENTS_PATH, next: bybitOptionNextPage, weight: 1, read: (json) => readBybitOptionInstruments(json) },
    volumes: { path: BYBIT_OPTION_TICKERS_PATH, next: bybitOptionNextPage, weight: 1, read: readBybitOptionVolumes },
  },
  splitUnlisted: splitBybitOptionSymbol,
  tradeIds: { rule: 'by_time', ordered: false },
  tradeHistory: (access) => {
    const { restUrl, pacer, timeoutMs, scheduler, fetch } = access;
    return {
      recent: (symbol) =>
        fetchBybitRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, category: 'option', ...(fetch === undefined ? {} : { fetch }) }),
      madeBetween: bybitOptionTradeSweep(access),
    };
  },
};
