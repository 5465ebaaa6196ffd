import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SinkCompression } from './compression-codecs.js';
import { ensureTopics, type TopicSettings } from './ensure-topics.js';
import type { ProducerPort } from './producer-port.js';

/** What the librdkafka producer needs: where the brokers are and how to reach them. */
export interface LibrdkafkaProducerConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** TLS to the brokers. */
  readonly ssl?: boolean;
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
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

/** librdkafka error codes (`RdKafka.CODES.ERRORS`) that concern a record itself: retrying cannot help. */
const RECORD_REFUSED_CODES = new Set([
  2, // ERR_CORRUPT_MESSAGE
  10, // ERR_MSG_SIZE_TOO_LARGE
  18, // ERR_RECORD_LIST_TOO_LARGE
  32, // ERR_INVALID_TIMESTAMP
  87, // ERR_INVALID_RECORD
  -186, // ERR__MSG_SIZE_TOO_LARGE (refused by the client before sending)
]);

/** librdkafka's codes for a broker that cannot be reached: told to `onTrouble` listeners. */
const TROUBLE_CODES = new Set([-195 /* ERR__TRANSPORT */, -187 /* ERR__ALL_BROKERS_DOWN */, -185 /* ERR__TIMED_OUT */, -192 /* ERR__MSG_TIMED_OUT */]);

/** How often delivery reports are collected, ms. */
const DELIVERY_POLL_INTERVAL_MS = 5;

/** librdkafka's `ERR__FATAL`: the idempotent producer cannot go on; a new instance is needed. */
const FATAL_CODE = -150;

/** The part of the raw librdkafka producer this adapter uses. */
interface RawProducer {
  connect(options: { readonly timeout: number }, callback: (error: unknown) => void): void;
  disconnect(callback: () => void): void;
  produce(topic: string, partition: null, value: Buffer, key: string): unknown;
  setPollInterval(ms: number): void;
  on(event: 'delivery-report', listener: (error: unknown) => void): void;
  on(event: 'event.error', listener: (error: unknown) => void): void;
}

type ProducerConstructor = new (conf: Record<string, string | number | boolean>) => RawProducer;

