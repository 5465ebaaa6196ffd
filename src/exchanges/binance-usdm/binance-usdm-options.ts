import { integer, optionalInteger, type ConfigOption } from '../../settings/config-option.js';
import { BINANCE_USDM_CAPS, BINANCE_USDM_CONNECTION_LIMITS, BINANCE_USDM_WEIGHT_PER_MINUTE } from './binance-usdm-limits.js';
import { DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS } from './binance-usdm-open-interest.js';

/** Streams one USD-M connection (one route's socket) holds at most. */
export const BINANCE_USDM_MAX_STREAMS_OPTION: ConfigOption<number> = {
  key: 'connections.binanceUsdmMaxStreams',
  env: 'MARKET_FEED_BINANCE_USDM_MAX_STREAMS',
  flag: 'binance-usdm-max-streams',
  default: BINANCE_USDM_CONNECTION_LIMITS.maxTopics,
  parse: integer(1, BINANCE_USDM_CAPS.maxTopics),
  description: `streams per Binance USD-M connection at most (the venue documents ${BINANCE_USDM_CAPS.maxTopics}; older documentation and peers say ${BINANCE_USDM_CONNECTION_LIMITS.maxTopics})`,
};

/** The REST weight budget of Binance USD-M, per minute; absent: the venue's own. */
export const BINANCE_USDM_REST_WEIGHT_OPTION: ConfigOption<number | undefined> = {
  key: 'binanceUsdm.restWeightPerMinute',
  env: 'MARKET_FEED_BINANCE_USDM_REST_WEIGHT_PER_MINUTE',
  flag: 'binance-usdm-rest-weight-per-minute',
  default: undefined,
  parse: optionalInteger(1, 1_000_000),
  description: `REST request weight Binance USD-M's open-interest polls, depth snapshots, instrument lists and repair may use per minute; unset: the venue's ${BINANCE_USDM_WEIGHT_PER_MINUTE}`,
};

/** Time between two open-interest reads of one symbol. */
export const BINANCE_USDM_OPEN_INTEREST_OPTION: ConfigOption<number> = {
  key: 'binanceUsdm.openInterestMs',
  env: 'MARKET_FEED_BINANCE_USDM_OPEN_INTEREST_MS',
  flag: 'binance-usdm-open-interest-ms',
  default: DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS,
  parse: integer(1000, 3_600_000),
  description: "ms between two reads of a Binance USD-M symbol's open interest (GET /fapi/v1/openInterest, weight 1 each; the venue has no stream of it)",
};

/** Binance USD-M's own options, in the order `--help` lists them. */
export const BINANCE_USDM_OPTIONS: readonly ConfigOption[] = [
  BINANCE_USDM_MAX_STREAMS_OPTION,
  BINANCE_USDM_REST_WEIGHT_OPTION,
  BINANCE_USDM_OPEN_INTEREST_OPTION,
];
