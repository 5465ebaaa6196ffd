import { FieldReader, parseDecimal } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { unlistedCoinProblem } from './hyperliquid-coins.js';

/** A trade id as text: decimal digits (`parseHyperliquidJson` quotes the wire's number). */
const TID_TEXT = /^\d{1,30}$/;

/**
 * A trade's `tid` as its decimal text: digits as `parseHyperliquidJson` kept them, or, in an answer
 * parsed by plain `JSON.parse` (`recentTrades`), a JSON number that is a safe integer (one past 2^53
 * may have lost digits in parsing, and is refused rather than published altered).
 */
export function hyperliquidTradeId(r: FieldReader, key: string, path: string): string {
  const value = r.raw(key);
  if (typeof value === 'string' && TID_TEXT.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new FrameParseError(`${path}.${key}`, 'expected a trade id of decimal digits (a safe integer when read as a number)');
}

/** The aggressor's side (docs "Notation": "B = Bid = Buy, A = Ask = Short. Side is aggressing side for trades"). */
export function hyperliquidSide(r: FieldReader, key: string, path: string): 'B' | 'A' {
  const value = r.raw(key);
  if (value !== 'B' && value !== 'A') throw new FrameParseError(`${path}.${key}`, 'expected "B" or "A"');
  return value;
}

/** A coin of the perpetuals list: a builder-deployed perpetual (`dex:COIN`) or a spot pair (`@107`) is refused as not listed. */
export function hyperliquidCoin(r: FieldReader, key: string, path: string): string {
  const coin = r.string(key);
  const problem = unlistedCoinProblem(coin);
  if (problem !== undefined) throw new FrameParseError(`${path}.${key}`, problem);
  return coin;
}

/** Epoch milliseconds as a JSON integer (`time` of a trade, a book, a best bid/ask). */
export function hyperliquidMillis(r: FieldReader, key: string, path: string): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new FrameParseError(`${path}.${key}`, 'expected epoch milliseconds as an integer');
  return value;
}

/**
 * One side of a book (`WsLevel[]`: `{px, sz, n}`, best first), each price and size a positive decimal
 * string read as a number in one pass; `n` (the orders at the level) is not read. The venue sends at
 * most 20 a side; more are read (and trimmed by the book), not refused.
 */
export function hyperliquidLevels(value: unknown, path: string): readonly LevelChange[] {
  if (!Array.isArray(value)) throw new FrameParseError(path, 'expected an array of levels');
  const levels = new Array<LevelChange>(value.length);
  for (let n = 0; n < value.length; n++) levels[n] = hyperliquidLevel(value[n] as unknown, `${path}[${n}]`);
  return levels;
}

/** One level `{px, sz, n}`: price and size positive decimal strings. */
export function hyperliquidLevel(value: unknown, path: string): LevelChange {
  const r = FieldReader.of(value, path);
  const price = parseDecimal(r.raw('px'));
  if (price === undefined || price <= 0) throw new FrameParseError(`${path}.px`, 'expected a positive decimal string');
  const size = parseDecimal(r.raw('sz'));
  if (size === undefined || size <= 0) throw new FrameParseError(`${path}.sz`, 'expected a positive decimal string');
  return { price, size };
}
