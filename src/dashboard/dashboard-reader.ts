import type { Logger } from 'pino';
import type { PartitionOffsets, PartitionReader, ReadRecord } from '../kafka/partition-reader.js';
import { DEFAULT_TOPIC_FOLLOWER_CONFIG, TopicFollower, type TopicFollowerConfig } from '../kafka/topic-follower.js';
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

/** How the reader follows the topics (`TopicFollowerConfig`) and how much history it reads back. */
export interface DashboardReaderConfig extends TopicFollowerConfig {
  /** Records read back per partition at start, by record type (see DEFAULT_HISTORY). */
  readonly history: Readonly<Record<string, number>>;
}

export const DEFAULT_DASHBOARD_READER_CONFIG: DashboardReaderConfig = { ...DEFAULT_TOPIC_FOLLOWER_CONFIG, history: DEFAULT_HISTORY };

/**
 * The instrument of a book record: the one it is published under (`instrument`, a listing at an
 * equivalent quote), else its `coin` and `quote` fields (`BTC-USDT`), else the record's key (the
 * canonical instrument).
 */
function instrumentOfBook(value: Readonly<Record<string, unknown>>, key: Buffer | null): string {
  const { coin, quote, instrument } = value;
  if (typeof instrument === 'string') return instrument;
  if (typeof coin === 'string' && typeof quote === 'string') return `${coin}-${quote}`;
  return key?.toString('utf8') ?? '?';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reads the dashboard's topics from their latest offsets (less a little history per partition),
 * decodes each value (either encoding), and keeps going (a `TopicFollower`): a topic that is missing
 * is read once it appears, an undecodable value is reported and skipped, and when Kafka goes away
 * the reader says so and reconnects, carrying on from the offsets it had read.
 */
export class DashboardReader {
  private readonly follower: TopicFollower;

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
  ) {
    const config = { ...DEFAULT_DASHBOARD_READER_CONFIG, ...options.config };
    let connected = false;
    this.follower = new TopicFollower({
      createReader: options.createReader,
      topics: [...options.topics.keys()],
      startOf: (topic, { low, high }) => {
        const kind = options.topics.get(topic);
        const back = kind === undefined ? 0 : (config.history[historyKey(kind)] ?? 0);
        return Math.max(low, high - back);
      },
      onRecord: (record) => this.onRecord(record),
      onReading: (topics) => {
        if (!connected) options.events.onKafka('connected');
        connected = true;
        options.logger.info({ topics }, 'dashboard reading topics');
      },
      onUnreachable: (error) => {
        connected = false;
        options.events.onKafka('unreachable', error);
      },
      onOffsets: (offsets, reading, positions) => this.probe(offsets, reading, positions),
      logger: options.logger,
      config,
    });
  }

  start(): void {
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  private async onRecord(record: ReadRecord): Promise<void> {
    const kind = this.options.topics.get(record.topic);
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

  private probe(offsets: ReadonlyMap<string, readonly PartitionOffsets[]>, reading: ReadonlySet<string>, positions: ReadonlyMap<string, number>): void {
    let recordsEnd = 0;
    let deadLetters = 0;
    let lag = 0;
    for (const topic of reading) {
      const kind = this.options.topics.get(topic);
      for (const p of offsets.get(topic) ?? []) {
        if (kind?.kind === 'dead_letter') deadLetters += p.high - p.low;
        else recordsEnd += p.high;
        lag += Math.max(0, p.high - (positions.get(`${topic}/${p.partition}`) ?? p.high));
      }
    }
    this.options.events.onOffsets({ at: Date.now(), recordsEnd, deadLetters, lag });
  }
}
