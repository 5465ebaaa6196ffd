import { BINANCE_CAPS, BINANCE_CONNECTION_LIMITS } from '../exchanges/binance/binance-limits.js';
import { BYBIT_CAPS, BYBIT_CONNECTION_LIMITS } from '../exchanges/bybit/bybit-limits.js';
import { DEFAULT_MAX_INSTRUMENTS_PER_SHARD } from '../exchanges/connection-limits.js';
import { integer, option, type ConfigOption } from './config-option.js';

/** How instruments are packed into connection shards, and what one connection may hold (within the venues' caps). */
export const CONNECTION_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'connections.maxInstruments',
    env: 'MARKET_FEED_MAX_INSTRUMENTS_PER_CONNECTION',
    flag: 'max-instruments-per-connection',
    default: DEFAULT_MAX_INSTRUMENTS_PER_SHARD,
    parse: integer(1, 10_000),
    description: 'instruments per connection shard at most (a shard fails over as one unit: one connection per venue of its failover order)',
  }),
  option({
    key: 'connections.binanceMaxStreams',
    env: 'MARKET_FEED_BINANCE_MAX_STREAMS',
    flag: 'binance-max-streams',
    default: BINANCE_CONNECTION_LIMITS.maxTopics,
    parse: integer(1, BINANCE_CAPS.maxTopics),
    description: `streams per Binance-family connection at most (the venue allows ${BINANCE_CAPS.maxTopics})`,
  }),
  option({
    key: 'connections.bybitMaxTopicChars',
    env: 'MARKET_FEED_BYBIT_MAX_TOPIC_CHARS',
    flag: 'bybit-max-topic-chars',
    default: BYBIT_CONNECTION_LIMITS.maxTopicChars,
    parse: integer(100, BYBIT_CAPS.maxTopicChars ?? 21_000),
    description: `characters of topic names per Bybit connection at most (the venue allows ${BYBIT_CAPS.maxTopicChars ?? 21_000})`,
  }),
  option({
    key: 'connections.binanceAttempts',
    env: 'MARKET_FEED_BINANCE_CONNECTION_ATTEMPTS',
    flag: 'binance-connection-attempts',
    default: BINANCE_CONNECTION_LIMITS.connectionsPerWindow,
    parse: integer(1, BINANCE_CONNECTION_LIMITS.connectionsPerWindow),
    description: `connection attempts per 5 minutes to a Binance-family venue from this IP address, by every process on it (the venue allows ${BINANCE_CONNECTION_LIMITS.connectionsPerWindow}; a cluster's instances share it by the shards they hold)`,
  }),
  option({
    key: 'connections.bybitAttempts',
    env: 'MARKET_FEED_BYBIT_CONNECTION_ATTEMPTS',
    flag: 'bybit-connection-attempts',
    default: BYBIT_CONNECTION_LIMITS.connectionsPerWindow,
    parse: integer(1, BYBIT_CONNECTION_LIMITS.connectionsPerWindow),
    description: `connection attempts per 5 minutes to Bybit from this IP address, by every process on it (the venue allows ${BYBIT_CONNECTION_LIMITS.connectionsPerWindow}; a cluster's instances share it by the shards they hold)`,
  }),
];

export type { ConnectionSettings } from '../exchanges/connection-limits.js';