/** One produce request waiting for its delivery reports. */
interface Pending {
  remaining: number;
  error: unknown;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * librdkafka (`@confluentinc/kafka-javascript`, raw `Producer`) as a `ProducerPort`: idempotent,
 * `acks=all`, keys partitioned with murmur2 as kafkajs and Java do (same key, same partition across
 * the two clients). Records are handed to librdkafka's own threads, which batch, compress and
 * send them on the second core; `send` resolves when every record's delivery report is in. The
 * package is an optional dependency: it is loaded on `connect()`, so the kafkajs producer works
 * without it.
 */
export function createLibrdkafkaProducer(config: LibrdkafkaProducerConfig): ProducerPort {
  const listeners: ((reason: string) => void)[] = [];
  let producer: RawProducer | undefined;
  let pending: Pending | undefined;
  let fatal: unknown;

  const settle = (): void => {
    const request = pending;
    if (request === undefined || request.remaining > 0) return;
    pending = undefined;
    if (request.error === undefined) request.resolve();
    else request.reject(request.error);
  };

  const open = async (): Promise<RawProducer> => {
    const Producer = await loadProducer();
    const created = new Producer(producerConfig(config));
    created.on('delivery-report', (error) => {
      if (pending === undefined) return;
      if (error !== null && error !== undefined && pending.error === undefined) pending.error = error;
      pending.remaining -= 1;
      settle();
    });
    created.on('event.error', (error) => {
      const code = codeOf(error);
      if (code === FATAL_CODE) fatal = error;
      if (code === FATAL_CODE || (code !== undefined && TROUBLE_CODES.has(code))) {
        for (const listener of listeners) listener(`librdkafka: ${messageOf(error)}`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      created.connect({ timeout: config.connectTimeoutMs ?? 10_000 }, (error) => (error === null || error === undefined ? resolve() : reject(asError(error))));
    });
    // Delivery reports polled from the event loop every few ms. The package's background polling
    // (`setPollInBackground`) delivered them at about 100 per second once the event loop was busy
    // (run at 10,000 trades/s), which stalled the send loop while the buffer spilled.
    created.setPollInterval(DELIVERY_POLL_INTERVAL_MS);
    return created;
  };

  return {
    async createTopics(topics) {
      await ensureTopics(config.admin, topics, config.topics ?? {}, config.logger);
    },

    async connect() {
      producer = await open();
    },

    async send(records) {
      if (producer === undefined) throw new Error('producer used before connect()');
      if (pending !== undefined) throw new Error('librdkafka producer: one request at a time');
      if (fatal !== undefined) {
        // The idempotent producer's state is gone (e.g. out-of-order sequence): start a new one.
        const broken = producer;
        fatal = undefined;
        await new Promise<void>((resolve) => broken.disconnect(resolve));
        producer = await open();
      }
      if (records.length === 0) return;
      const active = producer;
      await new Promise<void>((resolve, reject) => {
        const request: Pending = { remaining: records.length, error: undefined, resolve, reject };
        pending = request;
        let handed = 0;
        try {
          for (const record of records) {
            active.produce(record.topic, null, record.value, record.key);
            handed += 1;
          }
        } catch (error) {
          // Not handed over (e.g. the local queue is full): those records get no delivery report.
          request.error ??= error;
          request.remaining -= records.length - handed;
          settle();
        }
      });
    },

    classify(error) {
      const code = codeOf(error);
      return code !== undefined && RECORD_REFUSED_CODES.has(code) ? 'record_refused' : 'retriable';
    },

    onTrouble(listener) {
      listeners.push(listener);
    },

    async close() {
      const active = producer;
      producer = undefined;
      if (active !== undefined) await new Promise<void>((resolve) => active.disconnect(resolve));
    },
  };
}

/** librdkafka properties for an idempotent producer that keeps order per key and partitions like Java. */
export function producerConfig(config: LibrdkafkaProducerConfig): Record<string, string | number | boolean> {
  const conf: Record<string, string | number | boolean> = {
    'client.id': config.clientId,
    'metadata.broker.list': config.brokers.join(','),
    'enable.idempotence': true,
    acks: -1,
    // Java's and kafkajs's default for keyed records: murmur2 of the key bytes.
    partitioner: 'murmur2_random',
    'compression.codec': config.compression ?? 'none',
    'linger.ms': 2,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 1_000_000,
    'message.timeout.ms': config.deliveryTimeoutMs ?? 0,
    dr_cb: true,
    'security.protocol': config.ssl === true ? (config.sasl === undefined ? 'ssl' : 'sasl_ssl') : config.sasl === undefined ? 'plaintext' : 'sasl_plaintext',
  };
  if (config.sasl !== undefined) {
    conf['sasl.mechanisms'] = config.sasl.mechanism.toUpperCase();
    conf['sasl.username'] = config.sasl.username;
    conf['sasl.password'] = config.sasl.password;
  }
  return conf;
}

async function loadProducer(): Promise<ProducerConstructor> {
  try {
    const module = (await import('@confluentinc/kafka-javascript')) as unknown as { default?: { Producer?: unknown }; Producer?: unknown };
    const Producer = module.Producer ?? module.default?.Producer;
    if (typeof Producer !== 'function') throw new Error('the package has no Producer');
    return Producer as ProducerConstructor;
  } catch (cause) {
    throw new Error(
      'kafka.client=librdkafka needs the optional package @confluentinc/kafka-javascript; install it with `CKJS_LINKING=dynamic npm ci` (builds librdkafka against the system OpenSSL and zlib) or use kafka.client=kafkajs',
      { cause },
    );
  }
}

function codeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(messageOf(error));
}
