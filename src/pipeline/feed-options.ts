import { DEFAULT_DEDUPE_TRADES_CONFIG } from '../operators/dedupe-trades.js';
import { DEFAULT_DETECT_STALE_CONFIG } from '../operators/detect-stale.js';
import { DEFAULT_FAILOVER_POLICY } from '../operators/failover.js';
import { DEFAULT_REPAIR_GAPS_CONFIG } from '../operators/repair-gaps.js';
import { DEFAULT_RETRY_WITH_BACKOFF_CONFIG } from '../operators/retry-with-backoff.js';
import type { GapRepairLimits } from '../repair/gap-repair-step.js';
import { DEFAULT_REPAIR_TIMEOUT_MS } from '../repair/venue-trade-history.js';
import { DEFAULT_LAST_TRADE_IDS_CONFIG } from '../sink/last-trade-ids.js';
import { boolean, fraction, integer, option, type ConfigOption } from '../settings/config-option.js';

/** How the feed keeps going and whole: staleness and failover, reconnection, de-duplication, gaps and their repair. */
export const FEED_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'feed.staleAfterMs',
    env: 'MARKET_FEED_STALE_AFTER_MS',
    flag: 'stale-after-ms',
    default: DEFAULT_DETECT_STALE_CONFIG.staleAfterMs,
    parse: integer(100, 3_600_000),
    description: 'ms without data before feed_stale',
  }),
  option({
    key: 'feed.failoverAfterMs',
    env: 'MARKET_FEED_FAILOVER_AFTER_MS',
    flag: 'failover-after-ms',
    default: DEFAULT_FAILOVER_POLICY.failoverAfterMs,
    parse: integer(100, 3_600_000),
    description: 'ms of staleness before failing over to the next venue',
  }),
  option({
    key: 'feed.switchBackAfterMs',
    env: 'MARKET_FEED_SWITCH_BACK_AFTER_MS',
    flag: 'switch-back-after-ms',
    default: DEFAULT_FAILOVER_POLICY.switchBackAfterMs,
    parse: integer(0, 3_600_000),
    description: 'ms of continuous primary data before switching back',
  }),
  option({
    key: 'feed.probeIntervalMs',
    env: 'MARKET_FEED_PROBE_INTERVAL_MS',
    flag: 'probe-interval-ms',
    default: DEFAULT_FAILOVER_POLICY.probeIntervalMs,
    parse: integer(100, 3_600_000),
    description: 'while on a fallback, how often a disconnected primary is tried again',
  }),
  option({
    key: 'retry.initialDelayMs',
    env: 'MARKET_FEED_RETRY_INITIAL_DELAY_MS',
    flag: 'retry-initial-delay-ms',
    default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.initialDelayMs,
    parse: integer(1, 600_000),
    description: 'first reconnect delay',
  }),
  option({
    key: 'retry.maxDelayMs',
    env: 'MARKET_FEED_RETRY_MAX_DELAY_MS',
    flag: 'retry-max-delay-ms',
    default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxDelayMs,
    parse: integer(1, 3_600_000),
    description: 'reconnect delay cap',
  }),
  option({
    key: 'retry.maxAttempts',
    env: 'MARKET_FEED_RETRY_MAX_ATTEMPTS',
    flag: 'retry-max-attempts',
    default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.maxAttempts,
    parse: integer(1, 1_000_000),
    description: 'reconnects to a venue before failing over',
  }),
  option({
    key: 'retry.resetAfterMs',
    env: 'MARKET_FEED_RETRY_RESET_AFTER_MS',
    flag: 'retry-reset-after-ms',
    default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.resetAfterMs,
    parse: integer(0, 3_600_000),
    description: 'ms of healthy data that resets the backoff',
  }),
  option({
    key: 'retry.jitter',
    env: 'MARKET_FEED_RETRY_JITTER',
    flag: 'retry-jitter',
    default: DEFAULT_RETRY_WITH_BACKOFF_CONFIG.jitter,
    parse: fraction,
    description: 'random spread of each reconnect delay, a fraction of it (0 to 1), so that sockets dropped together do not return together',
  }),
  option({
    key: 'dedupe.capacity',
    env: 'MARKET_FEED_DEDUPE_CAPACITY',
    flag: 'dedupe-capacity',
    default: DEFAULT_DEDUPE_TRADES_CONFIG.capacity,
    parse: integer(1, 10_000_000),
    description: 'trade ids remembered for de-duplication',
  }),
  option({
    key: 'gaps.seedRecords',
    env: 'MARKET_FEED_GAP_SEED_RECORDS',
    flag: 'gap-seed-records',
    default: DEFAULT_LAST_TRADE_IDS_CONFIG.recordsPerPartition,
    parse: integer(0, 10_000_000),
    description: 'trade records read back per partition at start-up, so a hole in trade ids across a restart is reported as a gap (Kafka sink only; 0: off)',
  }),
  option({
    key: 'gaps.seedTimeoutMs',
    env: 'MARKET_FEED_GAP_SEED_TIMEOUT_MS',
    flag: 'gap-seed-timeout-ms',
    default: DEFAULT_LAST_TRADE_IDS_CONFIG.timeoutMs,
    parse: integer(100, 600_000),
    description: 'ms the start-up read of the last trade ids may take before it is given up with a warning',
  }),
  option({
    key: 'gaps.repair',
    env: 'MARKET_FEED_GAP_REPAIR',
    flag: 'gap-repair',
    default: true,
    parse: boolean,
    description:
      "fetch the trades of each named gap from the venue's REST history (Binance family by id; Bybit its last 60 spot trades) when its REST budget is idle, published as source repair, then gap_repaired or gap_unrepaired",
  }),
  option({
    key: 'gaps.repairMaxQueued',
    env: 'MARKET_FEED_GAP_REPAIR_MAX_QUEUED',
    flag: 'gap-repair-max-queued',
    default: DEFAULT_REPAIR_GAPS_CONFIG.maxQueued,
    parse: integer(1, 1_000_000),
    description: 'gaps waiting for repair at most; past it a gap is gap_unrepaired (budget) at once',
  }),
  option({
    key: 'gaps.repairMaxTrades',
    env: 'MARKET_FEED_GAP_REPAIR_MAX_TRADES',
    flag: 'gap-repair-max-trades',
    default: DEFAULT_REPAIR_GAPS_CONFIG.maxTradesPerGap,
    parse: integer(1, 100_000_000),
    description: 'largest gap repaired, in trades (Binance: 25 weight per 1,000); a larger one is gap_unrepaired (budget)',
  }),
  option({
    key: 'gaps.repairTimeoutMs',
    env: 'MARKET_FEED_GAP_REPAIR_TIMEOUT_MS',
    flag: 'gap-repair-timeout-ms',
    default: DEFAULT_REPAIR_TIMEOUT_MS,
    parse: integer(100, 600_000),
    description: 'ms one history request may take (Binance: once started; Bybit: from asking, pacer waits included)',
  }),
];

/** Staleness and failover, ms (see `FEED_OPTIONS`). */
export interface FeedSettings {
  readonly staleAfterMs: number;
  readonly failoverAfterMs: number;
  readonly switchBackAfterMs: number;
  readonly probeIntervalMs: number;
}

/** Reconnection to a venue: delays (ms), attempts, the healthy time that resets them, and jitter (0 to 1). */
export interface RetrySettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly resetAfterMs: number;
  readonly jitter: number;
}

/**
 * Start-up read of the last published trade ids: records per partition (0: off), and its time
 * limit in ms; the repair of gaps from the venues' REST history (`GapRepairLimits`).
 */
export interface GapSettings extends GapRepairLimits {
  readonly seedRecords: number;
  readonly seedTimeoutMs: number;
}
