import type { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** Epoch milliseconds as Bitget writes a record's time: a decimal string (`"1730332858796"`); a push's own `ts` is a JSON number. */
const EPOCH_MS = /^\d{1,15}$/;

/** A trade id: decimal digits (`"1235671058980749319"`: 19 digits, beyond a double's integers, so kept as text). */
const TRADE_ID = /^\d{1,24}$/;

/** The data items of a push (`data`, an array of objects), each with its path. */
export function bitgetItems(r: FieldReader): readonly { readonly item: unknown; readonly path: string }[] {
  return r.array('data').map((item, n) => ({ item, path: `$.data[${n}]` }));
}

/** A time: epoch milliseconds as a decimal string or a whole JSON number, refused otherwise. */
export function bitgetMillis(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value !== 'string' || !EPOCH_MS.test(value)) throw new FrameParseError(`${path}.${key}`, 'expected epoch milliseconds');
  return Number(value);
}

/** An optional time: absent, `null`, `""` or `"0"` read as not sent (a spot ticker has no next funding time). */
export function bitgetOptionalMillis(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null || value === '' || value === '0' || value === 0) return undefined;
  return bitgetMillis(r, key, path);
}

/** A trade id: decimal digits, kept as text. */
export function bitgetTradeId(r: FieldReader, key: string, path: string): string {
  const value = r.raw(key);
  if (typeof value !== 'string' || !TRADE_ID.test(value)) throw new FrameParseError(`${path}.${key}`, 'expected a trade id of decimal digits');
  return value;
}

/** `buy` or `sell` (Bitget writes them lower case; an upper-case one is read alike). */
export function bitgetSide(r: FieldReader, key: string, path: string): 'buy' | 'sell' {
  const value = r.raw(key);
  const side = typeof value === 'string' ? value.toLowerCase() : value;
  if (side !== 'buy' && side !== 'sell') throw new FrameParseError(`${path}.${key}`, 'expected "buy" or "sell"');
  return side;
}

/**
 * A book's sequence number (`seq`, `pseq`: JSON numbers, `pseq` 0 on a snapshot): absent or `null` read
 * as not sent (API v1 sent none, and `books1`/`books5` pushes may carry none); otherwise a safe integer of 0 or more.
 */
export function bitgetSequence(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new FrameParseError(`${path}.${key}`, 'expected an integer of 0 or more');
  return value;
}

/**
 * A book's `checksum`: a signed 32-bit integer; absent, `null` or 0 read as not sent (a v2 snapshot's is 0,
 * as is every `books5`'s); anything else is refused.
 */
export function bitgetChecksum(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new FrameParseError(`${path}.${key}`, 'expected a signed 32-bit integer');
  return value;
}

/**
 * An optional figure of a ticker: absent, `null` or `""` read as not sent, as is a value that is no decimal,
 * or a negative one where only a funding rate may be (`signed`): one bad figure leaves out itself, not the ticker.
 */
export function bitgetFigure(r: FieldReader, key: string, signed: boolean): string | undefined {
  const value = r.optionalDecimal(key);
  return value === undefined || signed || Number(value) >= 0 ? value : undefined;
}
