import type { FeedRecord } from '../model/index.js';
import type { DeadLetterInput, RecordSink } from './record-sink.js';

/**
 * Writes every record as one JSON line (the model's field names, `type` first). Dead letters are
 * written too, as `{"type":"dead_letter", ...}` lines, so nothing is lost from the output.
 */
export class JsonLinesSink implements RecordSink {
  written = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  write(record: FeedRecord): void {
    this.out.write(`${JSON.stringify(record)}\n`);
    this.written++;
  }

  deadLetter(item: DeadLetterInput): void {
    const letter =
      'record' in item
        ? { type: 'dead_letter', stage: 'encode', error: String(item.error), raw: JSON.stringify(item.record), recordType: item.record.type }
        : { type: 'dead_letter', stage: 'invalid_frame', ...item };
    this.out.write(`${JSON.stringify({ ...letter, deadLetteredTs: this.clock() })}\n`);
  }

  close(): Promise<{ readonly undelivered: number }> {
    return new Promise((resolve) => {
      this.out.write('', () => resolve({ undelivered: 0 }));
    });
  }
}
