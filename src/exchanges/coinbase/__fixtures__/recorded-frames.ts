import { readFileSync } from 'node:fs';
import { parseCoinbaseFrame, type CoinbaseFrame } from '../coinbase-frames.js';

/** The non-empty lines of a recorded frame file of `test/fixtures/exchange-frames/`. */
export function recordedLines(name: string): string[] {
  return linesOf(new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url));
}

/** The non-empty lines of the whole recorded ETH-USD `l2_data` file (kept beside this helper: its first line is 2.5 MB). */
export function recordedBookLines(): string[] {
  return linesOf(new URL('./coinbase-l2_data.ndjson', import.meta.url));
}

/** A frame that must parse. */
export function parsedFrame(line: string): CoinbaseFrame {
  const result = parseCoinbaseFrame(line);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

function linesOf(url: URL): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
