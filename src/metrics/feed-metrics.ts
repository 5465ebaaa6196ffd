import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { IngestPauseMetrics } from './ingest-pause-metrics.js';
import { ListingSweepMetrics } from './listing-sweep-metrics.js';
import { ReadinessGauge } from './readiness-gauge.js';
import { ClusterShardMetrics } from './cluster-shard-metrics.js';
import { ShardMetrics } from './shard-metrics.js';
import { TallyCounter } from './tally-counter.js';
import { TallyHistogram } from './tally-histogram.js';
import { SinkMetrics } from './sink-metrics.js';
import { SymbolCapacityMetrics } from './symbol-capacity-metrics.js';

/** Latency buckets in seconds: 1 ms .. 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The pipeline's Prometheus metrics, in a registry of their own (no global state). The ones updated
 * per record are tallies (`TallyCounter`, `TallyHistogram`): look a label set's slot up once, then count.
 */
export class FeedMetrics {
  readonly registry = new Registry();
  readonly eventsIn = new TallyCounter({
    name: 'market_feed_events_in_total',
    help: 'Normalized events received from venues',
    labelNames: ['exchange', 'type'] as const,
    registers: [this.registry],
  });
  readonly recordsOut = new TallyCounter({
    name: 'market_feed_records_out_total',
    help: 'Records acknowledged by Kafka (or written to stdout)',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly invalidFrames = new Counter({
    name: 'market_feed_invalid_frames_total',
    help: 'Frames that could not be parsed, validated or mapped',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly reconnects = new Counter({
    name: 'market_feed_reconnects_total',
    help: 'Reconnects scheduled after a retriable error',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly failovers = new Counter({
    name: 'market_feed_failovers_total',
    help: 'Switches of the active venue (failover and switch-back)',
    labelNames: ['from', 'to', 'state'] as const,
    registers: [this.registry],
  });
  readonly stalePeriods = new Counter({
    name: 'market_feed_stale_periods_total',
    help: 'feed_stale periods entered',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly duplicatesDropped = new Counter({
    name: 'market_feed_duplicates_dropped_total',
    help: 'Duplicate trades dropped',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly gaps = new Counter({
    name: 'market_feed_gaps_total',
    help: 'Trade id gaps reported',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly gapRepairs = new Counter({
    name: 'market_feed_gap_repairs_total',
    help: "Named gaps after their repair from the venue's REST history, by outcome: repaired, or why not (budget, history, venue_error, refused, stopped)",
    labelNames: ['exchange', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly repairedTrades = new Counter({
    name: 'market_feed_repaired_trades_total',
    help: "Trades published from the venue's REST history to fill a gap (source repair)",
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly bookResyncs = new Counter({
    name: 'market_feed_book_resyncs_total',
    help: 'Order books dropped for a fresh snapshot (reason: gap, crossed, checksum, refused or no_snapshot)',
    labelNames: ['exchange', 'reason'] as const,
    registers: [this.registry],
  });
  readonly dataMismatches = new Counter({
    name: 'market_feed_data_mismatches_total',
    help: "Closed venue candles that disagree with our own window of the venue's trades",
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly geoBlocks = new Counter({
    name: 'market_feed_geo_blocks_total',
    help: 'Upgrades refused with HTTP 403/451',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  /** Sink events, buffer and spool sizes, oldest unacknowledged age: read from the sink at scrape time. */
  readonly sink = new SinkMetrics(this.registry);
  /** `market_feed_ready`: what `/readyz` answers, as 1/0, evaluated at scrape time. */
  readonly readiness = new ReadinessGauge(this.registry);
  /** Pauses of reading from the venues while the sink was behind. */
  readonly ingestPauses = new IngestPauseMetrics(this.registry);
  /** Symbols refused or forgotten by the operators whose per-symbol state is bounded: read from their counters at scrape time. */
  readonly symbolCapacity = new SymbolCapacityMetrics(this.registry);
  /** Listings swept of the trades they made before they were followed, by venue and outcome: read from the sweeps' counters at scrape time. */
  readonly listingSweeps = new ListingSweepMetrics(this.registry);
  /** Per connection shard its state, instruments and active venue, and the open sockets per venue: read from the shards' states at scrape time. */
  readonly shards = new ShardMetrics(this.registry);
  /** Per cluster shard its owner and standby, and how far back this instance's standby holds reach: read at scrape time. */
  readonly clusterShards = new ClusterShardMetrics(this.registry);
  readonly activeVenue = new Gauge({
    name: 'market_feed_active_venue',
    help: 'Shards reading from the venue now (one feed without shards: 1 for the venue it reads from, 0 for the others)',
    labelNames: ['exchange'] as const,
    registers: [this.registry],
  });
  readonly lastEventAge = new Gauge({
    name: 'market_feed_last_event_age_seconds',
    help: 'Seconds since the last event of each symbol',
    labelNames: ['symbol'] as const,
    registers: [this.registry],
  });
  readonly exchangeToReceive = new TallyHistogram({
    name: 'market_feed_exchange_to_receive_seconds',
    help: 'Venue event time to local receive time',
    labelNames: ['exchange'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly receiveToAck = new TallyHistogram({
    name: 'market_feed_receive_to_ack_seconds',
    help: 'Local receive time to Kafka acknowledgement',
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'market_feed_' });
  }

  /** Prometheus text exposition. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
