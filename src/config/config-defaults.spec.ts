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
 * Each setting of `run` that a library user also meets as an operator's (or sink's, or protocol's)
 * own default, beside that default. A library user calling the operator and a user of the CLI must
 * get the same behaviour; a literal in the option table that differs fails here.
 */
const SHARED_DEFAULTS: readonly (readonly [key: string, library: unknown])[] = [
  ['urls.bybit', BYBIT_SPOT_URL],
  ['urls.binance', BINANCE_STREAM_URL],
  ['urls.binance_us', BINANCE_US_STREAM_URL],
  ['urls.binance_testnet', BINANCE_TESTNET_STREAM_URL],
  ['restUrls.binance', BINANCE_REST_URL],
  ['restUrls.binance_us', BINANCE_US_REST_URL],
  ['restUrls.binance_testnet', BINANCE_TESTNET_REST_URL],
  ['binanceBook.channel', DEFAULT_BINANCE_BOOK_PLAN_CONFIG.channel],
  ['binanceBook.snapshotLimit', DEFAULT_BINANCE_BOOK_PLAN_CONFIG.snapshotLimit],
  ['binanceBook.maxBuffered', DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered],
  ['feed.staleAfterMs', DEFAULT_DETECT_STALE_CONFIG.staleAfterMs],
  ['feed.failoverAfterMs', DEFAULT_FAILOVER_POLICY.failoverAfterMs],
  ['feed.switchBackAfterMs', DEFAULT_FAILOVER_POLICY.switchBackAfterMs],
  ['feed.probeIntervalMs', DEFAULT_FAILOVER_POLICY.probeIntervalMs],
  ['retry.initialDelayMs', DEFAULT_RETRY_WITH_BACKOFF_CONFIG.initialDelayMs],
  ['retry.maxDelayMs', DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxDelayMs],
  ['retry.maxAttempts', DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxAttempts],
  ['retry.resetAfterMs', DEFAULT_RETRY_WITH_BACKOFF_CONFIG.resetAfterMs],
  ['retry.jitter', DEFAULT_RETRY_WITH_BACKOFF_CONFIG.jitter],
  ['dedupe.capacity', DEFAULT_DEDUPE_TRADES_CONFIG.capacity],
  ['gaps.seedRecords', DEFAULT_LAST_TRADE_IDS_CONFIG.recordsPerPartition],
  ['gaps.seedTimeoutMs', DEFAULT_LAST_TRADE_IDS_CONFIG.timeoutMs],
  ['gaps.repairMaxQueued', DEFAULT_REPAIR_GAPS_CONFIG.maxQueued],
  ['gaps.repairMaxTrades', DEFAULT_REPAIR_GAPS_CONFIG.maxTradesPerGap],
  ['gaps.repairTimeoutMs', DEFAULT_REPAIR_TIMEOUT_MS],
  ['largeTrades.multiple', DEFAULT_LARGE_TRADES_CONFIG.multiple],
  ['largeTrades.lookback', DEFAULT_LARGE_TRADES_CONFIG.lookback],
  ['books.bybitDepth', DEFAULT_BYBIT_BOOK_DEPTH],
  ['books.snapshotLevels', DEFAULT_BOOK_SNAPSHOTS_CONFIG.levels],
  ['books.snapshotIntervalMs', DEFAULT_BOOK_SNAPSHOTS_CONFIG.intervalMs],
  ['books.statsIntervalMs', DEFAULT_BOOK_STATS_CONFIG.intervalMs],
  ['books.imbalanceLevels', DEFAULT_BOOK_ANALYTICS_CONFIG.imbalanceLevels],
  ['books.depthBandsPct', DEFAULT_BOOK_ANALYTICS_CONFIG.depthBandsPct],
  ['books.impactNotionals', DEFAULT_BOOK_ANALYTICS_CONFIG.impactNotionals],
  ['books.roundTripNotional', DEFAULT_BOOK_ANALYTICS_CONFIG.roundTripNotional],
  ['klines.priceToleranceBps', DEFAULT_KLINE_CROSS_CHECK_CONFIG.priceBps],
  ['klines.volumeTolerancePct', DEFAULT_KLINE_CROSS_CHECK_CONFIG.volumePct],
  ['profile.windowMs', DEFAULT_VOLUME_PROFILE_CONFIG.windowMs],
  ['profile.rows', DEFAULT_VOLUME_PROFILE_CONFIG.rows],
  ['profile.ticks', DEFAULT_VOLUME_PROFILE_CONFIG.ticks],
  ['profile.tickMultiple', DEFAULT_VOLUME_PROFILE_CONFIG.tickMultiple],
  ['profile.valueAreaPct', DEFAULT_VOLUME_PROFILE_CONFIG.valueAreaPct],
  ['kafka.batchMaxRecords', DEFAULT_SEND_BATCH.maxRecords],
  ['kafka.batchMaxBytes', DEFAULT_SEND_BATCH.maxBytes],
  ['kafka.batchMaxDelayMs', DEFAULT_SEND_BATCH.maxDelayMs],
  ['kafka.bufferMaxRecords', DEFAULT_SEND_BUFFER.maxRecords],
  ['kafka.readyMaxAckDelayMs', DEFAULT_READINESS_CONFIG.maxAckDelayMs],
  ['connections.maxInstruments', DEFAULT_MAX_INSTRUMENTS_PER_SHARD],
  ['limits.maxSymbols', DEFAULT_MAX_SYMBOLS],
  ['connections.binanceMaxStreams', BINANCE_CONNECTION_LIMITS.maxTopics],
  ['connections.bybitMaxTopicChars', BYBIT_CONNECTION_LIMITS.maxTopicChars],
  ['connections.binanceAttempts', BINANCE_CONNECTION_LIMITS.connectionsPerWindow],
  ['connections.bybitAttempts', BYBIT_CONNECTION_LIMITS.connectionsPerWindow],
  ['catalog.refreshMs', DEFAULT_INSTRUMENT_CATALOG_CONFIG.refreshMs],
  ['catalog.timeoutMs', DEFAULT_INSTRUMENT_CATALOG_CONFIG.timeoutMs],
  ['catalog.maxDropShare', DEFAULT_INSTRUMENT_CATALOG_CONFIG.maxDropShare],
  ['catalog.acceptDropAfterReads', DEFAULT_INSTRUMENT_CATALOG_CONFIG.acceptDropAfterReads],
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

  it.each(SHARED_DEFAULTS)('%s is the library default', (key, library) => {
    expect(valueAt(effective, key)).toEqual(library);
  });

  it('lists only settings the option table has', () => {
    const keys = new Set(CONFIG_OPTIONS.map((option) => option.key));
    expect(SHARED_DEFAULTS.map(([key]) => key).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('switches back after 30 s of primary data, resets the backoff after 60 s of data, jitters by 20 %, remembers 100,000 trade ids, buffers 50,000 records', () => {
    // The values chosen where the CLI and the operators used to disagree, pinned so that a change is deliberate.
    expect([
      effective.feed.switchBackAfterMs,
      effective.retry.resetAfterMs,
      effective.retry.jitter,
      effective.retry.maxAttempts,
      effective.dedupe.capacity,
      effective.kafka.bufferMaxRecords,
    ]).toEqual([30_000, 60_000, 0.2, 5, 100_000, 50_000]);
  });
});
