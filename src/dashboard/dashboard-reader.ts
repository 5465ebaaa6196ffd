import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { fromAvroValue } from '../sink/avro-codec.js';
import type { PartitionOffsets, PartitionReader, PartitionStart, ReadRecord } from '../sink/partition-reader.js';
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
  /**
   * Longest a connect or an offsets request may take before the session is given up and a new
   * client tried, ms; default 10 000 (a client that never answers must not stop the dashboard).
   */
  readonly answerTimeoutMs: number;
  /** Records read back per partition at start, by record type (see DEFAULT_HISTORY). */
  readonly history: Readonly<Record<string, number>>;
}

export const DEFAULT_DASHBOARD_READER_CONFIG: DashboardReaderConfig = { probeIntervalMs: 1000, reconnectDelayMs: 1000, answerTimeoutMs: 10_000, history: DEFAULT_HISTORY };

/** The instrument of a book record: its `coin` and `quote` fields (`BTC-USDT`), else the record's key (the canonical instrument). */
function instrumentOfBook(value: Readonly<Record<string, unknown>>, key: Buffer | null): string {
  const { coin, quote } = value;
  if (typeof coin === 'string' && typeof quote === 'string') return `${coin}-${quote}`;
  return key?.toString('utf8') ?? '?';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `work`, or a rejection naming `what` when it has not settled within `ms`. */
async function answeredWithin<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  const timer = new AbortController();
  try {
    return await Promise.race([work, sleep(ms, undefined, { signal: timer.signal }).then((): never => { throw new Error(`${what}: no answer within ${ms} ms`); })]);
  } finally {
    timer.abort();
  }
}

/** Resolves within `ms` whatever the promise does (a client talking to a broker that is gone may never answer). */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  await Promise.race([work.catch(() => undefined), sleep(ms)]);
}

/**
 * Reads the dashboard's topics from their latest offsets (less a little history per partition),
 * choosing the offsets itself (no consumer group), decodes each value (either encoding), and keeps
 * going: a topic that is missing is read once it appears, an undecodable value is reported and
 * skipped, and when Kafka goes away the reader says so and reconnects, carrying on from the offsets
 * it had read.
 */
export class DashboardReader {
  private stopped = false;
  private running: Promise<void> | undefined;
  /** The next offset to read per `topic/partition`. */
  private readonly positions = new Map<string, number>();
  private wake: () => void = () => {};

  constructor(
    private readonly options: {
      /** Makes a new reader, not connected yet (one per connection). */
      readonly createReader: () => PartitionReader;
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

  /** One connection: reads while probing the end offsets (and for new topics) until Kafka fails or the reader stops. */
  private async session(): Promise<void> {
    const topics = [...this.options.topics.keys()];
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
      this.options.events.onKafka('connected');
      this.options.logger.info({ topics: [...reading] }, 'dashboard reading topics');
      while (!this.stopped) {
        const wait = new Promise<void>((resolve) => (this.wake = resolve));
        await Promise.race([reads, sleep(this.config.probeIntervalMs), wait]);
        if (this.stopped) break;
        const offsets = await answeredWithin(answerTimeoutMs, 'reading offsets', reader.offsets(topics));
        if ([...offsets.keys()].some((topic) => !reading.has(topic))) {
          await this.assignNew(reader, offsets, reading);
          this.options.logger.info({ topics: [...reading] }, 'dashboard reading topics');
        }
        this.probe(offsets, reading);
      }
    } finally {
      session.open = false;
      if (reads !== undefined) await within(3000, reads);
      await within(3000, reader.close());
    }
  }

  /** Reads every topic of `offsets` from now on: where it was left, else the end less the history of its kind. */
  private async assignNew(reader: PartitionReader, offsets: ReadonlyMap<string, readonly PartitionOffsets[]>, reading: Set<string>): Promise<void> {
    const starts: PartitionStart[] = [];
    for (const [topic, partitions] of offsets) {
      const kind = this.options.topics.get(topic);
      if (kind === undefined) continue;
      reading.add(topic);
      const back = this.config.history[historyKey(kind)] ?? 0;
      for (const { partition, low, high } of partitions) {
        const key = `${topic}/${partition}`;
        const offset = this.positions.get(key) ?? Math.max(low, high - back);
        this.positions.set(key, offset);
        starts.push({ topic, partition, offset });
      }
    }
    await reader.assign(starts);
  }

  private async readAll(reader: PartitionReader, session: { readonly open: boolean }): Promise<void> {
    while (session.open && !this.stopped) {
      for (const record of await reader.read()) {
        if (!session.open || this.stopped) return;
        await this.onRecord(record);
      }
    }
  }

  private async onRecord(record: ReadRecord): Promise<void> {
    const key = `${record.topic}/${record.partition}`;
    const kind = this.options.topics.get(record.topic);
    if (record.offset < (this.positions.get(key) ?? 0)) return;
    this.positions.set(key, record.offset + 1);
    if (kind === undefined || record.value === null) return;
    if (kind.kind === 'dead_letter') {
      this.options.events.onInput({ kind: 'dead_letter' });
      return;
    }
    try {
      const decoded = await this.options.decoder.decode(record.value);
      if (kind.kind === 'record') this.options.events.onInput({ kind: 'record', record: fromAvroValue(kind.type, decoded.value) });
      else this.options.events.onInput({ kind: kind.kind, instrument: instrumentOfBook(decoded.value, record.key), value: decoded.value });
    } catch (error) {
      this.options.events.onUndecodable(record.topic, messageOf(error));
    }
  }

  private probe(offsets: ReadonlyMap<string, readonly PartitionOffsets[]>, reading: ReadonlySet<string>): void {
    let recordsEnd = 0;
    let deadLetters = 0;
    let lag = 0;
    for (const topic of reading) {
      const kind = this.options.topics.get(topic);
      for (const p of offsets.get(topic) ?? []) {
        if (kind?.kind === 'dead_letter') deadLetters += p.high - p.low;
        else recordsEnd += p.high;
        lag += Math.max(0, p.high - (this.positions.get(`${topic}/${p.partition}`) ?? p.high));
      }
    }
    this.options.events.onOffsets({ at: Date.now(), recordsEnd, deadLetters, lag });
  }
}
