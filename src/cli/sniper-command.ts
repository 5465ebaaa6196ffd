import { SNIPER_OPTIONS, type SniperSettings } from '../config/sniper-options.js';
import { createLogger } from '../logging/create-logger.js';
import type { FeedRecordType } from '../model/index.js';
import { fromAvroValue } from '../sink/avro-codec.js';
import { choosePartitionReader } from '../kafka/choose-partition-reader.js';
import { createProducer } from '../kafka/create-producer.js';
import { createKafkajsClient, kafkaConnectionOf } from '../kafka/kafka-client.js';
import type { ReadRecord } from '../kafka/partition-reader.js';
import { TopicFollower } from '../kafka/topic-follower.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { readRecordSchema } from '../sink/record-schemas.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { RECORD_TOPICS, STRATEGY_SIGNALS_TOPIC } from '../sink/sink-topics.js';
import { createSignalPublisher } from '../strategy/signal-publisher.js';
import type { SniperConfig } from '../strategy/sniper-config.js';
import { INITIAL_SNIPER_STATE, paperSummary, stepSniper, type SniperInput } from '../strategy/sniper-strategy.js';
import type { Command } from './command.js';
import { configUsage, parseCommandConfig, type CommandConfigSpec } from './command-config.js';
import { onShutdownSignal } from './shutdown-signals.js';

const INPUT_TYPES = ['price_tick', 'trade', 'window_stats', 'feed_status'] as const satisfies readonly FeedRecordType[];
const SHARED_FLAGS = new Set([
  'kafka-brokers',
  'kafka-client-id',
  'kafka-topic-prefix',
  'kafka-partitions',
  'kafka-replication-factor',
  'kafka-ssl',
  'kafka-sasl-mechanism',
  'kafka-sasl-username',
  'kafka-sasl-password',
  'schema-registry-url',
  'log-level',
  'log-pretty',
]);
/** How often the same held-back reasons of a coin are logged again, ms. */
const HELD_LOG_INTERVAL_MS = 5000;

const USAGE = `usage: market-feed sniper [options]

Paper trading only: never places an order. Consumes market.ticks.v1, market.trades.v1, market.stats.v1
and market.feed-status.v1 (Avro, either encoding) from the latest offsets, and publishes ENTRY/EXIT
signals to strategy.signals.v1 and its log. Entry when the price rose --rise-pct within --window-s with
a buy ratio of at least --min-buy-ratio; exit on --take-profit-pct, --stop-loss-pct or --max-holding-s.
No entries while a feed_stale is open, on env=testnet prices, or within --failover-hold-s of a failover
(the log says why). SIGINT/SIGTERM stops it with a paper P&L summary.`;

/** The sniper's settings, of which it takes its own and the Kafka, registry and log ones as flags. */
const CONFIG_SPEC: CommandConfigSpec = { extraOptions: SNIPER_OPTIONS, acceptsFlag: (o) => SNIPER_OPTIONS.includes(o) || SHARED_FLAGS.has(o.flag) };

/** `market-feed sniper --help`. */
export const sniperUsage = (): string => `${USAGE}\n\n${configUsage(CONFIG_SPEC)}\n`;

/** `market-feed sniper`: the paper-trading strategy over the pipeline's topics. */
export const sniperCommand: Command = async (io) => {
  const { config } = parseCommandConfig(io, CONFIG_SPEC);
  const settings = (config as unknown as { readonly sniper: SniperSettings }).sniper;
  const strategy: SniperConfig = {
    risePct: settings.risePct,
    windowMs: settings.windowS * 1000,
    minBuyRatio: settings.minBuyRatio,
    minTrades: settings.minTrades,
    takeProfitPct: settings.takeProfitPct,
    stopLossPct: settings.stopLossPct,
    maxHoldingMs: settings.maxHoldingS * 1000,
    failoverHoldMs: settings.failoverHoldS * 1000,
    reentryCooldownMs: settings.reentryCooldownS * 1000,
  };
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'sniper' });
  const prefix = config.kafka.topicPrefix;
  const inputTopics = new Map<string, FeedRecordType>(INPUT_TYPES.map((type) => [`${prefix}${RECORD_TOPICS[type]}`, type]));
  const typeBySchema = new Map<string, FeedRecordType>(
    INPUT_TYPES.map((type) => {
      const schema = readRecordSchema(type);
      return [`${schema.namespace}.${schema.name}`, type];
    }),
  );
  const registry = config.schemaRegistryUrl === undefined ? undefined : new SchemaRegistryClient(config.schemaRegistryUrl);
  const decoder = new RecordDecoder(registry);

  const connection = kafkaConnectionOf(config, `${config.kafka.clientId}-sniper`);
  const publisher = await createSignalPublisher({
    producer: createProducer(config, createKafkajsClient(connection, logger), logger.child({ component: 'sniper-signals' })),
    topic: `${prefix}${STRATEGY_SIGNALS_TOPIC}`,
    encoding: registry === undefined ? { kind: 'single-object' } : { kind: 'confluent', registry },
  });
  let state = INITIAL_SNIPER_STATE;
  const heldLogged = new Map<string, { readonly codes: string; readonly at: number }>();

  const onRecord = async ({ topic, offset, value }: ReadRecord): Promise<void> => {
    if (value === null) return;
    let input: SniperInput;
    try {
      const decoded = await decoder.decode(value);
      const type = typeBySchema.get(decoded.schemaName) ?? inputTopics.get(topic);
      if (type === undefined) return;
      input = fromAvroValue(type, decoded.value) as SniperInput;
    } catch (error) {
      log.warn({ topic, offset, err: error }, 'undecodable record skipped');
      return;
    }
    const step = stepSniper(state, input, strategy);
    state = step.state;
    for (const signal of step.signals) {
      log.info(
        { signal },
        signal.action === 'ENTRY'
          ? `paper ENTRY ${signal.coin} at ${signal.price}`
          : `paper EXIT ${signal.coin} (${signal.exitReason ?? ''}) P&L ${signal.pnlPct ?? 0}%`,
      );
      if (signal.action === 'ENTRY') heldLogged.delete(signal.coin);
      await publisher.publish(signal);
    }
    const held = step.held;
    if (held !== undefined) {
      const codes = held.reasons.map((r) => r.code).join(',');
      const previous = heldLogged.get(held.coin);
      if (previous === undefined || previous.codes !== codes || state.now - previous.at >= HELD_LOG_INTERVAL_MS) {
        heldLogged.set(held.coin, { codes, at: state.now });
        log.info({ held }, `entry held back on ${held.coin}: ${held.reasons.map((r) => r.detail).join('; ')}`);
      }
    }
  };

  // Input topics there at start are read from their end; one that appears later, from its start.
  let started = false;
  const follower = new TopicFollower({
    createReader: choosePartitionReader({ connection, logger }),
    topics: [...inputTopics.keys()],
    startOf: (_topic, { low, high }) => (started ? low : high),
    onRecord,
    onReading: (topics) => {
      started = true;
      log.info({ topics }, 'sniper consuming');
    },
    logger: log,
  });
  follower.start();
  log.info({ strategy, signals: `${prefix}${STRATEGY_SIGNALS_TOPIC}` }, 'sniper started: paper trading only, no orders are placed');

  const signal = await onShutdownSignal(() => process.exit(130));
  log.info({ signal }, 'sniper stopping');
  await follower.stop();
  await publisher.close();
  log.info({ summary: paperSummary(state) }, 'paper P&L summary');
  logger.flush();
  return 0;
};
