import { readFileSync } from 'node:fs';
import { RECORDED_FRAMES, frameLines } from '../../__fixtures__/never-throw-properties.js';
import { parseBitgetFrame, type BitgetFrame } from '../bitget-frames.js';

/** The recorded lines of one `test/fixtures/exchange-frames/bitget-*.ndjson` file, in order. */
export function bitgetLines(file: string): readonly string[] {
  return frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
}

/** The lines of a whole recorded run kept beside these specs (`__fixtures__/bitget-v1-*-all.ndjson`). */
export function bitgetRun(file: string): readonly string[] {
  return readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A text frame parsed, or the test fails. */
export function bitgetParsed(text: string): BitgetFrame {
  const parsed = parseBitgetFrame(text);
  if (!parsed.ok) throw new Error(`refused: ${parsed.error}`);
  return parsed.frame;
}
