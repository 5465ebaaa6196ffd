import { parseArgs } from 'node:util';
import { CONFIG_OPTIONS } from '../config/config-options.js';
import { ConfigError, describeOptions, loadConfig, readConfigFile } from '../config/load-config.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { createLogger } from '../logging/create-logger.js';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import { startHealthServer } from '../metrics/health-server.js';
import { createMarketFeed } from '../pipeline/create-market-feed.js';
import { FeedMonitor } from '../pipeline/feed-monitor.js';
import { SinkHealth } from '../pipeline/sink-health.js';
import type { Command, CommandIo } from './command.js';
import { EXIT_USAGE } from './command.js';
import { createRecordSink } from './create-record-sink.js';
import { onShutdownSignal } from './shutdown-signals.js';

const SUMMARY_INTERVAL_MS = 10_000;

/** Reads flags, `--config`, and the environment into a validated configuration. */
export function configFromIo(io: CommandIo): MarketFeedConfig | 'help' {
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(CONFIG_OPTIONS.map((opt) => [opt.flag, { type: 'string' as const }])),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['help'] === true) return 'help';
  const configPath = values['config'];
  const flags = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return loadConfig({
    ...(typeof configPath === 'string' ? { file: readConfigFile(configPath) } : {}),
    env: io.env,
    flags,
  });
}

/** `market-feed run`: live venues -> pipeline -> Kafka (or JSON lines on stdout). */
export const runCommand: Command = async (io) => {
  let config: MarketFeedConfig;
  try {
    const loaded = configFromIo(io);
    if (loaded === 'help') {
      io.stdout.write(`usage: market-feed run [--config FILE] [options]\n\noptions (flag > environment > config file > default):\n${describeOptions()}\n`);
      return 0;
    }
    config = loaded;
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      io.stderr.write(`market-feed run: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'run' });
  log.info({ config: { ...config, kafka: { ...config.kafka, saslPassword: config.kafka.saslPassword === undefined ? undefined : '[redacted]' } } }, 'starting');

  const metrics = new FeedMetrics();
  const monitor = new FeedMonitor({ metrics, logger: logger.child({ component: 'feed' }), primary: config.venues[0] ?? 'bybit' });
  const { sink, counters } = createRecordSink(config, logger, io.stdout, (messages) => {
    const ackedAt = Date.now();
    for (const message of messages) {
      metrics.recordsOut.inc({ topic: message.topic });
      if (message.receivedTs !== undefined) metrics.receiveToAck.observe({ topic: message.topic }, (ackedAt - message.receivedTs) / 1000);
    }
  });
  await sink.start();

  const sinkHealth = new SinkHealth();
  const health = await startHealthServer({
    host: config.metrics.host,
    port: config.metrics.port,
    metrics,
    readiness: () => monitor.readiness(sinkHealth.reachable),
  });
  log.info({ url: health.url }, 'metrics, /healthz and /readyz listening');

  const feed = createMarketFeed({
    config,
    logger,
    onInvalidFrame: (frame) => {
      monitor.invalidFrame(frame);
      sink.deadLetter(frame);
    },
  });
  feed.events$.subscribe((event) => monitor.observe(event));
  const drained = new Promise<void>((resolve) => {
    feed.records$.subscribe({ next: (record) => sink.write(record), complete: resolve, error: resolve });
  });

  let lastIn = 0;
  let lastOut = 0;
  const sample = setInterval(() => {
    if (counters !== undefined) {
      sinkHealth.sample(counters);
      metrics.spoolRecords.set(counters.spooled);
      metrics.bufferRecords.set(counters.buffered);
    }
  }, 1000);
  const summary = setInterval(() => {
    const out = counters?.acked ?? 0;
    const ages = [...monitor.lastEventAges().values()];
    log.info({
      eventsPerSecondIn: (monitor.eventCount - lastIn) / (SUMMARY_INTERVAL_MS / 1000),
      recordsPerSecondOut: (out - lastOut) / (SUMMARY_INTERVAL_MS / 1000),
      activeVenue: monitor.activeExchange,
      oldestLastEventAgeS: ages.length === 0 ? null : Math.max(...ages),
      kafkaLag: counters === undefined ? 0 : counters.buffered + counters.spooled,
      invalidFrames: monitor.invalidFrameCount,
    }, 'summary');
    lastIn = monitor.eventCount;
    lastOut = out;
  }, SUMMARY_INTERVAL_MS);

  feed.start();
  const signal = await onShutdownSignal(() => {
    log.warn('second signal: exiting at once');
    process.exit(130);
  });
  log.info({ signal }, 'shutting down: stopping venues, closing windows, flushing');
  feed.stop();
  await drained;
  clearInterval(sample);
  clearInterval(summary);
  const { undelivered } = await sink.close({ deadlineMs: config.shutdown.deadlineMs });
  await health.close();
  log.info({ undelivered }, 'stopped');
  logger.flush();
  return 0;
};
