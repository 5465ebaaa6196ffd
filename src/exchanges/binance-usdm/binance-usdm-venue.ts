import { readBinanceQuoteVolumes } from '../binance/binance-quote-volumes.js';
import { BINANCE_REST_DIALECT } from '../binance/binance-rest-dialect.js';
import type { VenueDefinition } from '../venue-definition.js';
import { configuredValue, optionValue } from '../venue-option.js';
import { binanceUsdmBookPlan } from './binance-usdm-book-plan.js';
import { BINANCE_USDM_CAPS, BINANCE_USDM_CONNECTION_LIMITS, BINANCE_USDM_WEIGHT_PER_MINUTE } from './binance-usdm-limits.js';
import { readBinanceUsdmExchangeInfo } from './binance-usdm-listings.js';
import { binanceUsdmOpenInterestPoll } from './binance-usdm-open-interest.js';
import { BINANCE_USDM_OPTIONS } from './binance-usdm-options.js';
import { BINANCE_USDM_STREAM_URL, binanceUsdmProtocol } from './binance-usdm-protocol.js';
import { binanceUsdmTradeHistory } from './binance-usdm-trade-history.js';

export { BINANCE_USDM_STREAM_URL } from './binance-usdm-protocol.js';

/** Binance USD-M futures REST, mainnet (HTTP 451 from restricted locations, the US among them: ccxt #15872). */
export const BINANCE_USDM_REST_URL = 'https://fapi.binance.com';

/**
 * Binance USD-M perpetuals (`BTC-USDT-PERP`), a venue apart from Binance spot: its own routed sockets,
 * lists, REST budget and limits. Trade ids are the aggregate ids, consecutive per symbol, repaired by id
 * from `GET /fapi/v1/aggTrades` (weight 20). Lists: `GET /fapi/v1/exchangeInfo` (weight 1; perpetuals
 * only) and `GET /fapi/v1/ticker/24hr` (weight 40 for every symbol, `quoteVolume`). Everything REST
 * shares one pacer of 2,400 weight a minute per IP, fed `X-MBX-USED-WEIGHT-1M`; 429 and 418 pause it
 * for `Retry-After`, and 451 (a restricted location) fails without retrying.
 */
export const binanceUsdmVenue: VenueDefinition = {
  name: 'Binance USD-M',
  market: 'linear',
  ws: { url: BINANCE_USDM_STREAM_URL, description: 'Binance USD-M futures WebSocket base (streams routed to /public and /market)' },
  restDescription: 'Binance USD-M futures REST API (open interest, depth snapshots, lists, history)',
  protocol: binanceUsdmProtocol,
  protocolWith: {
    of: ({ options, restPacer }) => {
      const weightPerMinute = configuredValue(options, BINANCE_USDM_OPTIONS.restWeight) ?? BINANCE_USDM_WEIGHT_PER_MINUTE;
      return {
        ...binanceUsdmProtocol,
        book: binanceUsdmBookPlan({ pacer: { weightPerMinute }, ...(restPacer === undefined ? {} : { restPacer }) }),
        polls: [binanceUsdmOpenInterestPoll(optionValue(options, BINANCE_USDM_OPTIONS.openInterest))],
      };
    },
  },
  ownOptions: {
    table: BINANCE_USDM_OPTIONS.all,
    limitsOf: (options) => {
      const maxTopics = configuredValue(options, BINANCE_USDM_OPTIONS.maxStreams);
      return maxTopics === undefined ? {} : { maxTopics };
    },
    pacerOf: (options) => {
      const weightPerMinute = configuredValue(options, BINANCE_USDM_OPTIONS.restWeight);
      return weightPerMinute === undefined ? {} : { weightPerMinute };
    },
  },
  connectionLimits: BINANCE_USDM_CONNECTION_LIMITS,
  caps: BINANCE_USDM_CAPS,
  catalog: {
    restUrl: BINANCE_USDM_REST_URL,
    dialect: BINANCE_REST_DIALECT,
    pacer: { weightPerMinute: BINANCE_USDM_WEIGHT_PER_MINUTE },
    listings: { path: '/fapi/v1/exchangeInfo', weight: 1, read: readBinanceUsdmExchangeInfo },
    volumes: { path: '/fapi/v1/ticker/24hr', weight: 40, read: (json) => readBinanceQuoteVolumes(json) },
  },
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: binanceUsdmTradeHistory,
};
