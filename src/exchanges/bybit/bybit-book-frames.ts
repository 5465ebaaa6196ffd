import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** `[price, size]`, both decimal strings as the venue sent them. */
export type BybitLevel = readonly [price: string, size: string];

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
    /** Bids; a snapshot's are sorted best first, but nothing here relies on order. */
    readonly b: readonly BybitLevel[];
    readonly a: readonly BybitLevel[];
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
  const seq = d.optionalInteger('seq');
  const cts = r.optionalInteger('cts');
  return {
    kind: 'book',
    topic,
    type,
    ts: r.integer('ts'),
    ...(cts === undefined ? {} : { cts }),
    data: {
      s: d.string('s'),
      b: readLevels(d, 'b', type),
      a: readLevels(d, 'a', type),
      u: d.positiveInteger('u'),
      ...(seq === undefined ? {} : { seq }),
    },
  };
}

function readLevels(d: FieldReader, side: 'b' | 'a', type: BybitBookFrame['type']): readonly BybitLevel[] {
  return d.array(side).map((pair: unknown, n): BybitLevel => {
    const path = `$.data.${side}[${n}]`;
    if (!Array.isArray(pair) || pair.length < 2) throw new FrameParseError(path, 'expected [price, size]');
    const [price, size] = pair as readonly unknown[];
    const level = FieldReader.of({ price, size }, path);
    return [level.positiveDecimal('price'), type === 'snapshot' ? level.positiveDecimal('size') : level.nonNegativeDecimal('size')];
  });
}
