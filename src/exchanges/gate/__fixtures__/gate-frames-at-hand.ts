import { RECORDED_FRAMES, frameLines } from '../../__fixtures__/never-throw-properties.js';
import { parseGateFrame, type GateFrame } from '../gate-frames.js';

/** The recorded lines of one `test/fixtures/exchange-frames/gate-*.ndjson` file, in order. */
export function gateLines(file: string): readonly string[] {
  return frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
}

/** A text frame parsed, or the test fails. */
export function gateParsed(text: string): GateFrame {
  const parsed = parseGateFrame(text);
  if (!parsed.ok) throw new Error(`refused: ${parsed.error}`);
  return parsed.frame;
}

/** Line `n` (1-based) of a recorded file. */
export function gateLine(file: string, n: number): string {
  const line = gateLines(file)[n - 1];
  if (line === undefined) throw new Error(`${file} has no line ${n}`);
  return line;
}
