import { loadNativeKafka, NATIVE_KAFKA_INSTALL, NATIVE_KAFKA_PACKAGE } from './native-kafka.js';
import { ensureTopics } from './ensure-topics.js';
import {
  acknowledgedOf,
  asError,
  classify,
  codeOf,
  FATAL_CODE,
  firstRefused,
  FLUSH_TIMED_OUT_CODE,
  isBrokerTrouble,
  messageOf,
  withCode,
} from './librdkafka-errors.js';
import { routeLibrdkafkaLogs } from './librdkafka-log-router.js';
import { producerConfig, type LibrdkafkaProducerConfig } from './librdkafka-config.js';
import type { ProducerPort } from './producer-port.js';
import { whileClosing } from './native-handles.js';

export type { LibrdkafkaProducerConfig } from './librdkafka-config.js';

/**
 * How long each `flush()` call of a request waits on the package's worker thread, ms: `FLUSH_WAIT_MS`
 * while the request is younger than `FLUSH_STEADY_MS`, then twice the previous wait, up to
 * `FLUSH_MAX_WAIT_MS`. A call returns as soon as the queue is empty, but it notices that only when
 * librdkafka's own poll wakes (at most every 10 ms; acknowledged records, which have no report, do
 * not wake it), or when its wait ends: short waits keep a request's completion within 2 ms of the
 * broker's answer (the one request in flight bounds the throughput), longer ones keep an outage cheap.
 */
const FLUSH_WAIT_MS = 2;
const FLUSH_STEADY_MS = 50;
const FLUSH_MAX_WAIT_MS = 1_000;

/** How often events between requests (errors, trouble) are collected from the event loop, ms. */
const EVENT_POLL_INTERVAL_MS = 100;

/** The part of the raw librdkafka producer this adapter uses. */
export interface RawProducer {
  connect(options: { readonly timeout: number }, callback: (error: unknown) => void): void;
  disconnect(callback: () => void): void;
  produce(topic: string, partition: number | null, value: Buffer, key: string): unknown;
  flush(timeoutMs: number, callback: (error: unknown) => void): void;
  setPollInterval(ms: number): void;
  on(event: 'delivery-report', listener: (error: unknown, report: DeliveryReport) => void): void;
  on(event: 'event.error', listener: (error: unknown) => void): void;
  on(event: 'event.log', listener: (log: unknown) => void): void;
}

/** What librdkafka reports of a record that failed (`dr_msg_cb`: the value is copied back). */
export interface DeliveryReport {
  readonly topic?: string;
  readonly value?: Buffer | null;
}

export type ProducerConstructor = new (conf: Record<string, string | number | boolean>) => RawProducer;

/** The request in flight: the delivery reports it got (librdkafka reports failed records only). */
interface Pending {
  readonly failures: { readonly error: unknown; readonly report: DeliveryReport }[];
  /** Delivery reports seen so far (to tell when the package has handed over the last of them). */
  reports: number;
}

/**
 * librdkafka (`@confluentinc/kafka-javascript`, raw `Producer`) as a `ProducerPort`: idempotent,
 * `acks=all`, keys partitioned with murmur2 as kafkajs and Java do (same key, same partition across
 * the two clients). Records are handed to librdkafka's own threads, which batch, compress and
 * send them on the second core. The event loop pays one `produce()` per record and one completion
 * per request: librdkafka reports failed records only (`delivery.report.only.error`), and `send`
 * waits on `flush()`, which runs on the package's worker thread and returns once every record
 * handed over is acknowledged or failed. Records of a failed request that the broker did
 * acknowledge are remembered, so that sending them again (the send loop's retry, or its one-by-one
 * pass around a refused record) completes without writing them twice. The package is an optional
 * dependency: it is loaded on `connect()`, so the kafkajs producer works without it.
 */
