import { createReadStream, existsSync, statSync, type ReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { capturePartPath, parseCaptureLine, type CaptureLine } from './capture-line.js';

/** The files of a capture: `input` and the rotated parts that follow it, in order. */
export function captureFiles(input: string): readonly string[] {
  const files = [input];
  for (let index = 1; existsSync(capturePartPath(input, index)); index++) files.push(capturePartPath(input, index));
  return files;
}

/** Reading progress: bytes of the capture files read so far, of `totalBytes`. */
export interface CaptureProgress {
  readonly totalBytes: number;
  bytesRead(): number;
}

/** Options for {@link readCapture}. */
export interface ReadCaptureOptions {
  /** Told about every line that is not a capture line (1-based line number within its file). */
  readonly onBadLine?: (file: string, lineNumber: number, error: string) => void;
}

/**
 * Reads a capture (every rotated part, gzip or plain NDJSON) line by line, in file order.
 * `progress` reports how much of the files has been read.
 */
export function readCapture(
  input: string,
  options: ReadCaptureOptions = {},
): { readonly lines: AsyncIterable<CaptureLine>; readonly progress: CaptureProgress } {
  const files = captureFiles(input);
  const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  let doneBytes = 0;
  let current: ReadStream | undefined;
  const progress: CaptureProgress = { totalBytes, bytesRead: () => doneBytes + (current?.bytesRead ?? 0) };
  async function* lines(): AsyncIterable<CaptureLine> {
    for (const file of files) {
      const gzipped = await isGzip(file);
      current = createReadStream(file);
      const text = createInterface({ input: gzipped ? current.pipe(createGunzip()) : current, crlfDelay: Infinity });
      let lineNumber = 0;
      for await (const raw of text) {
        lineNumber++;
        if (raw.trim() === '') continue;
        const parsed = parseCaptureLine(raw);
        if (parsed.ok) yield parsed.line;
        else options.onBadLine?.(file, lineNumber, parsed.error);
      }
      doneBytes += statSync(file).size;
      current = undefined;
    }
  }
  return { lines: lines(), progress };
}

/** The raw frames of a capture, for serving it from the simulator. */
export async function readCaptureFrames(input: string): Promise<readonly string[]> {
  const frames: string[] = [];
  for await (const line of readCapture(input).lines) frames.push(line.frame);
  return frames;
}

/** True when the file starts with the gzip magic bytes. */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Frames for the simulator's replay: the frames of a capture (gzip, or NDJSON capture lines),
 * else every non-empty line of a plain NDJSON file of raw frames.
 */
export async function readReplayFrames(path: string): Promise<readonly string[]> {
  if (await isGzip(path)) return readCaptureFrames(path);
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const first = lines[0];
  return first !== undefined && parseCaptureLine(first).ok ? readCaptureFrames(path) : lines;
}
