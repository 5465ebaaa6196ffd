import { describe, expect, it } from 'vitest';
import type { MarketFeedConfig } from './market-feed-config.js';
import { BINANCE_REST_URL, BINANCE_TESTNET_REST_URL, BINANCE_US_REST_URL, DEFAULT_BINANCE_BOOK_PLAN_CONFIG } from '../exchanges/binance/binance-book-plan.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG } from '../exchanges/binance/binance-book-sequencer.js';
import { BINANCE_STREAM_URL, BINANCE_TESTNET_STREAM_URL, BINANCE_US_STREAM_URL } from '../exchanges/binance/binance-protocol.js';
import { DEFAULT_BYBIT_BOOK_DEPTH } from '../exchanges/bybit/bybit-book-plan.js';
import { BYBIT_SPOT_URL } from '../exchanges/bybit/bybit-protocol.js';
import { DEFAULT_BOOK_SNAPSHOTS_CONFIG } from '../operators/book-snapshots.js';
import { DEFAULT_BOOK_STATS_CONFIG } from '../operators/derive-book-stats.js';
import { DEFAULT_DEDUPE_TRADES_CONFIG } from '../operators/dedupe-trades.js';
import { DEFAULT_DETECT_STALE_CONFIG } from '../operators/detect-stale.js';
import { DEFAULT_FAILOVER_POLICY } from '../operators/failover.js';
import { DEFAULT_KLINE_CROSS_CHECK_CONFIG } from '../operators/kline-cross-check.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from '../operators/large-trades.js';
import { DEFAULT_REPAIR_GAPS_CONFIG } from '../operators/repair-gaps.js';
import { DEFAULT_RETRY_WITH_BACKOFF_CONFIG } from '../operators/retry-with-backoff.js';
import { DEFAULT_REPAIR_TIMEOUT_MS } from '../repair/venue-trade-history.js';
import { DEFAULT_VOLUME_PROFILE_CONFIG } from '../operators/derive-volume-profile.js';
import { DEFAULT_READINESS_CONFIG } from '../pipeline/readiness.js';
import { DEFAULT_BOOK_ANALYTICS_CONFIG } from '../stats/book-analytics.js';
import { DEFAULT_SEND_BATCH, DEFAULT_SEND_BUFFER } from '../sink/kafka-sink.js';
import { DEFAULT_LAST_TRADE_IDS_CONFIG } from '../sink/last-trade-ids.js';
import { DEFAULT_INSTRUMENT_CATALOG_CONFIG } from '../catalog/index.js';
import { BINANCE_CONNECTION_LIMITS } from '../exchanges/binance/binance-limits.js';
import { BYBIT_CONNECTION_LIMITS } from '../exchanges/bybit/bybit-limits.js';
import { DEFAULT_MAX_INSTRUMENTS_PER_SHARD } from '../exchanges/connection-limits.js';
import { DEFAULT_MAX_SYMBOLS } from '../operators/symbol-counters.js';
import { CONFIG_OPTIONS } from './config-options.js';
import { loadConfig } from './load-config.js';

/**
 * The defaults of `run` a user relies on, written out as the documentation states them: the default
 * column of docs/configuration.md, the operators' defaults in docs/library.md ("1 s doubling to 30 s,
 * ±20 % jitter, 5 attempts, reset after 60 s of data", "5 s", "10 s, 30 s, probe every 30 s", ...)
 * and the README's "5-second `feed_stale` signal". Each row: the key, the documented value, and the
 * library's own default (an operator's, the sink's or a venue's), which a library user meets and the
 * option table is built from. Both must be the documented value: a changed constant changes the CLI
 * and the library alike, and fails here until the documentation and this table change with it.
 * (The cluster's settings are pinned in src/cluster/cluster-options.spec.ts.)
 */
