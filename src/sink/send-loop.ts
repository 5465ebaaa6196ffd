import type { Logger } from 'pino';
import type { ProducerPort } from '../kafka/producer-port.js';
import { messageBytes, type EncodedMessage } from './record-encoder.js';
import type { SendBuffer } from './send-buffer.js';
import type { SinkCounters } from './sink-counters.js';
import { earliest, type SinkDelivery } from './sink-delivery.js';
import type { Spool, SpoolSegment } from './spool.js';

export interface SendLoopConfig {
  readonly producer: ProducerPort;
  readonly buffer: SendBuffer;
  readonly spool: Spool;
  readonly counters: SinkCounters;
  readonly logger: Logger;
  /** Records per produce request; also the count that sends a batch before `maxDelayMs`. */
  readonly maxRecords: number;
  /** Bytes per produce request at most (keys, values, headers), below the broker's `message.max.bytes`. */
  readonly maxBytes: number;
  /** The longest a buffered record waits for its batch to fill. */
  readonly maxDelayMs: number;
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** A message Kafka refused for good (e.g. too large); the loop goes on without it. */
  readonly onRejected: (message: EncodedMessage, error: unknown) => void;
  /** Told about each batch Kafka acknowledged (for delivery metrics). */
  readonly onAcked?: (messages: readonly EncodedMessage[]) => void;
  /** Epoch ms now; default `Date.now`. */
  readonly clock?: () => number;
}

interface Batch {
  readonly source: 'memory' | 'spool';
  readonly messages: readonly EncodedMessage[];
  /** The earliest time its oldest record can have arrived (memory batches; the spool keeps its own). */
  readonly since?: number;
}

/**
 * The sink's single producer loop (the idempotent producer has one request in flight).
 * Memory is sent before the spool, because while the spool holds anything every new record that
 * must not be dropped goes there too: that keeps each key in order across memory and disk.
 */
export class SendLoop {
  private readonly abort = new AbortController();
  private closing = false;
  private wake: (() => void) | undefined;
  private firstQueuedAt: number | undefined;
  private replay: { readonly segment: SpoolSegment; index: number } | undefined;
  private inFlight: Batch | undefined;
  private outageSince: number | undefined;
  private trouble: { readonly since: number; readonly reason: string } | undefined;
  private done: Promise<void> = Promise.resolve();
  private readonly clock: () => number;

  constructor(private readonly config: SendLoopConfig) {
    this.clock = config.clock ?? Date.now;
  }

  start(): void {
    this.done = this.run().catch((error: unknown) => this.config.logger.error({ err: error }, 'send loop failed'));
  }

  /** Called after each accepted record with the number of records now queued in memory. */
  notify(queued: number): void {
    if (queued > 0 && this.firstQueuedAt === undefined) {
      this.firstQueuedAt = this.clock();
      this.wakeUp();
    } else if (queued >= this.config.maxRecords) {
      this.wakeUp();
    }
  }

  /**
   * How delivery stands: the arrival bound of the oldest unacknowledged record (the in-flight batch,
   * the buffer, the spool; no scan) and whether the broker looks unreachable. Also marks the time.
   */
  delivery(): SinkDelivery {
    const { buffer, spool } = this.config;
    buffer.mark(this.clock());
    const inFlight = this.inFlight?.source === 'memory' ? this.inFlight.since : undefined;
    const oldestUnackedAt = earliest(earliest(inFlight, buffer.oldestWaitingSince()), spool.oldestSince);
    return this.trouble === undefined ? { oldestUnackedAt } : { oldestUnackedAt, unreachable: this.trouble };
  }

  /** The client reported trouble reaching the broker (e.g. a request timeout); cleared by the next acknowledgement. */
  reportTrouble(reason: string): void {
    this.trouble ??= { since: this.clock(), reason };
  }

  /** Sends until nothing is left or the deadline passes; moves what is left to the spool; resolves to its size. */
  async stop(deadlineMs: number): Promise<number> {
    const { buffer, spool } = this.config;
    this.closing = true;
    this.wakeUp();
    const timer = setTimeout(() => this.abort.abort(), deadlineMs);
    await this.done;
    clearTimeout(timer);
    this.abort.abort();
    if (this.replay !== undefined && this.replay.index > 0) {
      await spool.prepend(this.replay.segment.messages.slice(this.replay.index), spool.oldestSince);
      spool.acknowledge(this.replay.segment);
    }
    const inFlight = this.inFlight?.source === 'memory' ? this.inFlight : undefined;
    const since = earliest(inFlight?.since, buffer.oldestWaitingSince());
    await spool.prepend([...(inFlight?.messages ?? []), ...buffer.drain()], since);
    buffer.settle(inFlight?.messages.length ?? 0);
    return spool.size;
  }

