import type { IngestGate } from '../exchanges/ingest-gate.js';
import type { FeedRecord } from '../model/index.js';
import { encodeDeadLetter, invalidFrameDeadLetter } from './dead-letters.js';
import type { DeadLetterInput, RecordSink } from './record-sink.js';

/** Options of {@link JsonLinesSink}. */
export interface JsonLinesSinkOptions {
  /** Where the lines go (stdout for `run --sink stdout`). */
  readonly out: NodeJS.WritableStream;
  /** Epoch ms of a dead letter's `deadLetteredTs`. Default `Date.now`. */
  readonly clock?: () => number;
  /** Paused while `out` is full (its `write` returned false), resumed on its `drain`. Default none. */
  readonly gate?: IngestGate;
}

/**
 * Writes every record as one JSON line (the model's field names, `type` first). Dead letters are
 * written too, as `{"type":"dead_letter", ...}` lines with the fields the Kafka sink gives them
 * (`dead-letters.ts`), so nothing is lost from the output.
 * The lines of one event-loop turn go out in one write at the end of that turn: a write per line
 * cost more than everything else the pipeline does per trade.
 * A reader slower than the venues: once `out` is full, the gate pauses reading the venues' sockets
 * (as the Kafka sink's pacer does), and lines still arriving (frames already read) wait in memory
 * until `out` drains; then they go out in one write and reading resumes. Without that, a pipe's
 * reader falling behind left every line in the stream's memory and its latency grew by seconds.
 */
export class JsonLinesSink implements RecordSink {
  written = 0;
  private pending: string[] = [];
  private flushScheduled = false;
  /** `out` said it is full: nothing more is handed to it until its `drain`. */
  private full = false;
  private readonly out: NodeJS.WritableStream;
  private readonly clock: () => number;
  private readonly gate: IngestGate | undefined;

  constructor(options: JsonLinesSinkOptions) {
    this.out = options.out;
    this.clock = options.clock ?? Date.now;
    this.gate = options.gate;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  write(record: FeedRecord): void {
    this.line(JSON.stringify(record));
    this.written++;
  }

  deadLetter(item: DeadLetterInput): void {
    const at = this.clock();
    this.line(JSON.stringify('record' in item ? encodeDeadLetter(item.record, item.error, undefined, at) : invalidFrameDeadLetter(item, at)));
  }

  /** Hands over every held line, full or not, and resolves once the stream has taken them all. */
  close(): Promise<{ readonly undelivered: number }> {
    this.full = false;
    this.flush();
    return new Promise((resolve) => {
      this.out.write('', () => resolve({ undelivered: 0 }));
    });
  }

  private line(json: string): void {
    this.pending.push(json);
    if (this.flushScheduled || this.full) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.full) return;
    const lines = this.pending;
    this.pending = [];
    if (this.out.write(`${lines.join('\n')}\n`)) return;
    this.full = true;
    this.gate?.set(true);
    this.out.once('drain', () => this.drained());
  }

  private drained(): void {
    this.full = false;
    this.flush();
    // Still full after the lines held meanwhile: reading stays paused until the next drain.
    if (!this.full) this.gate?.set(false);
  }
}
