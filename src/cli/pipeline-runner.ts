import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import type { CounterSlot } from '../metrics/tally-counter.js';
import type { TallySlot } from '../metrics/tally-histogram.js';
import { startHealthServer, type Readiness } from '../metrics/health-server.js';
import type { Kafka } from 'kafkajs';
import { gapHandovers } from '../cluster/gap-handovers.js';
import { joinCluster, type JoinedCluster } from '../cluster/join-cluster.js';
import { ConfigError } from '../config/load-config.js';
import type { ExchangeId, FeedRecord, TradeEvent } from '../model/index.js';
import { createMarketFeed, type MarketFeed } from '../pipeline/create-market-feed.js';
import { FeedMonitor } from '../pipeline/feed-monitor.js';
import { IngestPacer, defaultIngestPacing } from '../pipeline/ingest-pacer.js';
import { IngestGate } from '../exchanges/ingest-gate.js';
import { readLastTrades, type LastTradeIdsConfig } from '../sink/last-trade-ids.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { sinkTopics } from '../sink/sink-topics.js';
import { spooledMessages } from '../sink/spool.js';
import { DEFAULT_DETECT_GAPS_CONFIG, DEFAULT_DETECT_RECONNECT_GAPS_CONFIG } from '../operators/index.js';
import { readinessOf } from '../pipeline/readiness.js';
import { SymbolCapacity } from '../pipeline/symbol-capacity.js';
import { choosePartitionReader } from '../kafka/choose-partition-reader.js';
import { createProducer } from '../kafka/create-producer.js';
import { kafkaConnectionOf } from '../kafka/kafka-client.js';
import { createRecordSink } from './create-record-sink.js';

const SUMMARY_INTERVAL_MS = 10_000;

export interface PipelineRunnerOptions {
  readonly config: MarketFeedConfig;
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
  /** Conflate ticks and book tickers in the Kafka sink under backpressure; default true (replays publish every tick). */
  readonly conflateTicks?: boolean;
  /**
   * Before the feed starts, read the last trade ids back from the trades topic and the spool
   * (`gaps.seedRecords`), so that a hole across a restart is reported as a gap. Kafka sink and
   * venues with consecutive trade ids only; default false (replays).
   */
  readonly seedGaps?: boolean;
  /** Builds the feed; default `createMarketFeed` on the live venues of `config`. */
  readonly createFeed?: (deps: {
    readonly logger: Logger;
    /** The last trades published before this start (read back), to seed gap detection with. */
    readonly lastTrades?: readonly TradeEvent[];
    /** Counts what the operators with per-symbol state refuse or forget; pass it to `createMarketFeed`. */
    readonly capacity?: SymbolCapacity;
  }) => MarketFeed;
}

export interface RunningPipeline {
  readonly feed: MarketFeed;
  readonly monitor: FeedMonitor;
  readonly metrics: FeedMetrics;
  /** Resolves when every record stream has completed (after `stop()`, or when the feed ends by itself). */
  readonly drained: Promise<void>;
  /** Resolves with the reason when the pipeline cannot go on serving (a cluster instance fenced out by another with its id); never otherwise. */
  readonly failed: Promise<Error>;
  /** Stops the venues, waits for the last windows, flushes the sink within the deadline. */
  stop(): Promise<{ readonly undelivered: number }>;
}

/**
 * Wires a feed to the sink, the metrics and health server and the summary log, and starts it:
 * the body of `market-feed run`, shared with `replay`.
 */
