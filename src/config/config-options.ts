import { BINANCE_REST_URL, BINANCE_TESTNET_REST_URL, BINANCE_US_REST_URL, DEFAULT_BINANCE_BOOK_PLAN_CONFIG } from '../exchanges/binance/binance-book-plan.js';
import { BINANCE_STREAM_URL, BINANCE_TESTNET_STREAM_URL, BINANCE_US_STREAM_URL } from '../exchanges/binance/binance-protocol.js';
import { BYBIT_SPOT_URL } from '../exchanges/bybit/bybit-protocol.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG } from '../exchanges/binance/binance-book-sequencer.js';
import { DEFAULT_REST_WEIGHT_PACER_CONFIG } from '../exchanges/rest/rest-weight-pacer.js';
import { BYBIT_BOOK_DEPTHS, DEFAULT_BYBIT_BOOK_DEPTH } from '../exchanges/bybit/bybit-book-plan.js';
import { EXCHANGE_IDS } from '../model/index.js';
import { DEFAULT_BOOK_SNAPSHOTS_CONFIG } from '../operators/book-snapshots.js';
import { DEFAULT_BOOK_STATS_CONFIG } from '../operators/derive-book-stats.js';
import { DEFAULT_DEDUPE_TRADES_CONFIG } from '../operators/dedupe-trades.js';
import { DEFAULT_DETECT_STALE_CONFIG } from '../operators/detect-stale.js';
import { DEFAULT_FAILOVER_POLICY } from '../operators/failover.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from '../operators/large-trades.js';
import { DEFAULT_REPAIR_GAPS_CONFIG } from '../operators/repair-gaps.js';
import { DEFAULT_RETRY_WITH_BACKOFF_CONFIG } from '../operators/retry-with-backoff.js';
import { DEFAULT_REPAIR_TIMEOUT_MS } from '../repair/venue-trade-history.js';
import { DEFAULT_BOOK_ANALYTICS_CONFIG } from '../stats/book-analytics.js';
import { DEFAULT_SEND_BATCH, DEFAULT_SEND_BUFFER } from '../sink/kafka-sink.js';
import { DEFAULT_LAST_TRADE_IDS_CONFIG } from '../sink/last-trade-ids.js';
import { DEFAULT_READINESS_CONFIG } from '../pipeline/readiness.js';
import { NO_BOOKS, bookSelection } from '../shards/book-selection.js';
import { CANDLE_OPTIONS } from './candle-options.js';
import { CAPACITY_OPTIONS } from './capacity-options.js';
import { CLUSTER_OPTIONS } from './cluster-options.js';
import { CONNECTION_OPTIONS } from './connection-options.js';
import { UNIVERSE_OPTIONS } from './universe-options.js';
import { NO_SHARDS, shardSpec } from './shard.js';
import {
  boolean, coin, fraction, hostPort, httpUrl, httpUrlOrEmpty, integer, list, oneOf, oneOfIntegers, option, optionalInteger, optionalText, positiveNumber, text, wsUrl,
  type ConfigOption,
} from './config-option.js';

/** The 20 default coins, all quoted in USDT. */
export const DEFAULT_COINS = [
  'BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT',
  'LTC', 'TRX', 'TON', 'SUI', 'NEAR', 'APT', 'ARB', 'OP', 'PEPE', 'SHIB',
] as const;

