import kafkajs, { type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { KafkaConnection } from '../sink/kafka-connection.js';
import { kafkajsLogCreator } from '../sink/kafkajs-log-creator.js';
import { createKafkajsReader } from '../sink/kafkajs-reader.js';
import { createLibrdkafkaReader, loadLibrdkafkaReader } from '../sink/librdkafka-reader.js';
import { DEFAULT_PARTITION_READER_CONFIG, type PartitionReader, type PartitionReaderConfig } from '../sink/partition-reader.js';

const { Kafka, logLevel } = kafkajs;

/** How the readers of a command reach Kafka and which client they read with. */
export interface PartitionReaderChoice {
  readonly connection: KafkaConnection;
  readonly logger: Logger;
  readonly reader?: Partial<PartitionReaderConfig>;
  /** Loads librdkafka's optional package, throwing why it cannot; default `loadLibrdkafkaReader`. */
  readonly load?: () => unknown;
}

/** How the configuration reaches Kafka (brokers, client id, TLS, SASL), for a reader named `clientId`. */
export function kafkaConnectionOf(config: MarketFeedConfig, clientId: string): KafkaConnection {
  const { brokers, ssl, saslMechanism, saslUsername, saslPassword } = config.kafka;
  return {
    brokers,
    clientId,
    ssl,
    ...(saslMechanism === undefined || saslUsername === undefined || saslPassword === undefined ? {} : { sasl: { mechanism: saslMechanism, username: saslUsername, password: saslPassword } }),
  };
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
      `${error instanceof Error ? error.message : String(error)}; reading Kafka with kafkajs instead (install the package with \`CKJS_LINKING=dynamic npm ci\`)`,
    );
  }
  const requestTimeout = reader.requestTimeoutMs ?? DEFAULT_PARTITION_READER_CONFIG.requestTimeoutMs;
  const sasl: SASLOptions | undefined = connection.sasl === undefined ? undefined : { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password: connection.sasl.password };
  const kafka = new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    ssl: connection.ssl === true,
    ...(sasl === undefined ? {} : { sasl }),
    connectionTimeout: Math.min(2_000, requestTimeout),
    requestTimeout,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
  });
  return () => createKafkajsReader({ kafka, logger, reader });
}
