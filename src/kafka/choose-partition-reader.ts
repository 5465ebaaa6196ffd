import type { Logger } from 'pino';
import { createKafkajsClient } from './kafka-client.js';
import type { KafkaConnection } from './kafka-connection.js';
import { createKafkajsReader } from './kafkajs-reader.js';
import { createLibrdkafkaReader, loadLibrdkafkaReader } from './librdkafka-reader.js';
import { NATIVE_KAFKA_INSTALL } from './native-kafka.js';
import { DEFAULT_PARTITION_READER_CONFIG, type PartitionReader, type PartitionReaderConfig } from './partition-reader.js';

/** How the readers of a command reach Kafka and which client they read with. */
export interface PartitionReaderChoice {
  readonly connection: KafkaConnection;
  readonly logger: Logger;
  readonly reader?: Partial<PartitionReaderConfig>;
  /** Loads librdkafka's optional package, throwing why it cannot; default `loadLibrdkafkaReader`. */
  readonly load?: () => unknown;
}

/**
 * Picks the client the readers read with, once: librdkafka, or kafkajs with one warning saying why
 * when librdkafka's optional package cannot be loaded here. Returns a maker of readers (a reader
 * that reconnects makes a new one each time).
 */
export function choosePartitionReader(choice: PartitionReaderChoice): () => PartitionReader {
  const { connection, logger } = choice;
  const reader = choice.reader ?? {};
  try {
    (choice.load ?? loadLibrdkafkaReader)();
    return () => createLibrdkafkaReader({ connection, logger, reader });
  } catch (error) {
    logger.warn(
      { component: 'kafka-reader', using: 'kafkajs', err: error },
      `${error instanceof Error ? error.message : String(error)}; reading Kafka with kafkajs instead (install the package with ${NATIVE_KAFKA_INSTALL})`,
    );
  }
  const requestTimeout = reader.requestTimeoutMs ?? DEFAULT_PARTITION_READER_CONFIG.requestTimeoutMs;
  const kafka = createKafkajsClient(connection, logger, {
    connectionTimeoutMs: Math.min(2_000, requestTimeout),
    requestTimeoutMs: requestTimeout,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  return () => createKafkajsReader({ kafka, logger, reader });
}