export function createLibrdkafkaProducer(config: LibrdkafkaProducerConfig, binding: () => ProducerConstructor = loadProducer): ProducerPort {
  const listeners: ((reason: string) => void)[] = [];
  /** Values of records already acknowledged by the broker although their request failed. */
  const acknowledgedEarlier = new WeakSet<Buffer>();
  let producer: RawProducer | undefined;
  let pending: Pending | undefined;
  let fatal: unknown;
  /** The producer is gone (a fatal error closed it): the next request opens a new one, however many tries that takes. */
  let reopen = false;

  const open = async (): Promise<RawProducer> => {
    const Producer = binding();
    const created = new Producer(producerConfig(config));
    created.on('delivery-report', (error, report) => {
      if (pending === undefined) return;
      pending.reports += 1;
      if (error !== null && error !== undefined) pending.failures.push({ error, report });
    });
    routeLibrdkafkaLogs(created, config.logger);
    created.on('event.error', (error) => {
      const code = codeOf(error);
      if (code === FATAL_CODE) fatal = error;
      if (code === FATAL_CODE || isBrokerTrouble(error)) {
        for (const listener of listeners) listener(`librdkafka: ${messageOf(error)}`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      created.connect({ timeout: config.connectTimeoutMs ?? 10_000 }, (error) => (error === null || error === undefined ? resolve() : reject(asError(error))));
    }).catch((error: unknown) => {
      // Its threads go with it.
      try {
        created.disconnect(() => undefined);
      } catch {
        // Never connected: nothing to close.
      }
      throw error;
    });
    // While a request is in flight, `flush()` serves librdkafka's events on the worker thread;
    // between requests this slow poll does.
    created.setPollInterval(EVENT_POLL_INTERVAL_MS);
    return created;
  };

  /** Calls `flush()` until nothing handed to `active` is left, it is replaced or closed, or it fails for good. */
  const flushed = (active: RawProducer): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const attempt = (waitMs: number, spentMs: number): void => {
        if (producer !== active) return reject(new Error('librdkafka producer closed with records in flight'));
        if (fatal !== undefined) return reject(withCode(fatal));
        try {
          active.flush(waitMs, (error) => {
            if (error === null || error === undefined) resolve();
            else if (codeOf(error) === FLUSH_TIMED_OUT_CODE)
              attempt(spentMs + waitMs < FLUSH_STEADY_MS ? FLUSH_WAIT_MS : Math.min(waitMs * 2, FLUSH_MAX_WAIT_MS), spentMs + waitMs);
            else reject(withCode(error));
          });
        } catch (error) {
          reject(withCode(error));
        }
      };
      attempt(FLUSH_WAIT_MS, 0);
    });

  /**
   * Resolves once the package has passed every delivery report of the request to JavaScript. The
   * package hands them over from the event loop in rounds of at most 100, each round in its own
   * loop turn, and `flush()` can answer before the last round: wait for a turn in which no report came.
   */
  const reportsDrained = (request: Pending): Promise<void> =>
    new Promise<void>((resolve) => {
      let seen = request.reports;
      const check = (): void => {
        if (request.reports === seen) return resolve();
        seen = request.reports;
        setImmediate(check);
      };
      setImmediate(check);
    });

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
        reopen = true;
        await whileClosing('a librdkafka producer', new Promise<void>((resolve) => broken.disconnect(resolve)));
      }
      // Until one opens (the brokers may be out of reach just then), each request tries again; its failure is retriable.
      if (reopen) {
        producer = await open();
        reopen = false;
      }
      const fresh = records.filter((record) => !acknowledgedEarlier.delete(record.value));
      if (fresh.length === 0) return;
      const active = producer;
      const request: Pending = { failures: [], reports: 0 };
      pending = request;
      let handed = 0;
      let refusedByClient: unknown;
      try {
        for (const record of fresh) {
          active.produce(record.topic, record.partition ?? null, record.value, record.key);
          handed += 1;
        }
      } catch (error) {
        // Not handed over (e.g. too large for the client, or the local queue is full): neither is the rest.
        refusedByClient = error;
      }
      try {
        await flushed(active);
        await reportsDrained(request);
      } finally {
        pending = undefined;
      }
      if (request.failures.length === 0 && refusedByClient === undefined) return;
      for (const record of acknowledgedOf(fresh.slice(0, handed), request.failures)) acknowledgedEarlier.add(record.value);
      throw firstRefused([...request.failures.map((failure) => failure.error), ...(refusedByClient === undefined ? [] : [refusedByClient])]);
    },

    classify,

    onTrouble(listener) {
      listeners.push(listener);
    },

    async close() {
      const active = producer;
      producer = undefined;
      // A producer closed by its fatal error is not closed twice.
      if (active !== undefined && !reopen) await whileClosing('the librdkafka producer', new Promise<void>((resolve) => active.disconnect(resolve)));
    },
  };
}

function loadProducer(): ProducerConstructor {
  try {
    return loadNativeKafka<{ readonly Producer: ProducerConstructor }>(['Producer']).Producer;
  } catch (cause) {
    throw new Error(
      `kafka.client=librdkafka needs the optional package ${NATIVE_KAFKA_PACKAGE}; install it with ${NATIVE_KAFKA_INSTALL} or use kafka.client=kafkajs`,
      { cause },
    );
  }
}
