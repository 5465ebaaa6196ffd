import { integer, optionalInteger, type ConfigOption } from '../../settings/config-option.js';
import { BINANCE_COINM_CAPS, BINANCE_COINM_CONNECTION_LIMITS, BINANCE_COINM_WEIGHT_PER_MINUTE } from './binance-coinm-limits.js';
import { DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS } from './binance-coinm-open-interest.js';

/** Streams one COIN-M connection holds at most. */
export const BINANCE_COINM_MAX_STREAMS_OPTION: ConfigOption<number> = {
  key: 'connections.binanceCoinmMaxStreams',
  env: 'MARKET_FEED_BINANCE_COINM_MAX_STREAMS',
  flag: 'binance-coinm-max-streams',
  default: BINANCE_COINM_CONNECTION_LIMITS.maxTopics,
  parse: integer(1, BINANCE_COINM_CAPS.maxTopics),
  description: `streams per Binance COIN-M connection at most (the venue documents ${BINANCE_COINM_CAPS.maxTopics}; older documentation and peers say ${BINANCE_COINM_CONNECTION_LIMITS.maxTopics})`,
};

/** The REST weight budget of Binance COIN-M, per minute; absent: the venue's own. */
export const BINANCE_COINM_REST_WEIGHT_OPTION: ConfigOption<number | undefined> = {
  key: 'binanceCoinm.restWeightPerMinute',
  env: 'MARKET_FEED_BINANCE_COINM_REST_WEIGHT_PER_MINUTE',
  flag: 'binance-coinm-rest-weight-per-minute',
  default: undefined,
  parse: optionalInteger(1, 1_000_000),
  description: `REST request weight Binance COIN-M's open-interest polls, depth snapshots, instrument lists and repair may use per minute; unset: the venue's ${BINANCE_COINM_WEIGHT_PER_MINUTE}`,
};

/** Time between two open-interest reads of one symbol. */
export const BINANCE_COINM_OPEN_INTEREST_OPTION: ConfigOption<number> = {
  key: 'binanceCoinm.openInterestMs',
  env: 'MARKET_FEED_BINANCE_COINM_OPEN_INTEREST_MS',
  flag: 'binance-coinm-open-interest-ms',
  default: DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS,
  parse: integer(1000, 3_600_000),
  description: "ms between two reads of a Binance COIN-M symbol's open interest (GET /dapi/v1/openInterest, weight 1 each; the venue has no stream of it)",
};

/** Binance COIN-M's own options, in the order `--help` lists them. */
export const BINANCE_COINM_OPTIONS: readonly ConfigOption[] = [
  BINANCE_COINM_MAX_STREAMS_OPTION,
  BINANCE_COINM_REST_WEIGHT_OPTION,
  BINANCE_COINM_OPEN_INTEREST_OPTION,
];
