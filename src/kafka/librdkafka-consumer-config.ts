import type { KafkaConnection } from './kafka-connection.js';

/** librdkafka properties, as its clients take them. */
export type LibrdkafkaProperties = Record<string, string | number | boolean>;

/** How a librdkafka consumer fetches. */
export interface LibrdkafkaConsumerTuning {
  /**
   * librdkafka's consumer needs a group id even when it never joins the group: with `assign()` and
   * no commits it only looks the group's coordinator up. A group member passes its real group here.
   */
  readonly groupId: string;
  /** How long the broker holds a fetch that has nothing new, ms (`fetch.wait.max.ms`). */
  readonly fetchWaitMs: number;
  /** A request to a broker fails after this long, ms (`socket.timeout.ms`). */
  readonly requestTimeoutMs: number;
}

/** The brokers, client id and security (TLS, SASL) as librdkafka properties; shared by every librdkafka client. */
export function connectionProperties(connection: KafkaConnection): LibrdkafkaProperties {
  const ssl = connection.ssl === true;
  const properties: LibrdkafkaProperties = {
    'client.id': connection.clientId,
    'metadata.broker.list': connection.brokers.join(','),
    'security.protocol': ssl ? (connection.sasl === undefined ? 'ssl' : 'sasl_ssl') : connection.sasl === undefined ? 'plaintext' : 'sasl_plaintext',
    // Brokers close idle connections (connections.max.idle.ms): not worth a log line.
    'log.connection.close': false,
  };
  if (connection.sasl !== undefined) {
    properties['sasl.mechanisms'] = connection.sasl.mechanism.toUpperCase();
    properties['sasl.username'] = connection.sasl.username;
    properties['sasl.password'] = connection.sasl.password;
  }
  return properties;
}

/**
 * Properties of a consumer whose application chooses the offsets: it reads the partitions it is
 * given with `assign()` from the offsets given, commits nothing and stores no offsets, never
 * creates a topic by reading it, and starts at the earliest record kept when an offset is gone.
 * A consumer-group member builds on these, adding its membership (`group.instance.id`,
 * `partition.assignment.strategy`) and its commits.
 */
export function consumerProperties(connection: KafkaConnection, tuning: LibrdkafkaConsumerTuning): LibrdkafkaProperties {
  return {
    ...connectionProperties(connection),
    'group.id': tuning.groupId,
    'enable.auto.commit': false,
    'enable.auto.offset.store': false,
    'enable.partition.eof': false,
    'allow.auto.create.topics': false,
    'auto.offset.reset': 'earliest',
    'fetch.wait.max.ms': tuning.fetchWaitMs,
    'socket.timeout.ms': tuning.requestTimeoutMs,
    'socket.connection.setup.timeout.ms': tuning.requestTimeoutMs,
  };
}
