import type { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/*
 * Deribit writes every number as a JSON number (prices, amounts, times, ids), never as a string: these
 * read them, refusing anything else (a string, a boolean) with the field's path. JSON has no NaN or
 * Infinity, so a number read is finite.
 */

function numberAt(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FrameParseError(`${path}.${key}`, 'expected a number');
  return value;
}

/** A number above zero (a trade's price and amount). */
export function positiveNumber(r: FieldReader, key: string, path: string): number {
  const value = numberAt(r, key, path);
  if (value <= 0) throw new FrameParseError(`${path}.${key}`, 'expected a positive number');
  return value;
}

/** A number of zero or more (a quote's price and amount, 0 on an empty side; open interest; a mark price, 0 on a worthless option). */
export function nonNegativeNumber(r: FieldReader, key: string, path: string): number {
  const value = numberAt(r, key, path);
  if (value < 0) throw new FrameParseError(`${path}.${key}`, 'expected a number of zero or more');
  return value;
}

/*
 * A ticker's optional figures refuse the least: one that is absent, `null` (a figure not sent, or none yet)
 * or not what it should be (text, a negative amount) is undefined, dropped alone; the ticker's other
 * figures are still published.
 */

/** An optional figure of zero or more (a price, an amount, an IV), else undefined. */
export function optionalNonNegative(r: FieldReader, key: string): number | undefined {
  const value = r.raw(key);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** An optional signed figure (a funding rate, a greek, a price change), else undefined. */
export function optionalSigned(r: FieldReader, key: string): number | undefined {
  const value = r.raw(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Epoch milliseconds (`timestamp`): a non-negative safe integer. */
export function epochMillis(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new FrameParseError(`${path}.${key}`, 'expected epoch milliseconds');
  return value;
}

/** A sequence number (`trade_seq`, `change_id`): a non-negative safe integer. */
export function sequenceNumber(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new FrameParseError(`${path}.${key}`, 'expected a non-negative integer');
  return value;
}

/** A price as a record carries it: above zero, else absent (Deribit writes 0 for a price it has not: a last price before any trade). */
export function priceOrAbsent(price: number | undefined): number | undefined {
  return price !== undefined && price > 0 ? price : undefined;
}
