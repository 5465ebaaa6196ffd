import { createWriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import { capturePartPath, formatCaptureLine, type CaptureLine } from './capture-line.js';

/** Options for {@link CaptureWriter}. */
export interface CaptureWriterConfig {
  /** Path of the first file, e.g. `btc.ndjson.gz`; later parts are `btc.1.ndjson.gz`, ... */
  readonly out: string;
  /** Start a new file once this many bytes of lines (uncompressed) went into the current one. */
  readonly maxBytes: number;
  /** Told when a file is complete (flushed and closed). */
  readonly onFileClosed?: (path: string, lines: number) => void;
}

interface OpenPart {
  readonly path: string;
  readonly gzip: Gzip;
  readonly closed: Promise<void>;
  bytes: number;
  lines: number;
}

/**
 * Writes capture lines as gzip NDJSON, rotating to a new file by size; `close()` flushes and closes.
 * A file that cannot be written (a full disk, no permission, a folder by that name) resolves `failed`
 * with the error naming it, and nothing more is written: the recording stops there, saying why.
 */
export class CaptureWriter {
  /** Every file written so far, in order. */
  readonly files: string[] = [];
  /** Resolves with the first error of a file; never otherwise. */
  readonly failed: Promise<Error>;
  private failure: Error | undefined;
  private onFailure: (error: Error) => void = () => undefined;
  private part: OpenPart | undefined;
  private readonly closing: Promise<void>[] = [];
  private totalLines = 0;
  private totalBytes = 0;

  constructor(private readonly config: CaptureWriterConfig) {
    this.failed = new Promise((resolve) => (this.onFailure = resolve));
  }

  get lines(): number {
    return this.totalLines;
  }

  /** Uncompressed bytes of every line written. */
  get bytes(): number {
    return this.totalBytes;
  }

  write(line: CaptureLine): void {
    if (this.failure !== undefined) return;
    const text = `${formatCaptureLine(line)}\n`;
    const size = Buffer.byteLength(text);
    let part = this.part ?? this.open();
    if (part.bytes > 0 && part.bytes + size > this.config.maxBytes) {
      this.finish(part);
      part = this.open();
    }
    part.gzip.write(text);
    part.bytes += size;
    part.lines += 1;
    this.totalLines += 1;
    this.totalBytes += size;
  }

  /** Ends the current file and waits until every file is flushed to disk. */
  async close(): Promise<void> {
    if (this.part !== undefined) this.finish(this.part);
    await Promise.all(this.closing);
  }

  private open(): OpenPart {
    const path = capturePartPath(this.config.out, this.files.length);
    const gzip = createGzip();
    const file = createWriteStream(path);
    gzip.pipe(file);
    // A stream that fails emits 'close' after its 'error': the part is closed either way.
    const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
    const failed = (error: Error): void => this.fail(new Error(`cannot write the capture file ${path}: ${error.message}`, { cause: error }));
    file.on('error', failed);
    gzip.on('error', failed);
    const part: OpenPart = { path, gzip, closed, bytes: 0, lines: 0 };
    this.files.push(path);
    this.part = part;
    return part;
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.onFailure(error);
  }

  private finish(part: OpenPart): void {
    this.part = undefined;
    part.gzip.end();
    this.closing.push(part.closed.then(() => this.config.onFileClosed?.(part.path, part.lines)));
  }
}
