import { integer, oneOf, optionalInteger, optionalText, type ConfigOption } from '../../settings/config-option.js';
import { DEFAULT_BINANCE_BOOK_PLAN_CONFIG } from './binance-book-plan.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG } from './binance-book-sequencer.js';
import { BINANCE_CAPS, BINANCE_CONNECTION_LIMITS } from './binance-limits.js';

/** Streams one connection holds at most. */
export const BINANCE_MAX_STREAMS_OPTION: ConfigOption<number> = {
  key: 'connections.binanceMaxStreams',
  env: 'MARKET_FEED_BINANCE_MAX_STREAMS',
  flag: 'binance-max-streams',
  default: BINANCE_CONNECTION_LIMITS.maxTopics,
  parse: integer(1, BINANCE_CAPS.maxTopics),
  description: `streams per Binance-family connection at most (the venue allows ${BINANCE_CAPS.maxTopics})`,
};

/** Connection attempts per window from this IP address. */
export const BINANCE_ATTEMPTS_OPTION: ConfigOption<number> = {
  key: 'connections.binanceAttempts',
  env: 'MARKET_FEED_BINANCE_CONNECTION_ATTEMPTS',
  flag: 'binance-connection-attempts',
  default: BINANCE_CONNECTION_LIMITS.connectionsPerWindow,
  parse: integer(1, BINANCE_CONNECTION_LIMITS.connectionsPerWindow),
  description: `connection attempts per 5 minutes to a Binance-family venue from this IP address, by every process on it (the venue allows ${BINANCE_CONNECTION_LIMITS.connectionsPerWindow}; a cluster's instances share it by the shards they hold)`,
};

/** The diff-depth stream the books follow. */
export const BINANCE_DEPTH_CHANNEL_OPTION: ConfigOption<'depth@100ms' | 'depth'> = {
  key: 'binanceBook.channel',
  env: 'MARKET_FEED_BINANCE_DEPTH_CHANNEL',
  flag: 'binance-depth-channel',
  default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.channel,
  parse: oneOf(['depth@100ms', 'depth'] as const),
  description: 'Binance diff-depth stream: depth@100ms, or depth (1000 ms)',
};

/** Levels per side of each REST depth snapshot. */
export const BINANCE_SNAPSHOT_LIMIT_OPTION: ConfigOption<number> = {
  key: 'binanceBook.snapshotLimit',
  env: 'MARKET_FEED_BINANCE_SNAPSHOT_LIMIT',
  flag: 'binance-snapshot-limit',
  default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.snapshotLimit,
  parse: integer(1, 5000),
  description: 'levels per side of each REST depth snapshot (request weight 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000)',
};

/** The REST weight budget of each venue of the family, per minute; absent: each venue's own. */
export const BINANCE_REST_WEIGHT_OPTION: ConfigOption<number | undefined> = {
  key: 'binanceBook.restWeightPerMinute',
  env: 'MARKET_FEED_BINANCE_REST_WEIGHT_PER_MINUTE',
  flag: 'binance-rest-weight-per-minute',
  default: undefined,
  parse: optionalInteger(1, 1_000_000),
  description:
    "REST request weight each Binance-family venue's depth snapshots, instrument lists and repair may use per minute; unset: the venue's own limit (Binance and the spot testnet 6000, Binance US 1200)",
};

/** Depth updates held per symbol while its snapshot is fetched. */
export const BINANCE_MAX_BUFFERED_OPTION: ConfigOption<number> = {
  key: 'binanceBook.maxBuffered',
  env: 'MARKET_FEED_BINANCE_MAX_BUFFERED',
  flag: 'binance-max-buffered',
  default: DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered,
  parse: integer(1, 1_000_000),
  description: 'depth updates held per symbol while its snapshot is fetched; one more restarts that symbol',
};

/** The API key sent with trade history requests. */
export const BINANCE_API_KEY_OPTION: ConfigOption<string | undefined> = {
  key: 'gaps.binanceApiKey',
  env: 'BINANCE_API_KEY',
  flag: 'binance-api-key',
  default: undefined,
  parse: optionalText,
  secret: true,
  description: 'sent as X-MBX-APIKEY on Binance-family trade history requests (older documentation asks for one; never logged)',
};

/** The Binance family's own options (shared by its venues), in the order `--help` lists them. */
export const BINANCE_OPTIONS: readonly ConfigOption[] = [
  BINANCE_MAX_STREAMS_OPTION,
  BINANCE_ATTEMPTS_OPTION,
  BINANCE_DEPTH_CHANNEL_OPTION,
  BINANCE_SNAPSHOT_LIMIT_OPTION,
  BINANCE_REST_WEIGHT_OPTION,
  BINANCE_MAX_BUFFERED_OPTION,
  BINANCE_API_KEY_OPTION,
];
