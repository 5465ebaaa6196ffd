import type { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** Epoch milliseconds as OKX writes every time: a decimal string (`"1597026383085"`). */
const EPOCH_MS = /^\d{1,15}$/;

/** A trade id: a decimal string, an integer consecutive per instrument (`"242720720"`). */
const TRADE_ID = /^\d{1,15}$/;

/** A positive whole number as a decimal string (`count`). */
const COUNT = /^[1-9]\d{0,8}$/;

/** The data items of a push (`data`, an array of objects), each with its path. */
export function okxItems(r: FieldReader): readonly { readonly item: unknown; readonly path: string }[] {
  return r.array('data').map((item, n) => ({ item, path: `$.data[${n}]` }));
}

/** A time field: epoch milliseconds as a decimal string, refused otherwise. */
export function okxMillis(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'string' || !EPOCH_MS.test(value)) throw new FrameParseError(`${path}.${key}`, 'expected epoch milliseconds as a decimal string');
  return Number(value);
}

/** An optional time field: absent, `null` or `""` read as not sent; anything else must be epoch milliseconds. */
export function okxOptionalMillis(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  return value === undefined || value === null || value === '' ? undefined : okxMillis(r, key, path);
}

/** A trade id: decimal digits, kept as text (the feed's trade ids are strings). */
export function okxTradeId(r: FieldReader, key: string, path: string): string {
  const value = r.raw(key);
  if (typeof value !== 'string' || !TRADE_ID.test(value)) throw new FrameParseError(`${path}.${key}`, 'expected a trade id of decimal digits');
  return value;
}

/** How many fills a `trades` push merged (`count`, newer frames); absent: one. */
export function okxCount(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !COUNT.test(value)) throw new FrameParseError(`${path}.${key}`, 'expected a positive whole number as a decimal string');
  return Number(value);
}

/** `buy` or `sell`. */
export function okxSide(r: FieldReader, key: string, path: string): 'buy' | 'sell' {
  const value = r.raw(key);
  if (value !== 'buy' && value !== 'sell') throw new FrameParseError(`${path}.${key}`, 'expected "buy" or "sell"');
  return value;
}

/**
 * A book's sequence number (`seqId`, `prevSeqId`: JSON numbers, -1 the `prevSeqId` of a snapshot):
 * absent or `null` read as not sent (OKX sent none before 2023); otherwise a safe integer of -1 or more.
 */
export function okxSequence(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) throw new FrameParseError(`${path}.${key}`, 'expected an integer of -1 or more');
  return value;
}

/** An optional signed decimal string (a funding rate): absent, `null` or `""` read as not sent; anything else must be a decimal string. */
export function okxOptionalSignedDecimal(r: FieldReader, key: string, path: string): string | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null || value === '') return undefined;
  const decimal = r.optionalDecimal(key);
  if (decimal === undefined) throw new FrameParseError(`${path}.${key}`, 'expected a decimal string');
  return decimal;
}

/**
 * A book's `checksum`: a signed 32-bit integer; absent, `null` or 0 read as not sent (OKX sends 0 since
 * it stopped computing it); anything else is refused.
 */
export function okxChecksum(r: FieldReader, key: string, path: string): number | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new FrameParseError(`${path}.${key}`, 'expected a signed 32-bit integer');
  return value;
}
