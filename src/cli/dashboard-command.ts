import { DASHBOARD_OPTIONS, type DashboardSettings } from '../config/dashboard-options.js';
import { DashboardHub } from '../dashboard/dashboard-hub.js';
import { DashboardReader } from '../dashboard/dashboard-reader.js';
import { startDashboardServer } from '../dashboard/dashboard-server.js';
import { dashboardTopics } from '../dashboard/dashboard-topics.js';
import { createLogger } from '../logging/create-logger.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import type { Command } from './command.js';
import { configUsage, parseCommandConfig, type CommandConfigSpec } from './command-config.js';
import { choosePartitionReader } from '../kafka/choose-partition-reader.js';
import { kafkaConnectionOf } from '../kafka/kafka-client.js';
import { onShutdownSignal } from './shutdown-signals.js';

const SHARED_FLAGS = new Set([
  'kafka-client-id',
  'kafka-topic-prefix',
  'kafka-ssl',
  'kafka-sasl-mechanism',
  'kafka-sasl-username',
  'kafka-sasl-password',
  'schema-registry-url',
  'log-level',
  'log-pretty',
]);
/** How often `--metrics-url` is scraped, ms. */
const SCRAPE_INTERVAL_MS = 1000;

const USAGE = `usage: market-feed dashboard [--port 8080] [--host 127.0.0.1] [--brokers host:port,...] [--metrics-url URL] [options]

A live view of the pipeline in the browser: venue states (per connection shard: how many are
subscribed, stale, failed over) and the last hour's timeline; the instruments (BTC-USDT and BTC-USDC
apart), busiest first with a filter, each with its last price, 24 h change, sparkline, trades/s and
buy ratio (fallback and testnet prices marked); for a chosen instrument time and sales, windowed
stats and the top of the book; and the pipeline's health. Reads the market-feed topics (either Avro
encoding) from the latest offsets plus a little history, and pushes to the page over Server-Sent
Events only the rows it shows. Open http://127.0.0.1:8080/ once it says it is listening
(/?instrument=ETH-USDC opens ETH-USDC, /?coin=ETH ETH's busiest instrument).`;

const CONFIG_SPEC: CommandConfigSpec = { extraOptions: DASHBOARD_OPTIONS, acceptsFlag: (o) => DASHBOARD_OPTIONS.includes(o) || SHARED_FLAGS.has(o.flag) };

/** `market-feed dashboard --help`. */
export const dashboardUsage = (): string => `${USAGE}\n\n${configUsage(CONFIG_SPEC)}\n`;

/** `market-feed dashboard`: the topics, folded and served to a browser page. */
export const dashboardCommand: Command = async (io) => {
  const { config } = parseCommandConfig(io, CONFIG_SPEC);
  const settings = (config as unknown as { readonly dashboard: DashboardSettings }).dashboard;
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'dashboard' });
  const registry = config.schemaRegistryUrl === undefined ? undefined : new SchemaRegistryClient(config.schemaRegistryUrl);
  // Short time-outs: a broker that does not answer is shown as unreachable within seconds.
  const createReader = choosePartitionReader({
    connection: kafkaConnectionOf(config, `${config.kafka.clientId}-dashboard`),
    logger: logger.child({ component: 'dashboard-kafka' }),
    reader: { requestTimeoutMs: 3_000 },
  });
  const hub = new DashboardHub(Date.now, settings.metricsUrl !== undefined);
  const reader = new DashboardReader({
    createReader,
    topics: dashboardTopics(config.kafka.topicPrefix),
    decoder: new RecordDecoder(registry),
    logger: log,
    events: hub,
  });
  const server = await startDashboardServer(hub, { host: settings.host, port: settings.port });
  reader.start();
  const metricsUrl = settings.metricsUrl;
  const scraper =
    metricsUrl === undefined
      ? undefined
      : setInterval(() => {
          fetch(metricsUrl, { signal: AbortSignal.timeout(SCRAPE_INTERVAL_MS) })
            .then(async (r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
            .then(
              (text) => hub.onMetrics(Date.now(), text),
              (error: unknown) => hub.onMetrics(Date.now(), error instanceof Error ? error : new Error(String(error))),
            )
            // An exposition the hub cannot read is said; the next scrape comes as usual.
            .catch((error: unknown) => log.warn({ err: error, metricsUrl }, 'metrics not read'));
        }, SCRAPE_INTERVAL_MS);
  log.info({ url: `${server.url}/`, brokers: config.kafka.brokers, metricsUrl }, 'dashboard listening');

  const signal = await onShutdownSignal(() => process.exit(130));
  log.info({ signal }, 'dashboard stopping');
  if (scraper !== undefined) clearInterval(scraper);
  await server.close();
  await reader.stop();
  logger.flush();
  return 0;
};
