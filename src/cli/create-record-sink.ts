import kafkajs, { type Kafka as KafkaClient, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { JsonLinesSink } from '../sink/json-lines-sink.js';
import type { RecordSink } from '../sink/record-sink.js';
import { registerAllCompressionCodecs } from '../sink/compression-codecs.js';
import { createKafkaSink } from '../sink/kafka-sink.js';
import { createKafkajsProducer } from '../sink/kafkajs-producer.js';
import { kafkajsLogCreator } from '../sink/kafkajs-log-creator.js';
import { createLibrdkafkaProducer, librdkafkaLoads, type LibrdkafkaProducerConfig } from '../sink/librdkafka-producer.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import type { EncodedMessage } from '../sink/record-encoder.js';
import type { SinkCounters } from '../sink/sink-counters.js';
import type { SinkDelivery } from '../sink/sink-delivery.js';

const { Kafka, logLevel } = kafkajs;

/** The kafkajs client options from the configuration (brokers, TLS, SASL). */
export function kafkaClientConfig(config: MarketFeedConfig, logger: Logger): KafkaConfig {
  const { kafka } = config;
  const sasl: SASLOptions | undefined =
    kafka.saslMechanism === undefined || kafka.saslUsername === undefined || kafka.saslPassword === undefined
      ? undefined
      : { mechanism: kafka.saslMechanism, username: kafka.saslUsername, password: kafka.saslPassword };
  return {
    clientId: kafka.clientId,
    brokers: [...kafka.brokers],
    ssl: kafka.ssl,
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
  };
}

/** The SASL settings for librdkafka (only called when all three are set). */
function librdkafkaSasl(config: MarketFeedConfig): NonNullable<LibrdkafkaProducerConfig['sasl']> {
  const { saslMechanism, saslUsername, saslPassword } = config.kafka;
  if (saslMechanism === undefined || saslUsername === undefined || saslPassword === undefined) throw new Error('SASL needs a mechanism, user name and password');
  return { mechanism: saslMechanism, username: saslUsername, password: saslPassword };
}

/**
 * The producer to use: `kafka.client`, except that librdkafka left at the default gives way to
 * kafkajs, with one warning, where its optional package cannot be loaded. Set explicitly, it is
 * kept, and `connect()` fails saying how to install it.
 */
export function kafkaClientOf(config: MarketFeedConfig, logger: Logger, loads: () => boolean = librdkafkaLoads): MarketFeedConfig['kafka']['client'] {
  const { client, clientFromDefault } = config.kafka;
  if (client !== 'librdkafka' || clientFromDefault !== true || loads()) return client;
  logger.warn(
    { key: 'kafka.client', default: 'librdkafka', using: 'kafkajs' },
    'kafka.client defaults to librdkafka, but the optional package @confluentinc/kafka-javascript cannot be loaded here; producing with kafkajs (set kafka.client=kafkajs to say so, or install the package with `CKJS_LINKING=dynamic npm ci`)',
  );
  return 'kafkajs';
}

export interface CreatedSink {
  readonly sink: RecordSink;
  /** The Kafka sink's counters; absent for stdout. */
  readonly counters?: SinkCounters;
  /** The Kafka sink's client, for reading back what it wrote; absent for stdout. */
  readonly kafka?: KafkaClient;
  /** How delivery to Kafka stands (oldest unacknowledged record, broker trouble); absent for stdout. */
  readonly delivery?: () => SinkDelivery;
}

/** Kafka (Confluent framing with a registry, single-object encoding without) or JSON lines on stdout. */
export function createRecordSink(
  config: MarketFeedConfig,
  logger: Logger,
  stdout: NodeJS.WritableStream,
  onAcked?: (messages: readonly EncodedMessage[]) => void,
  options: { readonly conflate?: boolean } = {},
): CreatedSink {
  if (config.sink === 'stdout') return { sink: new JsonLinesSink(stdout) };
  registerAllCompressionCodecs();
  const kafka = new Kafka(kafkaClientConfig(config, logger));
  const topics = { partitions: config.kafka.partitions, replicationFactor: config.kafka.replicationFactor };
  const producerLogger = logger.child({ component: 'kafka-sink' });
  const clientConfig = kafkaClientConfig(config, logger);
  const producer =
    kafkaClientOf(config, logger) === 'librdkafka'
      ? createLibrdkafkaProducer({
          brokers: config.kafka.brokers, clientId: config.kafka.clientId, ssl: config.kafka.ssl === true,
          ...(clientConfig.sasl === undefined ? {} : { sasl: librdkafkaSasl(config) }),
          compression: config.kafka.compression, admin: kafka, topics, logger: producerLogger,
        })
      : createKafkajsProducer({ kafka, topics, compression: config.kafka.compression, logger: producerLogger });
  const sink = createKafkaSink({
    producer,
    topicPrefix: config.kafka.topicPrefix,
    encoding:
      config.schemaRegistryUrl === undefined
        ? { kind: 'single-object' }
        : { kind: 'confluent', registry: new SchemaRegistryClient(config.schemaRegistryUrl) },
    batch: { maxRecords: config.kafka.batchMaxRecords, maxDelayMs: config.kafka.batchMaxDelayMs, maxBytes: config.kafka.batchMaxBytes },
    buffer: { maxRecords: config.kafka.bufferMaxRecords },
    spoolDir: config.kafka.spoolDir,
    logger,
    ...(onAcked === undefined ? {} : { onAcked }),
    ...(options.conflate === undefined ? {} : { conflate: options.conflate }),
  });
  return { sink, counters: sink.counters, kafka, delivery: () => sink.delivery() };
}
