import type { Logger } from 'pino';
import type { DeadLetter } from '../model/dead-letter.js';
import { encodeDeadLetter, invalidFrameDeadLetter, producedDeadLetter } from './dead-letters.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { RecordEncoder, type EncodedMessage, type SinkEncoding } from './record-encoder.js';
import { SendBuffer } from './send-buffer.js';
import { SendLoop } from './send-loop.js';
import { createSinkCounters, type SinkCounters } from './sink-counters.js';
import type { SinkDelivery } from './sink-delivery.js';
import { CONFLATED_TYPES, allTopics, sinkTopics } from './sink-topics.js';
import { Spool } from './spool.js';
import type { RecordSink } from './record-sink.js';
import { settleWithin } from '../kafka/settle-within.js';

/** When a produce request goes out: at this many records or bytes, or after this many ms. */
export const DEFAULT_SEND_BATCH = { maxRecords: 500, maxBytes: 512 * 1024, maxDelayMs: 20 } as const;
/**
 * The in-memory buffer: never-drop records held before they spill to the spool, and price ticks and
 * book tickers conflated per key (latest kept) while unsent.
 */
export const DEFAULT_SEND_BUFFER = { maxRecords: 50_000, maxConflatedKeys: 10_000 } as const;

/** Configuration of the Kafka sink; sizes in records, times in ms. */
export interface KafkaSinkConfig {
  /** The producer (e.g. `createKafkajsProducer`): creates missing topics, sends, classifies failures. */
  readonly producer: ProducerPort;
  /** Put before every topic name, e.g. `staging.`. Default none. */
  readonly topicPrefix?: string;
  readonly encoding: SinkEncoding;
  /**
   * A produce request goes out at `maxRecords` (default 500) or after `maxDelayMs` (default 20), and
   * never holds more than `maxBytes` (default 512 KiB, below the broker's 1 MB `message.max.bytes`).
   */
  readonly batch?: { readonly maxRecords?: number; readonly maxDelayMs?: number; readonly maxBytes?: number };
  /** Memory bound: never-drop records queued or in flight, conflation slots (default `DEFAULT_SEND_BUFFER`). */
  readonly buffer?: { readonly maxRecords?: number; readonly maxConflatedKeys?: number };
  /** Where records go beyond the memory bound, and what is left undelivered at shutdown. */
  readonly spoolDir: string;
  /** Records per spool segment file. Default 10,000. */
  readonly spoolSegmentRecords?: number;
  /** Back-off between failed produce requests: first and largest delay. Default 200 and 5,000. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly logger: Logger;
  /** Counters to add to (e.g. shared with the metrics module); a fresh set by default. */
  readonly counters?: SinkCounters;
  /** Told about each batch Kafka acknowledged, e.g. to count records per topic and their latency. */
  readonly onAcked?: (messages: readonly EncodedMessage[]) => void;
  /** The `schemas/` folder. Default: found above this module. */
  readonly schemasDir?: string;
  /** Conflate ticks and book tickers (latest per key) while unsent; default true. Replays turn it off to publish every tick. */
  readonly conflate?: boolean;
}

/**
 * The Kafka sink: `start()` connects, creates missing topics, registers schemas and sends the spool
 * first; `close()` leaves whatever it could not deliver in the spool for the next start.
 */
export interface KafkaSink extends RecordSink {
  readonly counters: SinkCounters;
  /** How delivery stands now (oldest unacknowledged record, broker trouble); cheap, no scan. */
  delivery(): SinkDelivery;
}

