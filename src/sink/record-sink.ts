import type { FeedRecord, InvalidFrame } from '../model/index.js';

/** What cannot be published: an invalid frame, or a record with what was wrong with it. */
export type DeadLetterInput = InvalidFrame | { readonly record: FeedRecord; readonly error: unknown };

/** Where the pipeline's records go: Kafka (`createKafkaSink`) or JSON lines (`JsonLinesSink`). */
export interface RecordSink {
  start(): Promise<void>;
  /** Synchronous; never blocks the pipeline, never throws on downstream trouble. */
  write(record: FeedRecord): void;
  deadLetter(item: DeadLetterInput): void;
  /** Delivers what it can before the deadline and says how much it could not. */
  close(options: { readonly deadlineMs: number }): Promise<{ readonly undelivered: number }>;
}
