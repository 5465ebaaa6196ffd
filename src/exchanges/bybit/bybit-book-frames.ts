import type { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A depth-N `orderbook.{50|200|1000}.{SYMBOL}` frame. A snapshot (sent on subscribe, and again
 * whenever Bybit resets the stream) replaces the book; a delta changes it, size `"0"` deleting a
 * level. `u` is contiguous per topic and 1 after a service restart.
 */
export interface BybitBookFrame {
  readonly kind: 'book';
  readonly topic: string;
  readonly type: 'snapshot' | 'delta';
  /** When the system generated the data, ms. */
  readonly ts: number;
  /** Matching-engine time, ms (correlates with trade `T`); absent in older documentation examples. */
  readonly cts?: number;
  readonly data: {
    readonly s: string;
    /** Bids, read as numbers from the `[price, size]` decimal strings; a snapshot's are sorted best first, but nothing here relies on order. */
    readonly b: readonly LevelChange[];
    readonly a: readonly LevelChange[];
    /** Update id, at least 1. */
    readonly u: number;
    /** Cross sequence: orders frames across depth topics, not contiguous. */
    readonly seq?: number;
  };
}

const DEPTH_TOPIC = /^orderbook\.\d+\./;

/** True for depth-N book topics; `orderbook.1.` (snapshot-only best bid/ask) is not one of them. */
export function isBybitBookTopic(topic: string): boolean {
  return DEPTH_TOPIC.test(topic) && !topic.startsWith('orderbook.1.');
}

/**
 * Validates a depth-N book frame: prices > 0 and sizes >= 0 as decimal strings (a snapshot's
 * sizes > 0), `u` >= 1. Throws `FrameParseError` naming the first offending path.
 */
export function readBybitBookFrame(r: FieldReader, topic: string): BybitBookFrame {
  const type = r.raw('type');
  if (type !== 'snapshot' && type !== 'delta') throw new FrameParseError('$.type', 'expected "snapshot" or "delta"');
  const d = r.child('data');
  const snapshot = type === 'snapshot';
  // Optional fields set when present rather than spread in: this runs for every depth frame.
  const data: Mutable<BybitBookFrame['data']> = { s: d.string('s'), b: d.levels('b', snapshot), a: d.levels('a', snapshot), u: d.positiveInteger('u') };
  const seq = d.optionalInteger('seq');
  if (seq !== undefined) data.seq = seq;
  const frame: Mutable<BybitBookFrame> = { kind: 'book', topic, type, ts: r.integer('ts'), data };
  const cts = r.optionalInteger('cts');
  if (cts !== undefined) frame.cts = cts;
  return frame;
}
