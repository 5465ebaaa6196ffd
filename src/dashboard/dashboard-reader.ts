import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { fromAvroValue } from '../sink/avro-codec.js';
import type { RecordDecoder } from '../sink/record-decoder.js';
import type { DashboardInput } from './dashboard-state.js';
import { DEFAULT_HISTORY, historyKey, type TopicKind } from './dashboard-topics.js';

/** End offsets of the topics and how far the dashboard has read them, from one probe. */
export interface OffsetsReading {
  readonly at: number;
  /** Sum of the end offsets of the record topics (not the dead letters). */
  readonly recordsEnd: number;
  /** Records in the dead-letter topic. */
  readonly deadLetters: number;
  /** Records not yet read by the dashboard, over the partitions it reads. */
  readonly lag: number;
}

/** Where the reader reports what it reads and how the connection stands. */
export interface DashboardReaderEvents {
  readonly onInput: (input: DashboardInput) => void;
  readonly onUndecodable: (topic: string, reason: string) => void;
  readonly onKafka: (state: 'connected' | 'unreachable', error?: string) => void;
  readonly onOffsets: (reading: OffsetsReading) => void;
}

export interface DashboardReaderConfig {
  /** How often end offsets are read (lag, rates, new topics), ms; default 1 000. */
  readonly probeIntervalMs: number;
  /** Pause before reconnecting after Kafka went away, ms; default 1 000. */
  readonly reconnectDelayMs: number;
  /** Records read back per partition at start, by record type (see DEFAULT_HISTORY). */
  readonly history: Readonly<Record<string, number>>;
}

export const DEFAULT_DASHBOARD_READER_CONFIG: DashboardReaderConfig = { probeIntervalMs: 1000, reconnectDelayMs: 1000, history: DEFAULT_HISTORY };

/** The coin of a book record: its `coin` field, else the key's base (`BTC-USDT`). */
function coinOf(field: unknown, key: Buffer | null): string {
  if (typeof field === 'string') return field;
  return key?.toString('utf8').split('-')[0] ?? '?';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Resolves within `ms` whatever the promise does (a client talking to a broker that is gone may never answer). */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  await Promise.race([work.catch(() => undefined), sleep(ms)]);
}

/**
 * Reads the dashboard's topics from their latest offsets (less a little history per partition) with a
 * fresh consumer group, decodes each value (either encoding), and keeps going: a topic that is missing
 * is read once it appears, an undecodable value is reported and skipped, and when Kafka goes away the
 * reader says so and reconnects, carrying on from the offsets it had read.
 */
export class DashboardReader {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly positions = new Map<string, number>();
  private wake: () => void = () => {};

  constructor(
    private readonly options: {
      readonly kafka: Kafka;
      readonly topics: ReadonlyMap<string, TopicKind>;
      readonly decoder: RecordDecoder;
      readonly logger: Logger;
      readonly events: DashboardReaderEvents;
      readonly config?: Partial<DashboardReaderConfig>;
    },
  ) {}

  private get config(): DashboardReaderConfig {
    return { ...DEFAULT_DASHBOARD_READER_CONFIG, ...this.options.config };
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
        this.options.events.onKafka('unreachable', messageOf(error));
      }
      if (!this.stopped) await sleep(this.config.reconnectDelayMs);
    }
  }

  /** One connection: runs until Kafka fails, a new topic appears, or the reader stops. */
  private async session(): Promise<void> {
    const { kafka, topics } = this.options;
    const admin = kafka.admin();
    let consumer: Consumer | undefined;
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const reading = [...topics.keys()].filter((t) => existing.has(t));
      const ends = await this.endOffsets(admin, reading);
      let failed: ((error: Error) => void) | undefined;
      const crashed = new Promise<never>((_, reject) => (failed = reject));
      crashed.catch(() => undefined);
      if (reading.length > 0) {
        consumer = kafka.consumer({ groupId: `market-feed-dashboard-${randomUUID()}`, retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000, restartOnFailure: () => Promise.resolve(false) } });
        consumer.on(consumer.events.CRASH, (event) => failed?.(event.payload.error));
        consumer.on(consumer.events.GROUP_JOIN, (event) => {
          for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
            for (const partition of partitions) this.seek(consumer, topic, partition, ends);
          }
        });
        await consumer.connect();
        await consumer.subscribe({ topics: reading, fromBeginning: false });
        await consumer.run({ eachBatchAutoResolve: true, eachBatch: (payload) => this.onBatch(payload) });
      }
      this.options.events.onKafka('connected');
      this.options.logger.info({ topics: reading }, 'dashboard reading topics');
      while (!this.stopped) {
        const wait = new Promise<void>((resolve) => (this.wake = resolve));
        await Promise.race([crashed, sleep(this.config.probeIntervalMs), wait]);
        if (this.stopped) break;
        const now = new Set(await admin.listTopics());
        if ([...topics.keys()].some((t) => now.has(t) && !reading.includes(t))) return;
        await this.probe(admin, reading);
      }
    } finally {
      if (consumer !== undefined) await within(3000, consumer.disconnect());
      await within(2000, admin.disconnect());
    }
  }

  private async endOffsets(admin: Admin, topics: readonly string[]): Promise<Map<string, { readonly low: number; readonly high: number }>> {
    const ends = new Map<string, { low: number; high: number }>();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, { low: Number(p.low), high: Number(p.high) });
    }
    return ends;
  }

  private seek(consumer: Consumer | undefined, topic: string, partition: number, ends: ReadonlyMap<string, { readonly low: number; readonly high: number }>): void {
    const key = `${topic}/${partition}`;
    const kind = this.options.topics.get(topic);
    const end = ends.get(key);
    if (consumer === undefined || kind === undefined) return;
    const back = this.config.history[historyKey(kind)] ?? 0;
    const offset = this.positions.get(key) ?? (end === undefined ? undefined : Math.max(end.low, end.high - back));
    if (offset === undefined) return;
    this.positions.set(key, offset);
    consumer.seek({ topic, partition, offset: String(offset) });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const key = `${batch.topic}/${batch.partition}`;
    const kind = this.options.topics.get(batch.topic);
    for (const message of batch.messages) {
      if (!payload.isRunning() || this.stopped) return;
      const offset = Number(message.offset);
      if (offset < (this.positions.get(key) ?? 0)) continue;
      this.positions.set(key, offset + 1);
      if (kind === undefined || message.value === null) continue;
      if (kind.kind === 'dead_letter') {
        this.options.events.onInput({ kind: 'dead_letter' });
        continue;
      }
      try {
        const decoded = await this.options.decoder.decode(message.value);
        if (kind.kind === 'record') this.options.events.onInput({ kind: 'record', record: fromAvroValue(kind.type, decoded.value) });
        else this.options.events.onInput({ kind: kind.kind, coin: coinOf(decoded.value['coin'], message.key), value: decoded.value });
      } catch (error) {
        this.options.events.onUndecodable(batch.topic, messageOf(error));
      }
    }
    await payload.heartbeat();
  }

  private async probe(admin: Admin, reading: readonly string[]): Promise<void> {
    let recordsEnd = 0;
    let deadLetters = 0;
    let lag = 0;
    for (const topic of reading) {
      const kind = this.options.topics.get(topic);
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const high = Number(p.high);
        if (kind?.kind === 'dead_letter') deadLetters += high - Number(p.low);
        else recordsEnd += high;
        lag += Math.max(0, high - (this.positions.get(`${topic}/${p.partition}`) ?? high));
      }
    }
    this.options.events.onOffsets({ at: Date.now(), recordsEnd, deadLetters, lag });
  }
}