/** The Kafka sink: bounded memory, conflation of ticks, an on-disk spool, one idempotent send loop. */
export function createKafkaSink(config: KafkaSinkConfig): KafkaSink {
  const logger = config.logger.child({ component: 'kafka-sink' });
  const counters = config.counters ?? createSinkCounters();
  const topics = sinkTopics(config.topicPrefix);
  const buffer = new SendBuffer({
    maxRecords: config.buffer?.maxRecords ?? DEFAULT_SEND_BUFFER.maxRecords,
    maxConflatedKeys: config.buffer?.maxConflatedKeys ?? DEFAULT_SEND_BUFFER.maxConflatedKeys,
  });
  let encoder: RecordEncoder | undefined;
  let spool: Spool | undefined;
  let connected: ProducerPort | undefined;
  let loop: SendLoop | undefined;
  let closed: Promise<{ readonly undelivered: number }> | undefined;

  const enqueue = (message: EncodedMessage): void => {
    if (spool === undefined) throw new Error('KafkaSink used before start() resolved');
    if (spool.size > 0 || !buffer.push(message)) {
      spool.append(message);
      counters.spilled++;
      counters.spooled = spool.size;
    }
    counters.buffered = buffer.size;
    counters.bufferedHighWater = buffer.highWaterMark;
    loop?.notify(buffer.queued);
  };

  const sendDeadLetter = (letter: DeadLetter): void => {
    if (encoder === undefined || closed !== undefined) {
      logger.error({ deadLetter: letter }, 'dead letter outside start()..close(); logged only');
      return;
    }
    counters.deadLettered++;
    enqueue(encoder.encodeDeadLetter(letter));
  };

  return {
    counters,

    delivery() {
      return loop?.delivery() ?? { oldestUnackedAt: undefined };
    },

    async start() {
      if (encoder !== undefined) return;
      const { producer } = config;
      await producer.createTopics(allTopics(topics));
      const ready = await RecordEncoder.create(config.encoding, topics, config.schemasDir);
      spool = new Spool({ dir: config.spoolDir, logger, ...(config.spoolSegmentRecords === undefined ? {} : { segmentRecords: config.spoolSegmentRecords }) });
      counters.spooled = spool.size;
      if (spool.size > 0) logger.info({ records: spool.size }, 'replaying the spool before new records');
      producer.onTrouble((reason) => loop?.reportTrouble(reason));
      connected = producer;
      await producer.connect();
      encoder = ready;
      loop = new SendLoop({
        producer,
        buffer,
        spool,
        counters,
        logger,
        maxRecords: config.batch?.maxRecords ?? DEFAULT_SEND_BATCH.maxRecords,
        maxBytes: config.batch?.maxBytes ?? DEFAULT_SEND_BATCH.maxBytes,
        maxDelayMs: config.batch?.maxDelayMs ?? DEFAULT_SEND_BATCH.maxDelayMs,
        initialRetryDelayMs: config.retry?.initialDelayMs ?? 200,
        maxRetryDelayMs: config.retry?.maxDelayMs ?? 5_000,
        ...(config.onAcked === undefined ? {} : { onAcked: config.onAcked }),
        onRejected: (message, error) => {
          counters.rejected++;
          if (message.topic === topics.deadLetters) logger.error({ err: error, key: message.key }, 'Kafka refused a dead letter; logged only');
          else sendDeadLetter(producedDeadLetter(message, error, Date.now()));
        },
      });
      loop.start();
    },

    write(record) {
      if (closed !== undefined) {
        if (counters.rejectedAfterClose++ === 0) logger.warn({ type: record.type }, 'record written after close(); refused');
        return;
      }
      if (encoder === undefined) throw new Error('KafkaSink.write() called before start() resolved');
      let message: EncodedMessage;
      try {
        message = encoder.encodeRecord(record);
      } catch (error) {
        counters.encodeFailures++;
        sendDeadLetter(encodeDeadLetter(record, error, encoder.topicOf(record.type), Date.now()));
        return;
      }
      counters.accepted++;
      if (!CONFLATED_TYPES.has(record.type) || config.conflate === false) {
        enqueue(message);
        return;
      }
      const result = buffer.conflate(message);
      if (result === 'replaced') counters.conflated++;
      if (result === 'full' && counters.conflationOverflow++ % 1000 === 0) {
        logger.warn({ type: record.type, dropped: counters.conflationOverflow }, 'conflation table full; dropping ticks of new keys');
      }
      counters.buffered = buffer.size;
      counters.bufferedHighWater = buffer.highWaterMark;
      loop?.notify(buffer.queued);
    },

    deadLetter(item) {
      const now = Date.now();
      sendDeadLetter('raw' in item ? invalidFrameDeadLetter(item, now) : encodeDeadLetter(item.record, item.error, encoder?.topicOf(item.record.type), now));
    },

    close(options) {
      closed ??= (async () => {
        const disconnectBudgetMs = Math.min(2_000, options.deadlineMs / 4);
        const undelivered = loop === undefined ? (spool?.size ?? 0) : await loop.stop(options.deadlineMs - disconnectBudgetMs);
        await spool?.close();
        counters.spooled = undelivered;
        counters.buffered = buffer.size;
        await disconnectWithin(connected, disconnectBudgetMs, logger);
        const log = undelivered === 0 ? logger.info.bind(logger) : logger.warn.bind(logger);
        log({ undelivered, spoolDir: config.spoolDir, counters }, 'kafka sink closed');
        return { undelivered };
      })();
      return closed;
    },
  };
}

/** Disconnects the producer, giving up (with a warning) after `ms`: a down broker must not hold up shutdown. */
async function disconnectWithin(producer: ProducerPort | undefined, ms: number, logger: Logger): Promise<void> {
  if (producer === undefined) return;
  const outcome = await settleWithin(producer.close(), ms);
  if (outcome.kind !== 'done') logger.warn({ err: outcome.kind === 'failed' ? outcome.error : 'timeout' }, 'producer disconnect did not finish cleanly');
}
