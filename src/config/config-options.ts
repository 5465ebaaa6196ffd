import { EXCHANGE_IDS } from '../model/index.js';
import { DEFAULT_VENUES } from '../exchanges/venues.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from '../operators/large-trades.js';
import { BOOK_OPTIONS } from '../pipeline/book-options.js';
import { DATA_TYPE_OPTIONS } from '../pipeline/data-type-options.js';
import { FEED_OPTIONS } from '../pipeline/feed-options.js';
import { KAFKA_OPTIONS } from './kafka-options.js';
import { CANDLE_OPTIONS } from '../pipeline/candle-options.js';
import { CAPACITY_OPTIONS } from '../pipeline/capacity-options.js';
import { CLUSTER_OPTIONS } from '../cluster/cluster-options.js';
import { CONNECTION_OPTIONS } from '../pipeline/connection-options.js';
import { UNIVERSE_OPTIONS } from '../catalog/universe-options.js';
import { VENUE_URL_OPTIONS } from './venue-options.js';
import { VENUE_OPTIONS } from '../exchanges/venues.js';
import { WHOLE_COIN_LIST, coinSliceSpec } from './coin-slice.js';
import { WELL_KNOWN_COINS } from '../model/well-known-coins.js';
import { boolean, coin, httpUrlOrEmpty, integer, list, oneOf, option, positiveNumber, text, type ConfigOption } from '../settings/config-option.js';

/** The 20 default coins, all quoted in USDT. */
export const DEFAULT_COINS = WELL_KNOWN_COINS;

/** Every setting of `market-feed run`, in the order `--help` lists them. */
export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'coins',
    env: 'MARKET_FEED_COINS',
    flag: 'coins',
    default: [...DEFAULT_COINS],
    parse: list(coin),
    description: 'coins to follow (base assets)',
  }),
  option({
    key: 'shard',
    env: 'MARKET_FEED_SHARD',
    flag: 'shard',
    default: WHOLE_COIN_LIST,
    parse: coinSliceSpec,
    description:
      'INDEX/COUNT: this process follows every COUNT-th of the sorted coins from INDEX (several run processes share the coins; each gets a spool folder of its own)',
  }),
  option({
    key: 'quote',
    env: 'MARKET_FEED_QUOTE',
    flag: 'quote',
    default: 'USDT',
    parse: coin,
    description: 'quote asset of every coin (--instruments coins; --quotes with --instruments all)',
  }),
  ...UNIVERSE_OPTIONS,
  ...CONNECTION_OPTIONS,
  ...CAPACITY_OPTIONS,
  ...CLUSTER_OPTIONS,
  option({
    key: 'venues',
    env: 'MARKET_FEED_VENUES',
    flag: 'venues',
    default: [...DEFAULT_VENUES],
    parse: list(oneOf(EXCHANGE_IDS)),
    description: `venues in failover order, primary first: any of ${EXCHANGE_IDS.join(', ')} (see docs/running.md for orders that suit a region)`,
  }),
  ...VENUE_URL_OPTIONS,
  ...VENUE_OPTIONS,
  option({
    key: 'tls.allowSelfSigned',
    env: 'MARKET_FEED_TLS_ALLOW_SELF_SIGNED',
    flag: 'tls-allow-self-signed',
    default: false,
    parse: boolean,
    description: 'accept venue certificates that do not verify (never in production)',
  }),
  ...FEED_OPTIONS,
  option({
    key: 'stats.windowsMs',
    env: 'MARKET_FEED_STATS_WINDOWS_MS',
    flag: 'stats-windows-ms',
    default: [1000, 60_000],
    parse: list(integer(100, 86_400_000)),
    description: 'tumbling window lengths for market.stats.v1',
  }),
  option({
    key: 'largeTrades.multiple',
    env: 'MARKET_FEED_LARGE_TRADE_MULTIPLE',
    flag: 'large-trade-multiple',
    default: DEFAULT_LARGE_TRADES_CONFIG.multiple,
    parse: positiveNumber,
    description: 'a large trade is this many times the rolling mean size',
  }),
  option({
    key: 'largeTrades.lookback',
    env: 'MARKET_FEED_LARGE_TRADE_LOOKBACK',
    flag: 'large-trade-lookback',
    default: DEFAULT_LARGE_TRADES_CONFIG.lookback,
    parse: integer(1, 100_000),
    description: 'trades in the rolling mean',
  }),
  ...BOOK_OPTIONS,
  ...DATA_TYPE_OPTIONS,
  ...CANDLE_OPTIONS,
  option({
    key: 'sink',
    env: 'MARKET_FEED_SINK',
    flag: 'sink',
    default: 'kafka',
    parse: oneOf(['kafka', 'stdout'] as const),
    description: 'kafka, or stdout for JSON lines',
  }),
  ...KAFKA_OPTIONS,
  option({
    key: 'schemaRegistryUrl',
    env: 'SCHEMA_REGISTRY_URL',
    flag: 'schema-registry-url',
    default: undefined,
    parse: httpUrlOrEmpty,
    description: 'Confluent Schema Registry; unset: Avro single-object encoding',
  }),
  option({
    key: 'metrics.host',
    env: 'MARKET_FEED_METRICS_HOST',
    flag: 'metrics-host',
    default: '127.0.0.1',
    parse: text,
    description: 'address of /metrics, /healthz and /readyz',
  }),
  option({
    key: 'metrics.port',
    env: 'MARKET_FEED_METRICS_PORT',
    flag: 'metrics-port',
    default: 9464,
    parse: integer(0, 65535),
    description: 'port of /metrics (0 picks a free port)',
  }),
  option({
    key: 'log.level',
    env: 'LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    parse: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const),
    description: 'log level',
  }),
  option({
    key: 'log.pretty',
    env: 'LOG_PRETTY',
    flag: 'log-pretty',
    default: undefined,
    parse: (raw: unknown) => (raw === undefined ? { ok: true, value: undefined } : boolean(raw)),
    description: 'human-readable logs (default: when stderr is a terminal)',
  }),
  option({
    key: 'shutdown.deadlineMs',
    env: 'MARKET_FEED_SHUTDOWN_DEADLINE_MS',
    flag: 'shutdown-deadline-ms',
    default: 10_000,
    parse: integer(0, 600_000),
    description: 'how long shutdown may flush to Kafka',
  }),
];
