import type { VenueDefinition } from '../venue-definition.js';
import { splitDeribitInverseSymbol, splitDeribitOptionSymbol } from './deribit-instruments.js';
import { DERIBIT_CAPS, DERIBIT_CONNECTION_LIMITS, DERIBIT_PER_IP, DERIBIT_REST_PACER_CONFIG } from './deribit-limits.js';
import {
  DERIBIT_FUTURE_SUMMARIES_PATH,
  DERIBIT_FUTURES_PATH,
  DERIBIT_OPTION_SUMMARIES_PATH,
  DERIBIT_OPTIONS_PATH,
  readDeribitFutures,
  readDeribitOptions,
  readDeribitVolumes,
} from './deribit-listings.js';
import { DERIBIT_OPTIONS, deribitCredentialsOf } from './deribit-options.js';
import { DERIBIT_WS_URL, deribitProtocolOf } from './deribit-protocol.js';
import { DERIBIT_REST_DIALECT } from './deribit-rest.js';
import { deribitTradeHistory } from './deribit-trade-history.js';

export { DERIBIT_WS_URL } from './deribit-protocol.js';
export { DERIBIT_MAX_CONNECTIONS, DERIBIT_PER_IP } from './deribit-limits.js';
export { deribitIntervalOf, deribitCredentialsOf } from './deribit-options.js';
export { deribitOptionKey, deribitInstrumentOf } from './deribit-instruments.js';

/** Deribit's REST host (docs "JSON-RPC over HTTP": `https://www.deribit.com/api/v2/{method}`; the paths carry `/api/v2`). */
export const DERIBIT_REST_URL = 'https://www.deribit.com';

/** A Deribit venue's protocols: its credentials, when configured, choose its channels whether or not its books are followed. */
const withOptions = (exchange: 'deribit' | 'deribit_options', sizing: 'usd' | 'coin') =>
  ({
    protocol: deribitProtocolOf({ exchange, sizing }),
    protocolWith: {
      of: ({ options }) => {
        const credentials = deribitCredentialsOf(options);
        return deribitProtocolOf({ exchange, sizing, ...(credentials === undefined ? {} : { credentials }) });
      },
      alsoWithoutBooks: true,
    },
  }) satisfies Partial<VenueDefinition>;

/** What both Deribit venues share: one socket host's options and limits, one REST API, trade ids by `trade_seq`. */
const DERIBIT_SHARED = {
  ownOptions: { table: DERIBIT_OPTIONS },
  connectionLimits: DERIBIT_CONNECTION_LIMITS,
  caps: DERIBIT_CAPS,
  tradeIds: { rule: 'consecutive', ordered: true },
  perIp: DERIBIT_PER_IP,
} as const satisfies Partial<VenueDefinition>;

/** One Deribit venue's lists on the shared REST API. */
const catalogOf = (listings: VenueDefinition['catalog']['listings'], volumes: VenueDefinition['catalog']['volumes']): VenueDefinition['catalog'] => ({
  restUrl: DERIBIT_REST_URL,
  dialect: DERIBIT_REST_DIALECT,
  pacer: DERIBIT_REST_PACER_CONFIG,
  listings,
  volumes,
});

/**
 * Deribit's coin-margined BTC and ETH perpetuals and dated futures (`BTC-PERPETUAL` keyed
 * `BTC-USD-INV-PERP`, `BTC-26DEC26` keyed `BTC-USD-INV-20261226`), sized in USD on the wire and in the
 * base asset in every record. Trades, best bid/ask, derivative tickers and 24 h ticks, books when asked
 * for. `trade_seq` is consecutive per instrument: holes are found and repaired by id. USDC-margined linear
 * contracts are not followed.
 */
export const deribitVenue: VenueDefinition = {
  name: 'Deribit',
  market: 'inverse',
  ws: { url: DERIBIT_WS_URL, description: 'Deribit JSON-RPC WebSocket (both Deribit venues)' },
  restDescription: 'Deribit REST API (instruments, book summaries, trade history)',
  ...withOptions('deribit', 'usd'),
  ...DERIBIT_SHARED,
  catalog: catalogOf(
    { path: DERIBIT_FUTURES_PATH, weight: 1, read: readDeribitFutures },
    { path: DERIBIT_FUTURE_SUMMARIES_PATH, weight: 1, read: (json) => readDeribitVolumes(json, 'usd') },
  ),
  splitUnlisted: splitDeribitInverseSymbol,
  tradeHistory: (access) => deribitTradeHistory(access, 'usd'),
};

/**
 * Deribit's options, every currency's (`BTC-26DEC26-100000-C` keyed `BTC-USD-20261226-100000-C`): option
 * trades and the option summary of each (`option_summary`); no books (the summary carries the best bid
 * and ask). The same socket host, options and per-IP limits as `deribit` (`sharesLimitsOf`).
 */
export const deribitOptionsVenue: VenueDefinition = {
  name: 'Deribit options',
  market: 'option',
  ws: { url: DERIBIT_WS_URL, description: 'Deribit JSON-RPC WebSocket for options' },
  restDescription: 'Deribit REST API for options (instruments, book summaries, trade history)',
  ...withOptions('deribit_options', 'coin'),
  ...DERIBIT_SHARED,
  sharesLimitsOf: 'deribit',
  catalog: catalogOf(
    { path: DERIBIT_OPTIONS_PATH, weight: 1, read: readDeribitOptions },
    { path: DERIBIT_OPTION_SUMMARIES_PATH, weight: 1, read: (json) => readDeribitVolumes(json, 'coin') },
  ),
  splitUnlisted: splitDeribitOptionSymbol,
  tradeHistory: (access) => deribitTradeHistory(access, 'coin'),
};
