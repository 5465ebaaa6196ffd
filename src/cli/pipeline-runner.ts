import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import type { TradeEvent } from '../model/index.js';
import { ListingSweepCounters } from '../operators/listing-sweep-counters.js';
import { createMarketFeed, type MarketFeed } from '../pipeline/create-market-feed.js';
import { FeedMonitor } from '../pipeline/feed-monitor.js';
import { SymbolCapacity } from '../pipeline/symbol-capacity.js';
import { deliveryStage } from './run-stages/delivery-stage.js';
import { gapSeeds } from './run-stages/gap-seeds.js';
import { healthStage } from './run-stages/health-stage.js';
import { runCluster } from './run-stages/run-cluster.js';
import { runStopStages } from './run-stages/stop-stages.js';
import { startSummaryLog } from './run-stages/summary-log.js';

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
    /** False when a partition of the trades topic was not read back (see `createMarketFeed`). */
    readonly readInFull?: boolean;
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
  /** Resolves with the reason when the pipeline cannot go on serving (a cluster instance fenced out by another with its id, the feed's stream failed); never otherwise. */
  readonly failed: Promise<Error>;
  /** Stops the venues, waits for the last windows, flushes the sink within the deadline. */
  stop(): Promise<{ readonly undelivered: number }>;
}

/**
 * The body of `market-feed run`, shared with `replay`, in stages: the sink and its ingest pacer
 * (`deliveryStage`), the last trades read back for gap detection (`gapSeeds`), the health server
 * (`healthStage`), the cluster (`runCluster`), the feed (`createMarketFeed`, itself staged) wired to
 * the monitor and the sink, and the summary log (`startSummaryLog`); then starts the feed.
 */
export async function startPipeline(options: PipelineRunnerOptions): Promise<RunningPipeline> {
  const { config, logger } = options;
  const log = logger.child({ component: 'run' });
  const metrics = new FeedMetrics();
  const monitor = new FeedMonitor({ metrics, logger: logger.child({ component: 'feed' }), primary: config.venues[0] });
  // Symbols refused or forgotten by the operators with per-symbol state: on /metrics, and a warning with the summary.
  const capacity = new SymbolCapacity();
  metrics.symbolCapacity.watch(capacity);
  // The listings swept of what they traded before they were followed (a sweep that finds nothing says no status): on /metrics.
  const listingSweeps = new ListingSweepCounters();
  metrics.listingSweeps.watch(listingSweeps);

  const delivery = deliveryStage({
    config,
    logger,
    stdout: options.stdout,
    metrics,
    ...(options.conflateTicks === undefined ? {} : { conflateTicks: options.conflateTicks }),
  });
  const { sink, kafka } = delivery;
  const seeds = gapSeeds({ config, wanted: options.seedGaps === true, kafka, logger });
  // Before the sink starts sending (and deleting) the spool: what it holds is published next.
  const lastTrades = await seeds.atStart();
  await delivery.start();
  const health = await healthStage({ config, metrics, monitor, delivery: delivery.delivery, log });
  const cluster = await runCluster({ config, kafka, seeds, ...(delivery.delivery === undefined ? {} : { delivery: delivery.delivery }), logger });
  if (cluster.shards !== undefined) metrics.clusterShards.watch(cluster.shards);

  const seed = lastTrades === undefined ? {} : { lastTrades: lastTrades.trades, ...(lastTrades.complete ? {} : { readInFull: false }) };
  const feed =
    options.createFeed?.({ logger, capacity, ...seed }) ??
    createMarketFeed({
      config,
      logger,
      ingestGate: delivery.gate,
      capacity,
      listingSweeps,
      ...seed,
      ...(cluster.feed === undefined ? {} : { cluster: cluster.feed }),
    });
  // Something that cannot go on (a fenced cluster instance; the feed's stream failing): the command stops in order and says why.
  let fail: (reason: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fail = resolve));
  // The feed's stream fails for every subscriber at once: the records' subscriber says so, the others only let go.
  const letGo = { error: () => undefined };
  // A refused frame is counted and dead-lettered, and its dead letter weighs on the ingest pacer like a record.
  feed.invalidFrames$.subscribe({
    next: (frame) => {
      monitor.invalidFrame(frame);
      sink.deadLetter(frame);
      delivery.pace();
    },
    ...letGo,
  });
  feed.events$.subscribe({ next: (event) => monitor.observe(event), ...letGo });
  feed.checks$.subscribe({ next: (status) => monitor.observe(status), ...letGo });
  const drained = new Promise<void>((resolve) => {
    feed.records$.subscribe({
      next: (record) => {
        sink.write(cluster.stamp(record));
        delivery.pace();
      },
      complete: resolve,
      error: (error: unknown) => {
        fail(error instanceof Error ? error : new Error(`the feed failed: ${String(error)}`));
        resolve();
      },
    });
  });
  const stopSummary = startSummaryLog({ log, monitor, counters: delivery.counters, delivery: delivery.delivery, capacity });

  feed.start();
  cluster.start(fail);
  let stopped: Promise<{ readonly undelivered: number }> | undefined;
  return {
    feed,
    monitor,
    metrics,
    drained,
    failed,
    stop() {
      stopped ??= (async () => {
        let result: { readonly undelivered: number } = { undelivered: 0 };
        // Each stage named, so that a stop that takes long says what it waits on.
        await runStopStages(log, [
          // A planned stop of a cluster instance: the others take its shards, each served here until handed over.
          { name: 'leaving the cluster', run: () => cluster.leave(config.cluster.leaveTimeoutMs) },
          {
            name: 'the feed draining',
            run: () => {
              feed.stop();
              return drained;
            },
          },
          { name: 'closing the cluster', run: () => cluster.close() },
          {
            name: 'the sink flushing',
            run: async () => {
              stopSummary();
              delivery.stop();
              result = await sink.close({ deadlineMs: config.shutdown.deadlineMs });
            },
          },
          { name: 'the health server closing', run: () => health.close() },
        ]);
        return result;
      })();
      return stopped;
    },
  };
}
