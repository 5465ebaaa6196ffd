import type { Kafka as KafkaClient } from 'kafkajs';
import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { IngestGate } from '../exchanges/ingest-gate.js';
import { createProducer } from '../kafka/create-producer.js';
import { createKafkajsClient, kafkaConnectionOf } from '../kafka/kafka-client.js';
import { JsonLinesSink } from '../sink/json-lines-sink.js';
import { createKafkaSink } from '../sink/kafka-sink.js';
import type { RecordSink } from '../sink/record-sink.js';
import type { EncodedMessage } from '../sink/record-encoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import type { SinkCounters } from '../sink/sink-counters.js';
import type { SinkDelivery } from '../sink/sink-delivery.js';

export interface CreatedSink {
  readonly sink: RecordSink;
  /** The Kafka sink's counters; absent for stdout. */
  readonly counters?: SinkCounters;
  /** The Kafka sink's client, for reading back what it wrote; absent for stdout. */
  readonly kafka?: KafkaClient;
  /** How delivery to Kafka stands (oldest unacknowledged record, broker trouble); absent for stdout. */
  readonly delivery?: () => SinkDelivery;
}

/**
 * Kafka (Confluent framing with a registry, single-object encoding without) or JSON lines on stdout;
 * `options.gate`: paused while stdout is full (the Kafka sink's gate is paced by the delivery stage).
 */
export function createRecordSink(
  config: MarketFeedConfig,
  logger: Logger,
  stdout: NodeJS.WritableStream,
  onAcked?: (messages: readonly EncodedMessage[]) => void,
  options: { readonly conflate?: boolean; readonly gate?: IngestGate } = {},
): CreatedSink {
  // stdout full (a pipe's reader behind): the gate pauses reading the venues until it drains.
  if (config.sink === 'stdout') return { sink: new JsonLinesSink({ out: stdout, ...(options.gate === undefined ? {} : { gate: options.gate }) }) };
  const kafka = createKafkajsClient(kafkaConnectionOf(config), logger);
  const producer = createProducer(config, kafka, logger.child({ component: 'kafka-sink' }));
  const sink = createKafkaSink({
    producer,
    topicPrefix: config.kafka.topicPrefix,
    encoding:
      config.schemaRegistryUrl === undefined ? { kind: 'single-object' } : { kind: 'confluent', registry: new SchemaRegistryClient(config.schemaRegistryUrl) },
    batch: { maxRecords: config.kafka.batchMaxRecords, maxDelayMs: config.kafka.batchMaxDelayMs, maxBytes: config.kafka.batchMaxBytes },
    buffer: { maxRecords: config.kafka.bufferMaxRecords },
    spoolDir: config.kafka.spoolDir,
    logger,
    ...(onAcked === undefined ? {} : { onAcked }),
    ...(options.conflate === undefined ? {} : { conflate: options.conflate }),
  });
  return { sink, counters: sink.counters, kafka, delivery: () => sink.delivery() };
}