/** Every setting of `market-feed run`, in the order `--help` lists them. */
export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  option({ key: 'coins', env: 'MARKET_FEED_COINS', flag: 'coins', default: [...DEFAULT_COINS], parse: list(coin), description: 'coins to follow (base assets)' }),
  option({ key: 'shard', env: 'MARKET_FEED_SHARD', flag: 'shard', default: NO_SHARDS, parse: shardSpec, description: 'INDEX/COUNT: this process follows every COUNT-th of the sorted coins from INDEX (several run processes share the coins; each gets a spool folder of its own)' }),
  option({ key: 'quote', env: 'MARKET_FEED_QUOTE', flag: 'quote', default: 'USDT', parse: coin, description: 'quote asset of every coin (--instruments coins; --quotes with --instruments all)' }),
  ...UNIVERSE_OPTIONS,
  ...CONNECTION_OPTIONS,
  ...CAPACITY_OPTIONS,
  ...CLUSTER_OPTIONS,
  option({ key: 'venues', env: 'MARKET_FEED_VENUES', flag: 'venues', default: [...EXCHANGE_IDS], parse: list(oneOf(EXCHANGE_IDS)), description: 'venues in failover order, primary first' }),
  option({ key: 'urls.bybit', env: 'BYBIT_WS_URL', flag: 'bybit-url', default: BYBIT_SPOT_URL, parse: wsUrl, description: 'Bybit v5 public spot WebSocket' }),
  option({ key: 'urls.binance', env: 'BINANCE_WS_URL', flag: 'binance-url', default: BINANCE_STREAM_URL, parse: wsUrl, description: 'Binance combined-stream WebSocket' }),
  option({ key: 'urls.binance_us', env: 'BINANCE_US_WS_URL', flag: 'binance-us-url', default: BINANCE_US_STREAM_URL, parse: wsUrl, description: 'Binance US combined-stream WebSocket' }),
  option({ key: 'urls.binance_testnet', env: 'BINANCE_TESTNET_WS_URL', flag: 'binance-testnet-url', default: BINANCE_TESTNET_STREAM_URL, parse: wsUrl, description: 'Binance spot testnet WebSocket (prices tagged env=testnet)' }),
  option({ key: 'restUrls.binance', env: 'BINANCE_REST_URL', flag: 'binance-rest-url', default: BINANCE_REST_URL, parse: httpUrl, description: 'Binance REST API (depth snapshots)' }),
  option({ key: 'restUrls.binance_us', env: 'BINANCE_US_REST_URL', flag: 'binance-us-rest-url', default: BINANCE_US_REST_URL, parse: httpUrl, description: 'Binance US REST API (depth snapshots)' }),
  option({ key: 'restUrls.binance_testnet', env: 'BINANCE_TESTNET_REST_URL', flag: 'binance-testnet-rest-url', default: BINANCE_TESTNET_REST_URL, parse: httpUrl, description: 'Binance spot testnet REST API (depth snapshots)' }),
  option({ key: 'binanceBook.channel', env: 'MARKET_FEED_BINANCE_DEPTH_CHANNEL', flag: 'binance-depth-channel', default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.channel, parse: oneOf(['depth@100ms', 'depth'] as const), description: 'Binance diff-depth stream: depth@100ms, or depth (1000 ms)' }),
  option({ key: 'binanceBook.snapshotLimit', env: 'MARKET_FEED_BINANCE_SNAPSHOT_LIMIT', flag: 'binance-snapshot-limit', default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.snapshotLimit, parse: integer(1, 5000), description: 'levels per side of each REST depth snapshot (request weight 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000)' }),
  option({ key: 'binanceBook.restWeightPerMinute', env: 'MARKET_FEED_BINANCE_REST_WEIGHT_PER_MINUTE', flag: 'binance-rest-weight-per-minute', default: DEFAULT_REST_WEIGHT_PACER_CONFIG.weightPerMinute, parse: integer(1, 1_000_000), description: 'REST request weight the depth snapshots of one Binance venue may use per minute' }),
  option({ key: 'binanceBook.maxBuffered', env: 'MARKET_FEED_BINANCE_MAX_BUFFERED', flag: 'binance-max-buffered', default: DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered, parse: integer(1, 1_000_000), description: 'depth updates held per symbol while its snapshot is fetched; one more restarts that symbol' }),
  option({ key: 'tls.allowSelfSigned', env: 'MARKET_FEED_TLS_ALLOW_SELF_SIGNED', flag: 'tls-allow-self-signed', default: false, parse: boolean, description: 'accept venue certificates that do not verify (never in production)' }),
  option({ key: 'feed.staleAfterMs', env: 'MARKET_FEED_STALE_AFTER_MS', flag: 'stale-after-ms', default: DEFAULT_DETECT_STALE_CONFIG.staleAfterMs, parse: integer(100, 3_600_000), description: 'ms without data before feed_stale' }),
  option({ key: 'feed.failoverAfterMs', env: 'MARKET_FEED_FAILOVER_AFTER_MS', flag: 'failover-after-ms', default: DEFAULT_FAILOVER_POLICY.failoverAfterMs, parse: integer(100, 3_600_000), description: 'ms of staleness before failing over to the next venue' }),
  option({ key: 'feed.switchBackAfterMs', env: 'MARKET_FEED_SWITCH_BACK_AFTER_MS', flag: 'switch-back-after-ms', default: DEFAULT_FAILOVER_POLICY.switchBackAfterMs, parse: integer(0, 3_600_000), description: 'ms of continuous primary data before switching back' }),
  option({ key: 'feed.probeIntervalMs', env: 'MARKET_FEED_PROBE_INTERVAL_MS', flag: 'probe-interval-ms', default: DEFAULT_FAILOVER_POLICY.probeIntervalMs, parse: integer(100, 3_600_000), description: 'while on a fallback, how often a disconnected primary is tried again' }),
  option({ key: 'retry.initialDelayMs', env: 'MARKET_FEED_RETRY_INITIAL_DELAY_MS', flag: 'retry-initial-delay-ms', default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.initialDelayMs, parse: integer(1, 600_000), description: 'first reconnect delay' }),
  option({ key: 'retry.maxDelayMs', env: 'MARKET_FEED_RETRY_MAX_DELAY_MS', flag: 'retry-max-delay-ms', default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxDelayMs, parse: integer(1, 3_600_000), description: 'reconnect delay cap' }),
  option({ key: 'retry.maxAttempts', env: 'MARKET_FEED_RETRY_MAX_ATTEMPTS', flag: 'retry-max-attempts', default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxAttempts, parse: integer(1, 1_000_000), description: 'reconnects to a venue before failing over' }),
  option({ key: 'retry.resetAfterMs', env: 'MARKET_FEED_RETRY_RESET_AFTER_MS', flag: 'retry-reset-after-ms', default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.resetAfterMs, parse: integer(0, 3_600_000), description: 'ms of healthy data that resets the backoff' }),
  option({ key: 'retry.jitter', env: 'MARKET_FEED_RETRY_JITTER', flag: 'retry-jitter', default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.jitter, parse: fraction, description: 'random spread of each reconnect delay, a fraction of it (0 to 1), so that sockets dropped together do not return together' }),
  option({ key: 'dedupe.capacity', env: 'MARKET_FEED_DEDUPE_CAPACITY', flag: 'dedupe-capacity', default: DEFAULT_DEDUPE_TRADES_CONFIG.capacity, parse: integer(1, 10_000_000), description: 'trade ids remembered for de-duplication' }),
  option({ key: 'gaps.seedRecords', env: 'MARKET_FEED_GAP_SEED_RECORDS', flag: 'gap-seed-records', default: DEFAULT_LAST_TRADE_IDS_CONFIG.recordsPerPartition, parse: integer(0, 10_000_000), description: 'trade records read back per partition at start-up, so a hole in trade ids across a restart is reported as a gap (Kafka sink only; 0: off)' }),
  option({ key: 'gaps.seedTimeoutMs', env: 'MARKET_FEED_GAP_SEED_TIMEOUT_MS', flag: 'gap-seed-timeout-ms', default: DEFAULT_LAST_TRADE_IDS_CONFIG.timeoutMs, parse: integer(100, 600_000), description: 'ms the start-up read of the last trade ids may take before it is given up with a warning' }),
  option({ key: 'gaps.repair', env: 'MARKET_FEED_GAP_REPAIR', flag: 'gap-repair', default: true, parse: boolean, description: "fetch the trades of each named gap from the venue's REST history (Binance family by id; Bybit its last 60 spot trades) when its REST budget is idle, published as source repair, then gap_repaired or gap_unrepaired" }),
  option({ key: 'gaps.repairMaxQueued', env: 'MARKET_FEED_GAP_REPAIR_MAX_QUEUED', flag: 'gap-repair-max-queued', default: DEFAULT_REPAIR_GAPS_CONFIG.maxQueued, parse: integer(1, 1_000_000), description: 'gaps waiting for repair at most; past it a gap is gap_unrepaired (budget) at once' }),
  option({ key: 'gaps.repairMaxTrades', env: 'MARKET_FEED_GAP_REPAIR_MAX_TRADES', flag: 'gap-repair-max-trades', default: DEFAULT_REPAIR_GAPS_CONFIG.maxTradesPerGap, parse: integer(1, 100_000_000), description: 'largest gap repaired, in trades (Binance: 25 weight per 1,000); a larger one is gap_unrepaired (budget)' }),
  option({ key: 'gaps.repairTimeoutMs', env: 'MARKET_FEED_GAP_REPAIR_TIMEOUT_MS', flag: 'gap-repair-timeout-ms', default: DEFAULT_REPAIR_TIMEOUT_MS, parse: integer(100, 600_000), description: 'ms one history request may take (Binance: once started; Bybit: from asking, pacer waits included)' }),
  option({ key: 'gaps.binanceApiKey', env: 'BINANCE_API_KEY', flag: 'binance-api-key', default: undefined, parse: optionalText, secret: true, description: 'sent as X-MBX-APIKEY on Binance-family trade history requests (older documentation asks for one; never logged)' }),
  option({ key: 'stats.windowsMs', env: 'MARKET_FEED_STATS_WINDOWS_MS', flag: 'stats-windows-ms', default: [1000, 60_000], parse: list(integer(100, 86_400_000)), description: 'tumbling window lengths for market.stats.v1' }),
  option({ key: 'largeTrades.multiple', env: 'MARKET_FEED_LARGE_TRADE_MULTIPLE', flag: 'large-trade-multiple', default: DEFAULT_LARGE_TRADES_CONFIG.multiple, parse: positiveNumber, description: 'a large trade is this many times the rolling mean size' }),
  option({ key: 'largeTrades.lookback', env: 'MARKET_FEED_LARGE_TRADE_LOOKBACK', flag: 'large-trade-lookback', default: DEFAULT_LARGE_TRADES_CONFIG.lookback, parse: integer(1, 100_000), description: 'trades in the rolling mean' }),
  option({ key: 'books.follow', env: 'MARKET_FEED_BOOKS', flag: 'books', default: NO_BOOKS, parse: bookSelection, description: 'L2 order books to follow (venues with a book plan), published on market.book-snapshots.v1 and market.book-stats.v1: none, all, a coin list (BTC,ETH), or top:N, the N busiest instruments by 24 h quote volume (true/false: all/none)' }),
  option({ key: 'books.bybitDepth', env: 'MARKET_FEED_BYBIT_BOOK_DEPTH', flag: 'bybit-book-depth', default: DEFAULT_BYBIT_BOOK_DEPTH, parse: oneOfIntegers(BYBIT_BOOK_DEPTHS), description: 'levels per side of the Bybit depth topic orderbook.{depth}' }),
  option({ key: 'books.snapshotLevels', env: 'MARKET_FEED_BOOK_SNAPSHOT_LEVELS', flag: 'book-snapshot-levels', default: DEFAULT_BOOK_SNAPSHOTS_CONFIG.levels, parse: integer(1, 1000), description: 'levels per side in each book snapshot' }),
  option({ key: 'books.snapshotIntervalMs', env: 'MARKET_FEED_BOOK_SNAPSHOT_INTERVAL_MS', flag: 'book-snapshot-interval-ms', default: DEFAULT_BOOK_SNAPSHOTS_CONFIG.intervalMs, parse: integer(10, 3_600_000), description: 'ms between book snapshots of a symbol (only when its top levels changed)' }),
  option({ key: 'books.statsIntervalMs', env: 'MARKET_FEED_BOOK_STATS_INTERVAL_MS', flag: 'book-stats-interval-ms', default: DEFAULT_BOOK_STATS_CONFIG.intervalMs, parse: integer(10, 3_600_000), description: 'ms between book statistics of a symbol' }),
  option({ key: 'books.imbalanceLevels', env: 'MARKET_FEED_BOOK_IMBALANCE_LEVELS', flag: 'book-imbalance-levels', default: DEFAULT_BOOK_ANALYTICS_CONFIG.imbalanceLevels, parse: integer(1, 1000), description: 'levels per side summed for the book imbalance' }),
  option({ key: 'books.depthBandsPct', env: 'MARKET_FEED_BOOK_DEPTH_BANDS_PCT', flag: 'book-depth-bands-pct', default: [...DEFAULT_BOOK_ANALYTICS_CONFIG.depthBandsPct], parse: list(positiveNumber), description: 'half-widths of the depth bands, percent of mid' }),
  option({ key: 'books.impactNotionals', env: 'MARKET_FEED_BOOK_IMPACT_NOTIONALS', flag: 'book-impact-notionals', default: [...DEFAULT_BOOK_ANALYTICS_CONFIG.impactNotionals], parse: list(positiveNumber), description: 'market order sizes for the price impact, quote units' }),
  option({ key: 'books.roundTripNotional', env: 'MARKET_FEED_BOOK_ROUND_TRIP_NOTIONAL', flag: 'book-round-trip-notional', default: DEFAULT_BOOK_ANALYTICS_CONFIG.roundTripNotional, parse: positiveNumber, description: 'order size of the round-trip cost, quote units' }),
  ...CANDLE_OPTIONS,
  option({ key: 'sink', env: 'MARKET_FEED_SINK', flag: 'sink', default: 'kafka', parse: oneOf(['kafka', 'stdout'] as const), description: 'kafka, or stdout for JSON lines' }),
  option({ key: 'kafka.brokers', env: 'KAFKA_BROKERS', flag: 'kafka-brokers', default: ['127.0.0.1:9092'], parse: list(hostPort), description: 'bootstrap servers' }),
  option({ key: 'kafka.clientId', env: 'KAFKA_CLIENT_ID', flag: 'kafka-client-id', default: 'market-feed', parse: text, description: 'Kafka client id' }),
  option({ key: 'kafka.topicPrefix', env: 'KAFKA_TOPIC_PREFIX', flag: 'kafka-topic-prefix', default: '', parse: (raw: unknown) => (raw === '' ? { ok: true, value: '' } : text(raw)), description: 'prefix of every topic name' }),
  option({ key: 'kafka.partitions', env: 'KAFKA_PARTITIONS', flag: 'kafka-partitions', default: 6, parse: integer(1, 1000), description: 'partitions of topics created at start-up' }),
  option({ key: 'kafka.replicationFactor', env: 'KAFKA_REPLICATION_FACTOR', flag: 'kafka-replication-factor', default: 1, parse: integer(1, 10), description: 'replication factor of topics created at start-up' }),
  option({ key: 'kafka.compression', env: 'KAFKA_COMPRESSION', flag: 'kafka-compression', default: 'none', parse: oneOf(['none', 'gzip', 'snappy', 'lz4'] as const), description: 'producer compression' }),
  option({ key: 'kafka.client', env: 'KAFKA_CLIENT', flag: 'kafka-client', default: 'librdkafka', parse: oneOf(['kafkajs', 'librdkafka'] as const), description: 'producer: librdkafka (optional package @confluentinc/kafka-javascript; sends on its own threads; when left at the default and the package cannot be loaded, kafkajs with a warning), or kafkajs (pure JavaScript)' }),
  option({ key: 'kafka.batchMaxRecords', env: 'KAFKA_BATCH_MAX_RECORDS', flag: 'kafka-batch-max-records', default: DEFAULT_SEND_BATCH.maxRecords, parse: integer(1, 100_000), description: 'flush a batch at this many records' }),
  option({ key: 'kafka.batchMaxBytes', env: 'KAFKA_BATCH_MAX_BYTES', flag: 'kafka-batch-max-bytes', default: DEFAULT_SEND_BATCH.maxBytes, parse: integer(1024, 64 * 1024 * 1024), description: "bytes per produce request at most (keep below the broker's message.max.bytes)" }),
  option({ key: 'kafka.batchMaxDelayMs', env: 'KAFKA_BATCH_MAX_DELAY_MS', flag: 'kafka-batch-max-delay-ms', default: DEFAULT_SEND_BATCH.maxDelayMs, parse: integer(0, 60_000), description: 'flush a batch after this many ms' }),
  option({ key: 'kafka.pauseIngestAt', env: 'KAFKA_PAUSE_INGEST_AT', flag: 'kafka-pause-ingest-at', default: undefined, parse: optionalInteger(0, 10_000_000), description: 'stop reading the venues while this many records wait in memory and Kafka is reachable (0: never; default 10 batches, at most half the buffer)' }),
  option({ key: 'kafka.bufferMaxRecords', env: 'KAFKA_BUFFER_MAX_RECORDS', flag: 'kafka-buffer-max-records', default: DEFAULT_SEND_BUFFER.maxRecords, parse: integer(100, 10_000_000), description: 'in-memory records before spilling to the spool' }),
  option({ key: 'kafka.readyMaxAckDelayMs', env: 'MARKET_FEED_READY_MAX_ACK_DELAY_MS', flag: 'ready-max-ack-delay-ms', default: DEFAULT_READINESS_CONFIG.maxAckDelayMs, parse: integer(100, 3_600_000), description: '/readyz: not ready once the oldest record waiting for a Kafka acknowledgement (memory or spool) is older than this many ms' }),
  option({ key: 'kafka.spoolDir', env: 'MARKET_FEED_SPOOL_DIR', flag: 'spool-dir', default: '.spool', parse: text, description: 'on-disk spool for records Kafka could not take yet' }),
  option({ key: 'kafka.ssl', env: 'KAFKA_SSL', flag: 'kafka-ssl', default: false, parse: boolean, description: 'TLS to the brokers' }),
  option({ key: 'kafka.saslMechanism', env: 'KAFKA_SASL_MECHANISM', flag: 'kafka-sasl-mechanism', default: undefined, parse: (raw: unknown) => (raw === undefined || raw === '' ? { ok: true, value: undefined } : oneOf(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(raw)), description: 'SASL mechanism: plain, scram-sha-256 or scram-sha-512' }),
  option({ key: 'kafka.saslUsername', env: 'KAFKA_SASL_USERNAME', flag: 'kafka-sasl-username', default: undefined, parse: optionalText, description: 'SASL user name' }),
  option({ key: 'kafka.saslPassword', env: 'KAFKA_SASL_PASSWORD', flag: 'kafka-sasl-password', default: undefined, parse: optionalText, secret: true, description: 'SASL password' }),
  option({ key: 'schemaRegistryUrl', env: 'SCHEMA_REGISTRY_URL', flag: 'schema-registry-url', default: undefined, parse: httpUrlOrEmpty, description: 'Confluent Schema Registry; unset: Avro single-object encoding' }),
  option({ key: 'metrics.host', env: 'MARKET_FEED_METRICS_HOST', flag: 'metrics-host', default: '127.0.0.1', parse: text, description: 'address of /metrics, /healthz and /readyz' }),
  option({ key: 'metrics.port', env: 'MARKET_FEED_METRICS_PORT', flag: 'metrics-port', default: 9464, parse: integer(0, 65535), description: 'port of /metrics (0 picks a free port)' }),
  option({ key: 'log.level', env: 'LOG_LEVEL', flag: 'log-level', default: 'info', parse: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const), description: 'log level' }),
  option({ key: 'log.pretty', env: 'LOG_PRETTY', flag: 'log-pretty', default: undefined, parse: (raw: unknown) => (raw === undefined ? { ok: true, value: undefined } : boolean(raw)), description: 'human-readable logs (default: when stderr is a terminal)' }),
  option({ key: 'shutdown.deadlineMs', env: 'MARKET_FEED_SHUTDOWN_DEADLINE_MS', flag: 'shutdown-deadline-ms', default: 10_000, parse: integer(0, 600_000), description: 'how long shutdown may flush to Kafka' }),
];
