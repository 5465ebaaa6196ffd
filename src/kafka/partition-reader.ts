/** A partition of a topic and its offsets: the first record still kept (`low`) and the next to be written (`high`). */
export interface PartitionOffsets {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

/** Where reading a partition starts: the offset of the first record wanted. */
export interface PartitionStart {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** One record as read from a partition. */
export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's timestamp, epoch ms. */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** How a reader waits and how much it takes at once. */
export interface PartitionReaderConfig {
  /** Records returned by one `read()` at most. Default 500. */
  readonly batchMaxRecords: number;
  /** How long `read()` waits for a first record before it returns none, ms. Default 100. */
  readonly readWaitMs: number;
  /**
   * How long `connect()` and `offsets()` wait for the brokers, ms; a broker that does not answer by
   * then fails the call (retriable). Default 5 000.
   */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_PARTITION_READER_CONFIG: PartitionReaderConfig = { batchMaxRecords: 500, readWaitMs: 100, requestTimeoutMs: 5_000 };

/**
 * Reads chosen partitions of Kafka topics from chosen offsets, for readers that decide where to
 * start themselves (`consume`, the dashboard, the last trade ids at start-up). No consumer group
 * is joined and nothing is committed. The client library lives behind it: librdkafka
 * (`librdkafka-reader.ts`) or, where its optional package cannot be loaded, kafkajs
 * (`kafkajs-reader.ts`); `src/cli/create-partition-reader.ts` picks one.
 */
export interface PartitionReader {
  /** Connects to the brokers; rejects when none answers within `requestTimeoutMs`. */
  connect(): Promise<void>;
  /**
   * The partitions of each of `topics` that exists, with their offsets. A topic not created yet is
   * absent, and so is one whose partitions have no leader yet (it is there on a later call).
   * Rejects when the brokers do not answer within `requestTimeoutMs`.
   */
  offsets(topics: readonly string[]): Promise<ReadonlyMap<string, readonly PartitionOffsets[]>>;
  /** From now on reads exactly these partitions, each from its offset (what was assigned before is dropped). */
  assign(starts: readonly PartitionStart[]): Promise<void>;
  /**
   * The next records of the assigned partitions, in offset order within each partition: up to
   * `batchMaxRecords`, waiting at most `readWaitMs` for the first. None when nothing arrived.
   */
  read(): Promise<readonly ReadRecord[]>;
  /** Disconnects; a reader is not used again after this. */
  close(): Promise<void>;
}
