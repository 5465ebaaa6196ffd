import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { PartitionOffsets, PartitionReader, PartitionStart, ReadRecord } from './partition-reader.js';
import { settleWithin } from './settle-within.js';

/** How a follower paces itself and how long it waits for the brokers. */
export interface TopicFollowerConfig {
  /** How often end offsets are read (for `onOffsets` and for topics that appear), ms; default 1 000. */
  readonly probeIntervalMs: number;
  /** Pause before reconnecting after Kafka went away, ms; default 1 000. */
  readonly reconnectDelayMs: number;
  /**
   * Longest a connect or an offsets request may take before the session is given up and a new
   * client tried, ms; default 10 000 (a client that never answers must not stop the follower).
   */
  readonly answerTimeoutMs: number;
}

export const DEFAULT_TOPIC_FOLLOWER_CONFIG: TopicFollowerConfig = { probeIntervalMs: 1000, reconnectDelayMs: 1000, answerTimeoutMs: 10_000 };

/** What a follower reads and where it says what it found. */
export interface TopicFollowerOptions {
  /** Makes a new reader, not connected yet (one per connection). */
  readonly createReader: () => PartitionReader;
  readonly topics: readonly string[];
  /** Where a partition seen for the first time is read from; default its end (`high`). */
  readonly startOf?: (topic: string, offsets: PartitionOffsets) => number;
  /** Each record, in offset order per partition; the next is not read before it settles. */
  readonly onRecord: (record: ReadRecord) => Promise<void> | void;
  /** Connected and reading these topics (again after each reconnection, and when a topic appears). */
  readonly onReading?: (topics: readonly string[]) => void;
  /** Kafka went away; the follower reconnects after `reconnectDelayMs`. */
  readonly onUnreachable?: (error: string) => void;
  /** The end offsets of each probe, with the next offset the follower will read per `topic/partition`. */
  readonly onOffsets?: (
    offsets: ReadonlyMap<string, readonly PartitionOffsets[]>,
    reading: ReadonlySet<string>,
    positions: ReadonlyMap<string, number>,
  ) => void;
  readonly logger: Logger;
  readonly config?: Partial<TopicFollowerConfig>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `work`, or a rejection naming `what` when it has not settled within `ms`. */
async function answeredWithin<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      work,
      sleep(ms, undefined, { signal: timer.signal }).then((): never => {
        throw new Error(`${what}: no answer within ${ms} ms`);
      }),
    ]);
  } finally {
    timer.abort();
  }
}

/** Resolves within `ms` whatever the promise does (a client talking to a broker that is gone may never answer). */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  await settleWithin(work, ms);
}

/**
 * Follows topics from where it chooses to start (no consumer group, nothing committed) and keeps
 * going: a topic that is missing is read once it appears, and when Kafka goes away it says so and
 * reconnects with a new reader, carrying on from the offsets it had read. The dashboard and the
 * sniper read through it.
 */
export class TopicFollower {
  private stopped = false;
  private running: Promise<void> | undefined;
  /** The next offset to read per `topic/partition`. */
  private readonly positions = new Map<string, number>();
  private wake: () => void = () => {};

  constructor(private readonly options: TopicFollowerOptions) {}

  private get config(): TopicFollowerConfig {
    return { ...DEFAULT_TOPIC_FOLLOWER_CONFIG, ...this.options.config };
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session();
      } catch (error) {
        if (this.stopped) break;
        this.options.logger.warn({ err: error }, 'reading Kafka failed; reconnecting');
        this.options.onUnreachable?.(messageOf(error));
      }
      if (!this.stopped) await sleep(this.config.reconnectDelayMs);
    }
  }

  /** One connection: reads while probing the end offsets (and for new topics) until Kafka fails or the follower stops. */
  private async session(): Promise<void> {
    const { topics } = this.options;
    const reader = this.options.createReader();
    const reading = new Set<string>();
    const session = { open: true };
    let reads: Promise<void> | undefined;
    try {
      const { answerTimeoutMs } = this.config;
      await answeredWithin(answerTimeoutMs, 'connecting to Kafka', reader.connect());
      await this.assignNew(reader, await answeredWithin(answerTimeoutMs, 'reading offsets', reader.offsets(topics)), reading);
      reads = this.readAll(reader, session);
      reads.catch(() => undefined);
      this.options.onReading?.([...reading]);
      while (!this.stopped) {
        const wait = new Promise<void>((resolve) => (this.wake = resolve));
        await Promise.race([reads, sleep(this.config.probeIntervalMs), wait]);
        if (this.stopped) break;
        const offsets = await answeredWithin(answerTimeoutMs, 'reading offsets', reader.offsets(topics));
        if ([...offsets.keys()].some((topic) => !reading.has(topic))) {
          await this.assignNew(reader, offsets, reading);
          this.options.onReading?.([...reading]);
        }
        this.options.onOffsets?.(offsets, reading, this.positions);
      }
    } finally {
      session.open = false;
      if (reads !== undefined) await within(3000, reads);
      await within(3000, reader.close());
    }
  }

  /** Reads every topic of `offsets` from now on: where it was left, else where `startOf` says. */
  private async assignNew(reader: PartitionReader, offsets: ReadonlyMap<string, readonly PartitionOffsets[]>, reading: Set<string>): Promise<void> {
    const starts: PartitionStart[] = [];
    for (const [topic, partitions] of offsets) {
      reading.add(topic);
      for (const partition of partitions) {
        const key = `${topic}/${partition.partition}`;
        const offset = this.positions.get(key) ?? this.options.startOf?.(topic, partition) ?? partition.high;
        this.positions.set(key, offset);
        starts.push({ topic, partition: partition.partition, offset });
      }
    }
    await reader.assign(starts);
  }

  private async readAll(reader: PartitionReader, session: { readonly open: boolean }): Promise<void> {
    while (session.open && !this.stopped) {
      for (const record of await reader.read()) {
        if (!session.open || this.stopped) return;
        const key = `${record.topic}/${record.partition}`;
        if (record.offset < (this.positions.get(key) ?? 0)) continue;
        this.positions.set(key, record.offset + 1);
        await this.options.onRecord(record);
      }
    }
  }
}
