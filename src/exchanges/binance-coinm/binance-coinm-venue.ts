import { BINANCE_REST_DIALECT } from '../binance/binance-rest-dialect.js';
import type { VenueDefinition } from '../venue-definition.js';
import { configuredValue, optionValue } from '../venue-option.js';
import { binanceCoinmBookPlan } from './binance-coinm-book-plan.js';
import { BINANCE_COINM_CAPS, BINANCE_COINM_CONNECTION_LIMITS, BINANCE_COINM_WEIGHT_PER_MINUTE, BINANCE_COINM_WEIGHTS } from './binance-coinm-limits.js';
import { readBinanceCoinmExchangeInfo, readBinanceCoinmVolumes } from './binance-coinm-listings.js';
import { binanceCoinmOpenInterestPoll } from './binance-coinm-open-interest.js';
import { BINANCE_COINM_OPTIONS } from './binance-coinm-options.js';
import { BINANCE_COINM_STREAM_URL, binanceCoinmProtocol } from './binance-coinm-protocol.js';
import { splitBinanceCoinmSymbol } from './binance-coinm-symbols.js';
import { binanceCoinmTradeHistory } from './binance-coinm-trade-history.js';

export { BINANCE_COINM_STREAM_URL } from './binance-coinm-protocol.js';

/** Binance COIN-M futures REST, mainnet (HTTP 451 from restricted locations, as USD-M's). */
export const BINANCE_COINM_REST_URL = 'https://dapi.binance.com';

/**
 * Binance COIN-M (`BTCUSD_PERP` keyed `BTC-USD-INV-PERP`, `BTCUSD_261226` keyed `BTC-USD-INV-20261226`):
 * coin-margined perpetuals and quarterlies sized in contracts of 100 USD (BTC) or 10 USD (the others),
 * published in the coin. USD-M's protocol on `wss://dstream.binance.com` with its own lists, REST budget
 * and limits. Trade ids are the aggregate ids, consecutive per symbol, repaired by id from
 * `GET /dapi/v1/aggTrades` (weight 20). Lists: `GET /dapi/v1/exchangeInfo` (weight 1; its contract sizes
 * are why it is read for a coin list too) and `GET /dapi/v1/ticker/24hr` (weight 40). Everything REST
 * shares one pacer of 2,400 weight a minute per IP, fed `X-MBX-USED-WEIGHT-1M`.
 */
export const binanceCoinmVenue: VenueDefinition = {
  name: 'Binance COIN-M',
  market: 'inverse',
  ws: { url: BINANCE_COINM_STREAM_URL, description: 'Binance COIN-M futures WebSocket base (one host, combined streams)' },
  restDescription: 'Binance COIN-M futures REST API (open interest, depth snapshots, lists, history)',
  protocol: binanceCoinmProtocol,
  protocolWith: {
    of: ({ options, restPacer }) => {
      const weightPerMinute = configuredValue(options, BINANCE_COINM_OPTIONS.restWeight) ?? BINANCE_COINM_WEIGHT_PER_MINUTE;
      return {
        ...binanceCoinmProtocol,
        book: binanceCoinmBookPlan({ pacer: { weightPerMinute }, ...(restPacer === undefined ? {} : { restPacer }) }),
        polls: [binanceCoinmOpenInterestPoll(optionValue(options, BINANCE_COINM_OPTIONS.openInterest))],
      };
    },
  },
  ownOptions: {
    table: BINANCE_COINM_OPTIONS.all,
    limitsOf: (options) => {
      const maxTopics = configuredValue(options, BINANCE_COINM_OPTIONS.maxStreams);
      return maxTopics === undefined ? {} : { maxTopics };
    },
    pacerOf: (options) => {
      const weightPerMinute = configuredValue(options, BINANCE_COINM_OPTIONS.restWeight);
      return weightPerMinute === undefined ? {} : { weightPerMinute };
    },
  },
  connectionLimits: BINANCE_COINM_CONNECTION_LIMITS,
  caps: BINANCE_COINM_CAPS,
  catalog: {
    restUrl: BINANCE_COINM_REST_URL,
    dialect: BINANCE_REST_DIALECT,
    pacer: { weightPerMinute: BINANCE_COINM_WEIGHT_PER_MINUTE },
    listings: { path: '/dapi/v1/exchangeInfo', weight: BINANCE_COINM_WEIGHTS.exchangeInfo, read: readBinanceCoinmExchangeInfo },
    volumes: { path: '/dapi/v1/ticker/24hr', weight: BINANCE_COINM_WEIGHTS.ticker24hr, read: (json) => readBinanceCoinmVolumes(json) },
  },
  splitUnlisted: splitBinanceCoinmSymbol,
  sizesInContracts: true,
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: binanceCoinmTradeHistory,
};
