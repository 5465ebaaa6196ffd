import { decimalValue, type FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** The two sockets: spot (`wss://api.gateio.ws/ws/v4/`, channels `spot.*`) and USDT futures (`wss://fx-ws.gateio.ws/v4/ws/usdt`, `futures.*`). */
export type GateMarket = 'spot' | 'futures';

/** A trade id: a whole JSON number or its digits (ids run on per instrument). */
const TRADE_ID = /^\d{1,20}$/;

/** Epoch milliseconds as Gate writes them: a JSON number, or a decimal string with a fraction (spot `create_time_ms`: `"1619093543708.2642"`). */
const MILLIS = /^\d{1,15}(\.\d+)?$/;

/**
 * The items of a push's `result`: one object (spot pushes), an array of them (futures pushes), or, in older
 * recordings, an array nested one deeper; each with its path. Anything else is refused.
 */
export function gateResultItems(r: FieldReader): readonly { readonly item: unknown; readonly path: string }[] {
  const result = r.raw('result');
  if (!Array.isArray(result)) return [{ item: result, path: '$.result' }];
  return result.flatMap((entry: unknown, n) =>
    Array.isArray(entry) ? entry.map((item: unknown, k) => ({ item, path: `$.result[${n}][${k}]` })) : [{ item: entry, path: `$.result[${n}]` }],
  );
}

/** Whole epoch milliseconds: a JSON number or a decimal string, its fraction dropped (as `new Date(ms)` does). */
export function gateMillis(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  const ms = typeof value === 'number' ? value : typeof value === 'string' && MILLIS.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) throw new FrameParseError(`${path}.${key}`, 'expected epoch milliseconds');
  return Math.trunc(ms);
}

/** A trade or update id: a whole JSON number of 0 or more, or its digits; kept as text. */
export function gateId(r: FieldReader, key: string, path: string): string {
  const value = r.raw(key);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && TRADE_ID.test(value)) return value;
  throw new FrameParseError(`${path}.${key}`, 'expected an id of decimal digits');
}

/** A book update id (`U`, `u`): a safe whole number of 0 or more. */
export function gateUpdateId(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new FrameParseError(`${path}.${key}`, 'expected an update id');
  return value;
}

/**
 * A decimal as Gate writes it: a decimal string, or a JSON number (futures sizes in contracts, some older
 * futures prices); the text of a number is its shortest form. `undefined` when absent, `null` or `""`.
 */
export function gateOptionalDecimal(r: FieldReader, key: string, path: string): string | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !Number.isFinite(decimalValue(text))) throw new FrameParseError(`${path}.${key}`, 'expected a decimal');
  return text;
}

/** A decimal above 0 (a price, a size). */
export function gatePositive(r: FieldReader, key: string, path: string): string {
  const text = gateOptionalDecimal(r, key, path);
  if (text === undefined || !(decimalValue(text) > 0)) throw new FrameParseError(`${path}.${key}`, 'expected a positive decimal');
  return text;
}

/** A decimal of 0 or more (a level's size; 0 deletes it). */
export function gateNonNegative(r: FieldReader, key: string, path: string): string {
  const text = gateOptionalDecimal(r, key, path);
  if (text === undefined || !(decimalValue(text) >= 0)) throw new FrameParseError(`${path}.${key}`, 'expected a decimal of 0 or more');
  return text;
}

/**
 * A futures trade's `size`: contracts, signed by the taker's side (positive a buy, negative a sell; docs
 * "Trades notification": "size: Trading size... positive: buyer, negative: seller"), never 0.
 */
export function gateSignedSize(r: FieldReader, key: string, path: string): { readonly size: string; readonly side: 'buy' | 'sell' } {
  const text = gateOptionalDecimal(r, key, path);
  const value = text === undefined ? NaN : decimalValue(text);
  if (!Number.isFinite(value) || value === 0 || text === undefined) throw new FrameParseError(`${path}.${key}`, 'expected a size other than 0');
  return value > 0 ? { size: text, side: 'buy' } : { size: text.slice(1), side: 'sell' };
}

/** `buy` or `sell`: the taker's side of a spot trade. */
export function gateSide(r: FieldReader, key: string, path: string): 'buy' | 'sell' {
  const value = r.raw(key);
  if (value !== 'buy' && value !== 'sell') throw new FrameParseError(`${path}.${key}`, 'expected "buy" or "sell"');
  return value;
}
