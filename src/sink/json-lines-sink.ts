import type { FeedRecord } from '../model/index.js';
import { encodeDeadLetter, invalidFrameDeadLetter } from './dead-letters.js';
import type { DeadLetterInput, RecordSink } from './record-sink.js';

/**
 * Writes every record as one JSON line (the model's field names, `type` first). Dead letters are
 * written too, as `{"type":"dead_letter", ...}` lines with the fields the Kafka sink gives them
 * (`dead-letters.ts`), so nothing is lost from the output.
 * The lines of one event-loop turn go out in one write at the end of that turn: a write per line
 * cost more than everything else the pipeline does per trade.
 */
export class JsonLinesSink implements RecordSink {
  written = 0;
  private pending: string[] = [];
  private flushScheduled = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly clock: () => number = Date.now,
  ) {}

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

  close(): Promise<{ readonly undelivered: number }> {
    this.flush();
    return new Promise((resolve) => {
      this.out.write('', () => resolve({ undelivered: 0 }));
    });
  }

  private line(json: string): void {
    this.pending.push(json);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.out.write(`${lines.join('\n')}\n`);
  }
}