export async function startPipeline(options: PipelineRunnerOptions): Promise<RunningPipeline> {
  const { config, logger } = options;
  const log = logger.child({ component: 'run' });
  const metrics = new FeedMetrics();
  const monitor = new FeedMonitor({ metrics, logger: logger.child({ component: 'feed' }), primary: config.venues[0] });
  // Symbols refused or forgotten by the operators with per-symbol state: on /metrics, and a warning with the summary.
  const capacity = new SymbolCapacity();
  metrics.symbolCapacity.watch(capacity);
  const topicSlots = new Map<string, { readonly out: CounterSlot; readonly lag: TallySlot }>();
  const slotsOf = (topic: string): { readonly out: CounterSlot; readonly lag: TallySlot } => {
    let slots = topicSlots.get(topic);
    if (slots === undefined) topicSlots.set(topic, (slots = { out: metrics.recordsOut.slot({ topic }), lag: metrics.receiveToAck.slot({ topic }) }));
    return slots;
  };
  // Reading from the venues pauses while the sink is behind (see IngestPacer); decided again after each write and each acknowledgement.
  const gate = new IngestGate();
  let pacer: IngestPacer | undefined;
  let kafkaReachable = true;
  const { sink, counters, kafka, delivery } = createRecordSink(
    config,
    logger,
    options.stdout,
    (messages) => {
      pacer?.acked();
      if (counters !== undefined) pacer?.update(counters.buffered, kafkaReachable);
      const ackedAt = Date.now();
      for (const message of messages) {
        const slots = slotsOf(message.topic);
        metrics.recordsOut.add(slots.out);
        if (message.receivedTs !== undefined) metrics.receiveToAck.record(slots.lag, (ackedAt - message.receivedTs) / 1000);
      }
    },
    options.conflateTicks === undefined ? {} : { conflate: options.conflateTicks },
  );
  // Before the sink starts sending (and deleting) the spool: what it holds is published next.
  // The venues whose holes are named: by id (the Binance family) or by time (Bybit).
  const gapVenues: readonly ExchangeId[] = [...DEFAULT_DETECT_GAPS_CONFIG.exchanges, ...DEFAULT_DETECT_RECONNECT_GAPS_CONFIG.exchanges];
  const seedGaps = options.seedGaps === true && config.gaps.seedRecords > 0 && config.venues.some((venue) => gapVenues.includes(venue));
  const decoder = new RecordDecoder(config.schemaRegistryUrl === undefined ? undefined : new SchemaRegistryClient(config.schemaRegistryUrl));
  const readLast = (extra: Pick<LastTradeIdsConfig, 'pending' | 'accept'>): Promise<readonly TradeEvent[]> =>
    readLastTrades({
      reader: choosePartitionReader({ connection: kafkaConnectionOf(config, `${config.kafka.clientId}-last-trade-ids`), logger })(),
      topic: sinkTopics(config.kafka.topicPrefix).records.trade,
      decoder,
      recordsPerPartition: config.gaps.seedRecords,
      timeoutMs: config.gaps.seedTimeoutMs,
      logger,
      ...extra,
    });
  // A cluster instance reads them as it takes each shard instead (see gapHandovers).
  const lastTrades =
    seedGaps && kafka !== undefined && config.cluster.name === undefined ? await readLast({ pending: spooledMessages(config.kafka.spoolDir) }) : undefined;
  if (counters !== undefined) metrics.sink.watch(delivery === undefined ? { counters } : { counters, delivery });
  if (counters !== undefined && delivery !== undefined) {
    pacer = new IngestPacer(gate, defaultIngestPacing(config.kafka.batchMaxRecords, config.kafka.bufferMaxRecords, config.kafka.pauseIngestAt));
    metrics.ingestPauses.watch(pacer);
  }
  await sink.start();

  const readinessConfig = { maxAckDelayMs: config.kafka.readyMaxAckDelayMs };
  const readiness = (): Readiness =>
    readinessOf({ feed: monitor.health(), ...(delivery === undefined ? {} : { delivery: delivery() }), now: Date.now(), config: readinessConfig });
  metrics.readiness.watch(readiness);
  const health = await startHealthServer({ host: config.metrics.host, port: config.metrics.port, metrics, readiness });
  log.info({ url: health.url }, 'metrics, /healthz and /readyz listening');

  // A cluster instance serves the shards Kafka assigns it; its statuses say which instance sent them.
  const cluster = config.cluster.name === undefined ? undefined : await joinConfiguredCluster(config, kafka, logger);
  const stamp = (record: FeedRecord): FeedRecord =>
    cluster === undefined || record.type !== 'feed_status' || record.instanceId !== undefined ? record : { ...record, instanceId: cluster.instanceId };
  let fail: (reason: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fail = resolve));
  // Shards taken and given up: published by the feed (with the shard's instruments, which the
  // windows read), and told to gap detection, so that a handover's hole is named like a restart's.
  const handOvers = cluster?.handOvers;
  const handovers$ =
    handOvers === undefined
      ? undefined
      : gapHandovers({
          moves$: handOvers.moves$,
          shards: config.cluster.shards,
          ...(seedGaps && kafka !== undefined ? { readLastTrades: (accept: NonNullable<LastTradeIdsConfig['accept']>) => readLast({ accept }) } : {}),
        });

  const seed = lastTrades === undefined ? {} : { lastTrades };
  const feed =
    options.createFeed?.({ logger, capacity, ...seed }) ??
    createMarketFeed({
      config,
      logger,
      ingestGate: gate,
      capacity,
      ...seed,
      ...(cluster === undefined || handOvers === undefined
        ? {}
        : {
            cluster: {
              gate: cluster.gate,
              handOvers,
              held$: handOvers.planned$,
              statuses$: handOvers.statuses$,
              ...(handovers$ === undefined ? {} : { handovers$ }),
            },
          }),
    });
  // A refused frame is counted and dead-lettered, and its dead letter weighs on the ingest pacer like a record.
  feed.invalidFrames$.subscribe((frame) => {
    monitor.invalidFrame(frame);
    sink.deadLetter(frame);
    if (pacer !== undefined && counters !== undefined) pacer.update(counters.buffered, kafkaReachable);
  });
  feed.events$.subscribe((event) => monitor.observe(event));
  feed.checks$.subscribe((status) => monitor.observe(status));
  const drained = new Promise<void>((resolve) => {
    feed.records$.subscribe({
      next: (record) => {
        sink.write(stamp(record));
        if (pacer !== undefined && counters !== undefined) pacer.update(counters.buffered, kafkaReachable);
      },
      complete: resolve,
      error: resolve,
    });
  });

  let lastIn = 0;
  let lastOut = 0;
  // Whether Kafka answers: while it does not, reading never pauses (records go to the spool).
  const reachability = setInterval(() => {
    kafkaReachable = delivery?.().unreachable === undefined;
    if (counters !== undefined) pacer?.update(counters.buffered, kafkaReachable);
  }, 100);
  const summary = setInterval(() => {
    const out = counters?.acked ?? 0;
    const ages = [...monitor.lastEventAges().values()];
    log.info(
      {
        eventsPerSecondIn: (monitor.eventCount - lastIn) / (SUMMARY_INTERVAL_MS / 1000),
        recordsPerSecondOut: (out - lastOut) / (SUMMARY_INTERVAL_MS / 1000),
        activeVenue: monitor.activeExchange,
        oldestLastEventAgeS: ages.length === 0 ? null : Math.max(...ages),
        kafkaLag: counters === undefined ? 0 : counters.buffered + counters.spooled,
        invalidFrames: monitor.invalidFrameCount,
        ...(counters === undefined ? {} : { sink: { ...counters } }),
        ...(delivery === undefined ? {} : { oldestUnackedAgeS: unackedAgeS(delivery().oldestUnackedAt) }),
      },
      'summary',
    );
    lastIn = monitor.eventCount;
    lastOut = out;
    capacity.warn(log);
  }, SUMMARY_INTERVAL_MS);

  feed.start();
  cluster?.start(fail);
  let stopped: Promise<{ readonly undelivered: number }> | undefined;
  return {
    feed,
    monitor,
    metrics,
    drained,
    failed,
    stop() {
      stopped ??= (async () => {
        // A planned stop of a cluster instance: the others take its shards, each served here until handed over.
        await cluster?.leave(2 * config.cluster.handOverTimeoutMs + 5_000);
        feed.stop();
        await drained;
        await cluster?.close();
        clearInterval(summary);
        clearInterval(reachability);
        gate.set(false);
        const result = await sink.close({ deadlineMs: config.shutdown.deadlineMs });
        await health.close();
        return result;
      })();
      return stopped;
    },
  };
}

/** Joins `config.cluster.name` on the Kafka sink's brokers. */
async function joinConfiguredCluster(config: MarketFeedConfig, kafka: Kafka | undefined, logger: Logger): Promise<JoinedCluster> {
  const { name } = config.cluster;
  if (name === undefined || kafka === undefined)
    throw new ConfigError('cluster.name', 'configuration', 'the Kafka sink (sink kafka): a cluster is coordinated by Kafka');
  return joinCluster({
    settings: { ...config.cluster, name },
    kafka,
    connection: kafkaConnectionOf(config, `${config.kafka.clientId}-cluster`),
    reader: choosePartitionReader({ connection: kafkaConnectionOf(config, `${config.kafka.clientId}-hand-overs`), logger }),
    producer: () => createProducer(config, kafka, logger.child({ component: 'cluster-hand-overs' })),
    replicationFactor: config.kafka.replicationFactor,
    exchange: config.venues[0],
    logger,
  });
}

function unackedAgeS(oldestUnackedAt: number | undefined): number {
  return oldestUnackedAt === undefined ? 0 : Math.max(0, Date.now() - oldestUnackedAt) / 1000;
}
