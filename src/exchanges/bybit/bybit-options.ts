import { integer, oneOfIntegers, type ConfigOption } from '../../settings/config-option.js';
import type { ConnectionLimits } from '../connection-limits.js';
import { configuredValue, type VenueOptionValues } from '../venue-option.js';
import { BYBIT_BOOK_DEPTHS, DEFAULT_BYBIT_BOOK_DEPTH, type BybitBookDepth } from './bybit-book-plan.js';
import { BYBIT_CAPS, BYBIT_CONNECTION_LIMITS } from './bybit-limits.js';

const TOPIC_CHARS_CAP = BYBIT_CAPS.maxTopicChars ?? 21_000;

/** Levels per side of the depth topic `orderbook.{depth}` read as order books. */
export const BYBIT_BOOK_DEPTH_OPTION: ConfigOption<BybitBookDepth> = {
  key: 'books.bybitDepth',
  env: 'MARKET_FEED_BYBIT_BOOK_DEPTH',
  flag: 'bybit-book-depth',
  default: DEFAULT_BYBIT_BOOK_DEPTH,
  parse: oneOfIntegers(BYBIT_BOOK_DEPTHS),
  description: 'levels per side of the Bybit depth topic orderbook.{depth}',
};

/** Characters of topic names one connection holds at most. */
export const BYBIT_MAX_TOPIC_CHARS_OPTION: ConfigOption<number> = {
  key: 'connections.bybitMaxTopicChars',
  env: 'MARKET_FEED_BYBIT_MAX_TOPIC_CHARS',
  flag: 'bybit-max-topic-chars',
  default: BYBIT_CONNECTION_LIMITS.maxTopicChars ?? TOPIC_CHARS_CAP,
  parse: integer(100, TOPIC_CHARS_CAP),
  description: `characters of topic names per Bybit connection at most (the venue allows ${TOPIC_CHARS_CAP})`,
};

/** Connection attempts per window from this IP address. */
export const BYBIT_ATTEMPTS_OPTION: ConfigOption<number> = {
  key: 'connections.bybitAttempts',
  env: 'MARKET_FEED_BYBIT_CONNECTION_ATTEMPTS',
  flag: 'bybit-connection-attempts',
  default: BYBIT_CONNECTION_LIMITS.connectionsPerWindow,
  parse: integer(1, BYBIT_CONNECTION_LIMITS.connectionsPerWindow),
  description: `connection attempts per 5 minutes to Bybit (spot and linear together) from this IP address, by every process on it (the venue allows ${BYBIT_CONNECTION_LIMITS.connectionsPerWindow}; a cluster's instances share it by the shards they hold)`,
};

/** Bybit's own options, in the order `--help` lists them. */
export const BYBIT_OPTIONS: readonly ConfigOption[] = [BYBIT_MAX_TOPIC_CHARS_OPTION, BYBIT_ATTEMPTS_OPTION, BYBIT_BOOK_DEPTH_OPTION];

/** The connection limits Bybit's configured options change (topic characters, connection attempts), spot and linear alike. */
export function bybitLimitsOf(options: VenueOptionValues): Partial<ConnectionLimits> {
  const maxTopicChars = configuredValue(options, BYBIT_MAX_TOPIC_CHARS_OPTION);
  const connectionsPerWindow = configuredValue(options, BYBIT_ATTEMPTS_OPTION);
  return { ...(maxTopicChars === undefined ? {} : { maxTopicChars }), ...(connectionsPerWindow === undefined ? {} : { connectionsPerWindow }) };
}
