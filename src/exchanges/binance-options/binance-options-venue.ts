import { BINANCE_REST_DIALECT } from '../binance/binance-rest-dialect.js';
import type { VenueDefinition } from '../venue-definition.js';
import { BINANCE_OPTION_CAPS, BINANCE_OPTION_CONNECTION_LIMITS, BINANCE_OPTION_WEIGHTS, BINANCE_OPTION_WEIGHT_PER_MINUTE } from './binance-option-limits.js';
import {
  BINANCE_OPTION_EXCHANGE_INFO_PATH,
  BINANCE_OPTION_TICKER_PATH,
  readBinanceOptionExchangeInfo,
  readBinanceOptionVolumes,
} from './binance-option-listings.js';
import { splitBinanceOptionSymbol } from './binance-option-names.js';
import { BINANCE_OPTION_STREAM_URL, binanceOptionProtocol } from './binance-option-protocol.js';
import { binanceOptionTradeHistory } from './binance-option-trade-history.js';

export { BINANCE_OPTION_STREAM_URL } from './binance-option-protocol.js';

/** Binance options REST, mainnet. */
export const BINANCE_OPTION_REST_URL = 'https://eapi.binance.com';

/**
 * Binance's European options (USDT-settled `BTC-261127-56000-C`, keyed `BTC-USDT-20261127-56000-C`):
 * each option's summary and trades on the two routes of `fstream.binance.com` (`/public` per option,
 * `/market` per underlying), lists from `GET /eapi/v1/exchangeInfo` and 24 h USDT volumes from
 * `GET /eapi/v1/ticker`, on a REST budget of its own (2,400 weight a minute per IP). Prices and sizes
 * are per contract of the option's `unit` on the wire and per coin in every record, so its list is read
 * even for a coin list (`sizesInContracts`). Trade ids are consecutive per option: holes are found by id
 * and repaired from `historicalTrades`.
 */
export const binanceOptionsVenue: VenueDefinition = {
  name: 'Binance options',
  market: 'option',
  ws: { url: BINANCE_OPTION_STREAM_URL, description: 'Binance options WebSocket base (streams routed to /public and /market)' },
  restDescription: 'Binance options REST API (option list, 24 h tickers, trade history)',
  protocol: binanceOptionProtocol,
  connectionLimits: BINANCE_OPTION_CONNECTION_LIMITS,
  caps: BINANCE_OPTION_CAPS,
  catalog: {
    restUrl: BINANCE_OPTION_REST_URL,
    dialect: BINANCE_REST_DIALECT,
    pacer: { weightPerMinute: BINANCE_OPTION_WEIGHT_PER_MINUTE },
    listings: {
      path: BINANCE_OPTION_EXCHANGE_INFO_PATH,
      weight: BINANCE_OPTION_WEIGHTS.exchangeInfo,
      read: (json, exchange) => readBinanceOptionExchangeInfo(json, exchange),
    },
    volumes: { path: BINANCE_OPTION_TICKER_PATH, weight: BINANCE_OPTION_WEIGHTS.ticker, read: readBinanceOptionVolumes },
  },
  splitUnlisted: splitBinanceOptionSymbol,
  sizesInContracts: true,
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: binanceOptionTradeHistory,
};
