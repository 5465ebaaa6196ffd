import kafkajs, { type Kafka, type RetryOptions, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { registerAllCompressionCodecs } from './compression-codecs.js';
import type { KafkaConnection } from './kafka-connection.js';
import { kafkajsLogCreator } from './kafkajs-log-creator.js';
import type { KafkaConfig } from './kafka-settings.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** How the configuration reaches Kafka (brokers, TLS, SASL), for a client named `clientId` (default `kafka.clientId`). */
export function kafkaConnectionOf(config: KafkaConfig, clientId: string = config.kafka.clientId): KafkaConnection {
  const { brokers, ssl, saslMechanism, saslUsername, saslPassword } = config.kafka;
  return {
    brokers,
    clientId,
    ssl,
    ...(saslMechanism === undefined || saslUsername === undefined || saslPassword === undefined
      ? {}
      : { sasl: { mechanism: saslMechanism, username: saslUsername, password: saslPassword } }),
  };
}

/** How patient a kafkajs client is; kafkajs's defaults where absent. */
export interface KafkajsTuning {
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryOptions;
}

/**
 * The one place a kafkajs client is made: the connection's brokers, TLS and SASL, warnings and
 * errors routed to `logger`, and every compression codec registered so that whatever it reads it
 * can decompress. Topic creation, the kafkajs producer and the kafkajs reader use it.
 */
export function createKafkajsClient(connection: KafkaConnection, logger: Logger, tuning: KafkajsTuning = {}): Kafka {
  registerAllCompressionCodecs();
  const { sasl: given } = connection;
  const sasl: SASLOptions | undefined = given === undefined ? undefined : { mechanism: given.mechanism, username: given.username, password: given.password };
  return new KafkaClient({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    ssl: connection.ssl === true,
    ...(sasl === undefined ? {} : { sasl }),
    ...(tuning.connectionTimeoutMs === undefined ? {} : { connectionTimeout: tuning.connectionTimeoutMs }),
    ...(tuning.requestTimeoutMs === undefined ? {} : { requestTimeout: tuning.requestTimeoutMs }),
    ...(tuning.retry === undefined ? {} : { retry: tuning.retry }),
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
  });
}
