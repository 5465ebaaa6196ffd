import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';

/** How error paths name a level's two fields. */
const QUANTITY = ['price', 'quantity'] as const;

/**
 * `<sym>@depth` / `<sym>@depth@100ms` diff depth event: every level changed between update ids
 * `U` and `u` (inclusive), quantity `"0"` removing the level.
 */
export interface BinanceDepthFrame {
  readonly kind: 'depth';
  /** Event time, ms. */
  readonly E: number;
  readonly s: string;
  /** First update id in the event. */
  readonly U: number;
  /** Final update id in the event. */
  readonly u: number;
  /** Levels read as numbers from the `[price, quantity]` decimal strings; the quantity (`size`) is absolute. */
  readonly b: readonly LevelChange[];
  readonly a: readonly LevelChange[];
}

/** The body of `GET /api/v3/depth`: the book as of `lastUpdateId`, best levels first. */
export interface BinanceDepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
}

/**
 * Validates a `depthUpdate` payload (unwrapped from the combined stream's `data`): `U` <= `u`,
 * prices > 0 and quantities >= 0 as decimal strings. Throws `FrameParseError` naming the path.
 */
export function readBinanceDepthUpdate(r: FieldReader, path: string): BinanceDepthFrame {
  const first = r.integer('U');
  const last = r.integer('u');
  if (first > last) throw new FrameParseError(`${path}.U`, `first update id ${first} is after final update id ${last}`);
  return { kind: 'depth', E: r.integer('E'), s: r.string('s'), U: first, u: last, b: r.levels('b', false, QUANTITY), a: r.levels('a', false, QUANTITY) };
}

/** Validates a REST depth body; a snapshot's quantities are > 0. Throws `FrameParseError` naming the path. */
export function readBinanceDepthSnapshot(json: unknown): BinanceDepthSnapshot {
  const r = FieldReader.of(json, '$');
  return { lastUpdateId: r.integer('lastUpdateId'), bids: r.levels('bids', true, QUANTITY), asks: r.levels('asks', true, QUANTITY) };
}

/** `readBinanceDepthSnapshot` over the response text, refusing bad JSON as well. */
export function parseBinanceDepthSnapshot(text: string): ParseResult<BinanceDepthSnapshot> {
  const json = parseJson(text);
  return json.ok ? parseWith(() => readBinanceDepthSnapshot(json.frame)) : json;
}