const DOCUMENTED_DEFAULTS: readonly (readonly [key: string, documented: unknown, library: unknown])[] = [
  // The venues' endpoints.
  ['urls.bybit', 'wss://stream.bybit.com/v5/public/spot', BYBIT_SPOT_URL],
  ['urls.binance', 'wss://stream.binance.com:9443/stream', BINANCE_STREAM_URL],
  ['urls.binance_us', 'wss://stream.binance.us:9443/stream', BINANCE_US_STREAM_URL],
  ['urls.binance_testnet', 'wss://stream.testnet.binance.vision/stream', BINANCE_TESTNET_STREAM_URL],
  ['restUrls.binance', 'https://api.binance.com', BINANCE_REST_URL],
  ['restUrls.binance_us', 'https://api.binance.us', BINANCE_US_REST_URL],
  ['restUrls.binance_testnet', 'https://testnet.binance.vision', BINANCE_TESTNET_REST_URL],
  // Staleness, failover and reconnects: stale after 5 s, fail over after 10 s of it, switch back after
  // 30 s of primary data, probe every 30 s; reconnect after 1 s doubling to 30 s, ±20 %, 5 attempts,
  // the backoff reset after 60 s of data.
  ['feed.staleAfterMs', 5_000, DEFAULT_DETECT_STALE_CONFIG.staleAfterMs],
  ['feed.failoverAfterMs', 10_000, DEFAULT_FAILOVER_POLICY.failoverAfterMs],
  ['feed.switchBackAfterMs', 30_000, DEFAULT_FAILOVER_POLICY.switchBackAfterMs],
  ['feed.probeIntervalMs', 30_000, DEFAULT_FAILOVER_POLICY.probeIntervalMs],
  ['retry.initialDelayMs', 1_000, DEFAULT_RETRY_WITH_BACKOFF_CONFIG.initialDelayMs],
  ['retry.maxDelayMs', 30_000, DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxDelayMs],
  ['retry.maxAttempts', 5, DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxAttempts],
  ['retry.resetAfterMs', 60_000, DEFAULT_RETRY_WITH_BACKOFF_CONFIG.resetAfterMs],
  ['retry.jitter', 0.2, DEFAULT_RETRY_WITH_BACKOFF_CONFIG.jitter],
  // Dedupe, gaps and their repair.
  ['dedupe.capacity', 100_000, DEFAULT_DEDUPE_TRADES_CONFIG.capacity],
  ['gaps.seedRecords', 10_000, DEFAULT_LAST_TRADE_IDS_CONFIG.recordsPerPartition],
  ['gaps.seedTimeoutMs', 10_000, DEFAULT_LAST_TRADE_IDS_CONFIG.timeoutMs],
  ['gaps.repairMaxQueued', 10_000, DEFAULT_REPAIR_GAPS_CONFIG.maxQueued],
  ['gaps.repairMaxTrades', 100_000, DEFAULT_REPAIR_GAPS_CONFIG.maxTradesPerGap],
  ['gaps.repairTimeoutMs', 10_000, DEFAULT_REPAIR_TIMEOUT_MS],
  // Derived records.
  ['largeTrades.multiple', 10, DEFAULT_LARGE_TRADES_CONFIG.multiple],
  ['largeTrades.lookback', 500, DEFAULT_LARGE_TRADES_CONFIG.lookback],
  ['klines.priceToleranceBps', 25, DEFAULT_KLINE_CROSS_CHECK_CONFIG.priceBps],
  ['klines.volumeTolerancePct', 5, DEFAULT_KLINE_CROSS_CHECK_CONFIG.volumePct],
  ['profile.windowMs', 3_600_000, DEFAULT_VOLUME_PROFILE_CONFIG.windowMs],
  ['profile.rows', 24, DEFAULT_VOLUME_PROFILE_CONFIG.rows],
  ['profile.ticks', {}, DEFAULT_VOLUME_PROFILE_CONFIG.ticks],
  ['profile.tickMultiple', 1, DEFAULT_VOLUME_PROFILE_CONFIG.tickMultiple],
  ['profile.valueAreaPct', 70, DEFAULT_VOLUME_PROFILE_CONFIG.valueAreaPct],
  // Order books.
  ['binanceBook.channel', 'depth@100ms', DEFAULT_BINANCE_BOOK_PLAN_CONFIG.channel],
  ['binanceBook.snapshotLimit', 1_000, DEFAULT_BINANCE_BOOK_PLAN_CONFIG.snapshotLimit],
  ['binanceBook.maxBuffered', 2_000, DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered],
  ['books.bybitDepth', 50, DEFAULT_BYBIT_BOOK_DEPTH],
  ['books.snapshotLevels', 20, DEFAULT_BOOK_SNAPSHOTS_CONFIG.levels],
  ['books.snapshotIntervalMs', 100, DEFAULT_BOOK_SNAPSHOTS_CONFIG.intervalMs],
  ['books.statsIntervalMs', 1_000, DEFAULT_BOOK_STATS_CONFIG.intervalMs],
  ['books.imbalanceLevels', 20, DEFAULT_BOOK_ANALYTICS_CONFIG.imbalanceLevels],
  ['books.depthBandsPct', [0.1, 0.5, 1, 2], DEFAULT_BOOK_ANALYTICS_CONFIG.depthBandsPct],
  ['books.impactNotionals', [1_000, 10_000, 100_000], DEFAULT_BOOK_ANALYTICS_CONFIG.impactNotionals],
  ['books.roundTripNotional', 10_000, DEFAULT_BOOK_ANALYTICS_CONFIG.roundTripNotional],
  // The Kafka sink: batches of 500 records, 512 KiB or 20 ms; 50,000 records in memory; not ready past 5 s unacknowledged.
  ['kafka.batchMaxRecords', 500, DEFAULT_SEND_BATCH.maxRecords],
  ['kafka.batchMaxBytes', 524_288, DEFAULT_SEND_BATCH.maxBytes],
  ['kafka.batchMaxDelayMs', 20, DEFAULT_SEND_BATCH.maxDelayMs],
  ['kafka.bufferMaxRecords', 50_000, DEFAULT_SEND_BUFFER.maxRecords],
  ['kafka.readyMaxAckDelayMs', 5_000, DEFAULT_READINESS_CONFIG.maxAckDelayMs],
  // Connections, capacity and the instrument lists.
  ['connections.maxInstruments', 200, DEFAULT_MAX_INSTRUMENTS_PER_SHARD],
  ['limits.maxSymbols', 10_000, DEFAULT_MAX_SYMBOLS],
  ['connections.binanceMaxStreams', 800, BINANCE_CONNECTION_LIMITS.maxTopics],
  ['connections.bybitMaxTopicChars', 20_000, BYBIT_CONNECTION_LIMITS.maxTopicChars],
  ['connections.binanceAttempts', 300, BINANCE_CONNECTION_LIMITS.connectionsPerWindow],
  ['connections.bybitAttempts', 500, BYBIT_CONNECTION_LIMITS.connectionsPerWindow],
  ['catalog.refreshMs', 300_000, DEFAULT_INSTRUMENT_CATALOG_CONFIG.refreshMs],
  ['catalog.timeoutMs', 15_000, DEFAULT_INSTRUMENT_CATALOG_CONFIG.timeoutMs],
  ['catalog.maxDropShare', 0.2, DEFAULT_INSTRUMENT_CATALOG_CONFIG.maxDropShare],
  ['catalog.acceptDropAfterReads', 3, DEFAULT_INSTRUMENT_CATALOG_CONFIG.acceptDropAfterReads],
];

/** The value of `key` in a loaded configuration: the venues' own options by key, the others by path. */
function valueAt(config: MarketFeedConfig, key: string): unknown {
  if (Object.hasOwn(config.venueOptions, key)) return config.venueOptions[key];
  let value: unknown = config;
  for (const part of key.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

describe('the defaults of run', () => {
  const effective = loadConfig({ env: {}, flags: {} });

  it.each(DOCUMENTED_DEFAULTS)('%s is %j as documented, for run and for a library user alike', (key, documented, library) => {
    expect({ run: valueAt(effective, key), library }).toEqual({ run: documented, library: documented });
  });

  it('lists only settings the option table has', () => {
    const keys = new Set(CONFIG_OPTIONS.map((option) => option.key));
    expect(DOCUMENTED_DEFAULTS.map(([key]) => key).filter((key) => !keys.has(key))).toEqual([]);
  });
});
