import type { CompressionTypes, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { compressionType, type SinkCompression } from './compression-codecs.js';
import { ensureTopics, type TopicSettings } from './ensure-topics.js';
import type { ProduceFailure, ProducerPort, ProducerRecord } from './producer-port.js';

/** The kafkajs producer behind the sink's `ProducerPort`. */
export interface KafkajsProducerConfig {
  /** The kafkajs client (brokers, TLS, SASL and logging are set where it is created). */
  readonly kafka: Kafka;
  /** How missing topics are created. */
  readonly topics?: TopicSettings;
  /** Default `none`. */
  readonly compression?: SinkCompression;
  readonly logger: Logger;
}

/** kafkajs error types that concern a record itself: retrying the request cannot help. */
const RECORD_REFUSED_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_TIMESTAMP']);

/** An idempotent kafkajs producer (`acks: -1`, one request in flight) as a `ProducerPort`. */
export function createKafkajsProducer(config: KafkajsProducerConfig): ProducerPort {
  const compression: CompressionTypes = compressionType(config.compression ?? 'none');
  const listeners: ((reason: string) => void)[] = [];
  let producer: Producer | undefined;

  return {
    async createTopics(topics) {
      await ensureTopics(config.kafka, topics, config.topics ?? {}, config.logger);
    },

    async connect() {
      const created = config.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { initialRetryTime: 100, maxRetryTime: 5_000 } });
      created.on(created.events.REQUEST_TIMEOUT, (event) => {
        for (const listener of listeners) listener(`request to broker ${String(event.payload.broker)} timed out`);
      });
      producer = created;
      await created.connect();
    },

    async send(records) {
      if (producer === undefined) throw new Error('producer used before connect()');
      await producer.sendBatch({ topicMessages: byTopic(records), acks: -1, compression });
    },

    classify,

    onTrouble(listener) {
      listeners.push(listener);
    },

    async close() {
      await producer?.disconnect();
    },
  };
}

/** Walks the error and its causes for a kafkajs protocol error type that refuses a record for good. */
function classify(error: unknown): ProduceFailure {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && RECORD_REFUSED_ERRORS.has(type)) return 'record_refused';
    if ((e as { cause?: unknown }).cause === e) break;
  }
  return 'retriable';
}

/** kafkajs's request shape: messages grouped by topic, each message key, value and partition if chosen (no headers). */
function byTopic(records: readonly ProducerRecord[]): { topic: string; messages: { key: string; value: Buffer; partition?: number }[] }[] {
  const topics = new Map<string, { key: string; value: Buffer; partition?: number }[]>();
  for (const { topic, key, value, partition } of records) {
    let list = topics.get(topic);
    if (list === undefined) topics.set(topic, (list = []));
    list.push(partition === undefined ? { key, value } : { key, value, partition });
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
