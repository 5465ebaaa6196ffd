import type { SinkCompression } from './compression-codecs.js';
import type { KafkaConnection } from './kafka-connection.js';

/** How a process reaches Kafka and what produces to it: the `kafka` settings this folder reads (`kafka.*` options). */
export interface KafkaSettings {
  /** Bootstrap servers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Partitions of topics created at start-up. */
  readonly partitions: number;
  /** Replication factor of topics created at start-up. */
  readonly replicationFactor: number;
  readonly compression: SinkCompression;
  /** The producer behind the sink: librdkafka (its own threads, the optional package; the default) or kafkajs (pure JavaScript). */
  readonly client: 'kafkajs' | 'librdkafka';
  /**
   * True when no file, environment variable or flag set `client` (its default applies): a
   * librdkafka that cannot be loaded then gives way to kafkajs with a warning, instead of failing.
   */
  readonly clientFromDefault?: boolean;
  /** TLS to the brokers. */
  readonly ssl: boolean;
  readonly saslMechanism?: NonNullable<KafkaConnection['sasl']>['mechanism'];
  readonly saslUsername?: string;
  readonly saslPassword?: string;
}

/** The part of a configuration the Kafka clients are made from. */
export interface KafkaConfig {
  readonly kafka: KafkaSettings;
}

/** The defaults of the Kafka settings that have one (SASL has none). */
export const DEFAULT_KAFKA_SETTINGS = {
  brokers: ['127.0.0.1:9092'],
  clientId: 'market-feed',
  partitions: 6,
  replicationFactor: 1,
  compression: 'none',
  client: 'librdkafka',
  ssl: false,
} as const satisfies Omit<KafkaSettings, 'clientFromDefault' | 'saslMechanism' | 'saslUsername' | 'saslPassword'>;
