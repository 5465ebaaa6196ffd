import type { BookSelection } from '../shards/book-selection.js';
import type { CapacityConfig } from '../pipeline/capacity-options.js';
import type { ClusterConfig } from '../cluster/cluster-options.js';
import type { KafkaSettings } from '../kafka/kafka-settings.js';
import type { ConnectionSettings } from '../pipeline/connection-options.js';
import type { CoinSlice } from './coin-slice.js';
import type { UniverseConfig } from '../catalog/universe-config.js';
import type { VenueOptionValues } from '../exchanges/venue-option.js';
import type { ExchangeId, KlineInterval } from '../model/index.js';

/** The validated configuration of `market-feed run` (see `config-options.ts` for units and defaults). */
export interface MarketFeedConfig extends UniverseConfig, CapacityConfig, ClusterConfig {
  readonly coins: readonly string[];
  /** This process's shard of the coins (`0/1`: all of them). */
  readonly shard: CoinSlice;
  readonly quote: string;
  /** Failover order, primary first; never empty. */
  readonly venues: readonly [ExchangeId, ...ExchangeId[]];
  readonly urls: Readonly<Record<ExchangeId, string>>;
  /** Instruments per connection shard (what one connection may hold is each venue's own option: `VENUE_OPTIONS`). */
  readonly connections: ConnectionSettings;
  /** REST base URLs: the venues' instrument lists and 24 h tickers, and the Binance family's depth snapshots. */
  readonly restUrls: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The venues' own options (`VENUE_OPTIONS`: connection limits, book depth, REST budget, API keys), by key, for the venues to read. */
  readonly venueOptions: VenueOptionValues;
  readonly tls: { readonly allowSelfSigned: boolean };
  readonly feed: { readonly staleAfterMs: number; readonly failoverAfterMs: number; readonly switchBackAfterMs: number; readonly probeIntervalMs: number };
  readonly retry: {
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
    readonly maxAttempts: number;
    readonly resetAfterMs: number;
    readonly jitter: number;
  };
  readonly dedupe: { readonly capacity: number };
  /**
   * Start-up read of the last published trade ids: records per partition (0: off), and its time
   * limit in ms; the repair of gaps from the venues' REST history: on or off, gaps waiting at most,
   * largest gap in trades, time per request in ms.
   */
  readonly gaps: {
    readonly seedRecords: number;
    readonly seedTimeoutMs: number;
    readonly repair: boolean;
    readonly repairMaxQueued: number;
    readonly repairMaxTrades: number;
    readonly repairTimeoutMs: number;
  };
  readonly stats: { readonly windowsMs: readonly number[] };
  readonly largeTrades: { readonly multiple: number; readonly lookback: number };
  /** Order books: followed when `enabled`; snapshot levels and interval, stats interval and figures (units in `config-options.ts`). */
  readonly books: {
    /** Which instruments' books are followed. */
    readonly follow: BookSelection;
    readonly snapshotLevels: number;
    readonly snapshotIntervalMs: number;
    readonly statsIntervalMs: number;
    readonly imbalanceLevels: number;
    readonly depthBandsPct: readonly number[];
    readonly impactNotionals: readonly number[];
    readonly roundTripNotional: number;
  };
  /** The venues' candles and their cross-check against our windows (tolerances in bps and percent). */
  readonly klines: { readonly enabled: boolean; readonly interval: KlineInterval; readonly priceToleranceBps: number; readonly volumeTolerancePct: number };
  /** Binance `<sym>@aggTrade`, off by default. */
  readonly aggTrades: { readonly enabled: boolean };
  /** Volume profiles: window (ms), rows for coins without a tick, ticks per coin, ticks per row, value-area percent. */
  readonly profile: {
    readonly windowMs: number;
    readonly rows: number;
    readonly ticks: Readonly<Record<string, number>>;
    readonly tickMultiple: number;
    readonly valueAreaPct: number;
  };
  readonly sink: 'kafka' | 'stdout';
  readonly kafka: KafkaSinkSettings;
  readonly schemaRegistryUrl?: string;
  readonly metrics: { readonly host: string; readonly port: number };
  readonly log: { readonly level: string; readonly pretty?: boolean };
  readonly shutdown: { readonly deadlineMs: number };
}

/** The `kafka` settings of `run`: how it reaches Kafka (`KafkaSettings`), and the sink's topics, batches, buffer, spool and readiness. */
export interface KafkaSinkSettings extends KafkaSettings {
  readonly topicPrefix: string;
  readonly batchMaxRecords: number;
  readonly batchMaxBytes: number;
  readonly batchMaxDelayMs: number;
  readonly bufferMaxRecords: number;
  /** Reading from the venues pauses at this many records in memory (0: never; undefined: 10 batches, at most half the buffer). */
  readonly pauseIngestAt?: number;
  /** `/readyz` is 503 once the oldest record waiting for an acknowledgement is older than this, ms. */
  readonly readyMaxAckDelayMs: number;
  readonly spoolDir: string;
}
