import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SinkCompression } from './compression-codecs.js';
import type { TopicSettings } from './ensure-topics.js';
import type { KafkaConnection } from './kafka-connection.js';
import { connectionProperties } from './librdkafka-consumer-config.js';

/** What the librdkafka producer needs: where the brokers are and how to reach them. */
export interface LibrdkafkaProducerConfig extends KafkaConnection {
  /** Default `none`. */
  readonly compression?: SinkCompression;
  /**
   * A record not acknowledged within this time fails (retriable). Default 0: never; librdkafka
   * retries until the broker acknowledges. A timed-out record may still have been written (the
   * broker's answer was lost), and the sink would send it again: a duplicate. With no limit, a
   * batch sent during an outage completes when the broker is back, while the sink spools what
   * arrives meanwhile.
   */
  readonly deliveryTimeoutMs?: number;
  /** `connect()` fails when the brokers' metadata has not arrived by then. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** The kafkajs client that creates missing topics (the same admin path as the kafkajs producer). */
  readonly admin: Kafka;
  readonly topics?: TopicSettings;
  readonly logger: Logger;
}

/** librdkafka properties for an idempotent producer that keeps order per key and partitions like Java. */
export function producerConfig(config: LibrdkafkaProducerConfig): Record<string, string | number | boolean> {
  return {
    ...connectionProperties(config),
    'enable.idempotence': true,
    acks: -1,
    // Java's and kafkajs's default for keyed records: murmur2 of the key bytes.
    partitioner: 'murmur2_random',
    'compression.codec': config.compression ?? 'none',
    'linger.ms': 2,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 1_000_000,
    'message.timeout.ms': config.deliveryTimeoutMs ?? 0,
    // One delivery report per failed record, none for acknowledged ones; the report carries the
    // value, so a failed request tells which of its records the broker has.
    dr_msg_cb: true,
    'delivery.report.only.error': true,
  };
}