  private async run(): Promise<void> {
    for (;;) {
      const batch = await this.next();
      if (batch === undefined) return;
      this.inFlight = batch;
      const rejected = await this.deliver(batch.messages);
      if (rejected === undefined) return;
      this.inFlight = undefined;
      this.acknowledged(batch, rejected);
    }
  }

  private async next(): Promise<Batch | undefined> {
    const { buffer, spool, maxRecords, maxBytes, maxDelayMs } = this.config;
    for (;;) {
      if (this.abort.signal.aborted) return undefined;
      const now = this.clock();
      buffer.mark(now);
      const queued = buffer.queued;
      if (queued > 0) {
        const age = now - (this.firstQueuedAt ?? 0);
        if (queued >= maxRecords || age >= maxDelayMs || this.closing || spool.size > 0) {
          const since = buffer.oldestWaitingSince();
          const messages = buffer.take(maxRecords, maxBytes);
          this.firstQueuedAt = buffer.queued > 0 ? this.firstQueuedAt : undefined;
          return since === undefined ? { source: 'memory', messages } : { source: 'memory', messages, since };
        }
        await this.sleep(maxDelayMs - age);
        continue;
      }
      if (spool.size > 0) {
        this.replay ??= { segment: (await spool.oldest()) ?? { name: '', messages: [] }, index: 0 };
        const messages = withinBytes(this.replay.segment.messages.slice(this.replay.index, this.replay.index + maxRecords), maxBytes);
        if (messages.length > 0) return { source: 'spool', messages };
        spool.acknowledge(this.replay.segment);
        this.replay = undefined;
        continue;
      }
      if (this.closing) return undefined;
      await this.sleep(undefined);
    }
  }

  /** Sends until acknowledged; resolves to the number of messages refused for good, or undefined when stopped. */
  private async deliver(messages: readonly EncodedMessage[]): Promise<number | undefined> {
    const { producer, counters, logger } = this.config;
    let delay = this.config.initialRetryDelayMs;
    for (;;) {
      try {
        await raceAbort(producer.send(messages), this.abort.signal);
        if (this.outageSince !== undefined) {
          logger.info({ outageMs: this.clock() - this.outageSince, spooled: this.config.spool.size }, 'produce recovered');
          this.outageSince = undefined;
        }
        this.trouble = undefined;
        return 0;
      } catch (error) {
        if (this.abort.signal.aborted) return undefined;
        counters.sendFailures++;
        if (producer.classify(error) === 'record_refused') return this.deliverOneByOne(messages, error);
        this.reportTrouble(`produce failed: ${error instanceof Error ? error.message : String(error)}`);
        if (this.outageSince === undefined) {
          this.outageSince = this.clock();
          logger.warn({ err: error }, 'produce failed; retrying while records buffer and spill to disk');
        }
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.config.maxRetryDelayMs);
      }
    }
  }

  private async deliverOneByOne(messages: readonly EncodedMessage[], error: unknown): Promise<number | undefined> {
    const [only] = messages;
    if (messages.length === 1 && only !== undefined) {
      this.config.onRejected(only, error);
      return 1;
    }
    let rejected = 0;
    for (const message of messages) {
      const refused = await this.deliver([message]);
      if (refused === undefined) return undefined;
      rejected += refused;
    }
    return rejected;
  }

  private acknowledged(batch: Batch, rejected: number): void {
    const { buffer, spool, counters, logger } = this.config;
    const count = batch.messages.length;
    counters.acked += count - rejected;
    if (rejected === 0) this.config.onAcked?.(batch.messages);
    if (batch.source === 'memory') {
      buffer.settle(count);
      counters.buffered = buffer.size;
      return;
    }
    counters.resent += count - rejected;
    if (this.replay === undefined) return;
    this.replay.index += count;
    if (this.replay.index < this.replay.segment.messages.length) return;
    spool.acknowledge(this.replay.segment);
    this.replay = undefined;
    counters.spooled = spool.size;
    if (spool.size === 0) logger.info({ resent: counters.resent }, 'spool drained');
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for `ms` (forever when undefined), a wake-up, or the stop deadline. */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', finish);
        if (this.wake === finish) this.wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(finish, Math.max(0, ms));
      this.abort.signal.addEventListener('abort', finish);
      this.wake = finish;
    });
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('stopped'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The longest prefix of `messages` within `maxBytes` (at least one message). */
function withinBytes(messages: readonly EncodedMessage[], maxBytes: number): readonly EncodedMessage[] {
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    bytes += messageBytes(messages[i] as EncodedMessage);
    if (i > 0 && bytes > maxBytes) return messages.slice(0, i);
  }
  return messages;
}
