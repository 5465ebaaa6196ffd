import { integer, optionalInteger, type ConfigOption } from '../../settings/config-option.js';
import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';
import { BINANCE_USDM_CAPS, BINANCE_USDM_CONNECTION_LIMITS, BINANCE_USDM_WEIGHT_PER_MINUTE } from './binance-usdm-limits.js';
import { DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS } from './binance-usdm-open-interest.js';

/** What a Binance futures venue's options are named and bounded by (USD-M's, COIN-M's). */
export interface UsdmOptionNames {
  /** How `--help` names the venue (`Binance USD-M`). */
  readonly name: string;
  /** The options' key (`binanceUsdm`: `binanceUsdm.openInterestMs`, `connections.binanceUsdmMaxStreams`). */
  readonly key: string;
  /** The environment variables' prefix (`MARKET_FEED_BINANCE_USDM`). */
  readonly env: string;
  /** The flags' prefix (`binance-usdm`). */
  readonly flag: string;
  readonly caps: VenueCaps;
  readonly connectionLimits: ConnectionLimits;
  /** The venue's own REST weight per minute. */
  readonly weightPerMinute: number;
  readonly openInterestMs: number;
  /** The open-interest read's path (`/fapi/v1/openInterest`). */
  readonly openInterestPath: string;
}

/** A Binance futures venue's own options, in the order `--help` lists them (`all`). */
export interface UsdmOptions {
  /** Streams one connection holds at most. */
  readonly maxStreams: ConfigOption<number>;
  /** The REST weight budget, per minute; absent: the venue's own. */
  readonly restWeight: ConfigOption<number | undefined>;
  /** Time between two open-interest reads of one symbol. */
  readonly openInterest: ConfigOption<number>;
  readonly all: readonly ConfigOption[];
}

/** The options of a Binance futures venue named by `names`. */
export function usdmOptions(names: UsdmOptionNames): UsdmOptions {
  const { name, key, env, flag, caps, connectionLimits } = names;
  const maxStreams: ConfigOption<number> = {
    key: `connections.${key}MaxStreams`,
    env: `${env}_MAX_STREAMS`,
    flag: `${flag}-max-streams`,
    default: connectionLimits.maxTopics,
    parse: integer(1, caps.maxTopics),
    description: `streams per ${name} connection at most (the venue documents ${caps.maxTopics}; older documentation and peers say ${connectionLimits.maxTopics})`,
  };
  const restWeight: ConfigOption<number | undefined> = {
    key: `${key}.restWeightPerMinute`,
    env: `${env}_REST_WEIGHT_PER_MINUTE`,
    flag: `${flag}-rest-weight-per-minute`,
    default: undefined,
    parse: optionalInteger(1, 1_000_000),
    description: `REST request weight ${name}'s open-interest polls, depth snapshots, instrument lists and repair may use per minute; unset: the venue's ${names.weightPerMinute}`,
  };
  const openInterest: ConfigOption<number> = {
    key: `${key}.openInterestMs`,
    env: `${env}_OPEN_INTEREST_MS`,
    flag: `${flag}-open-interest-ms`,
    default: names.openInterestMs,
    parse: integer(1000, 3_600_000),
    description: `ms between two reads of a ${name} symbol's open interest (GET ${names.openInterestPath}, weight 1 each; the venue has no stream of it)`,
  };
  return { maxStreams, restWeight, openInterest, all: [maxStreams, restWeight, openInterest] };
}

/** Binance USD-M's own options (`usdmOptions`: streams per connection, one route's socket, the REST weight budget, the open-interest interval). */
export const BINANCE_USDM_OPTIONS: UsdmOptions = usdmOptions({
  name: 'Binance USD-M',
  key: 'binanceUsdm',
  env: 'MARKET_FEED_BINANCE_USDM',
  flag: 'binance-usdm',
  caps: BINANCE_USDM_CAPS,
  connectionLimits: BINANCE_USDM_CONNECTION_LIMITS,
  weightPerMinute: BINANCE_USDM_WEIGHT_PER_MINUTE,
  openInterestMs: DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS,
  openInterestPath: '/fapi/v1/openInterest',
});
