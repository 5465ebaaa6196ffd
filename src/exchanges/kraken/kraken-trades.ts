import { parseDecimal } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { HistoryTrade } from '../../model/history-trade.js';
import { krakenResult } from './kraken-rest-dialect.js';

/** Most trades one `GET /0/public/Trades` answers with (`count` 1 to 1000, default 1000). */
export const KRAKEN_TRADES_PAGE = 1000;

/** One trade of a `Trades` answer, with its time in microseconds too (what a `since` is built from). */
export interface KrakenRestTrade extends HistoryTrade {
  /** Trade time, epoch microseconds (the answer gives seconds with a fraction). */
  readonly micros: number;
}

/** One `Trades` answer: its trades, oldest first, and `last`, the cursor to ask for the next ones with. */
export interface KrakenTradesPage {
  readonly trades: readonly KrakenRestTrade[];
  /** "ID to be used as since when polling for new trade data": a time in nanoseconds, as text. */
  readonly last: string;
}

/**
 * `<restUrl>/0/public/Trades?pair=<pair>&count=<n>[&since=<ns>]`: without `since`, the pair's latest
 * `count` trades; with it, the first `count` trades after that time (nanoseconds, as `last` gives it).
 */
export function krakenTradesUrl(restUrl: string, pair: string, count: number, since?: string): string {
  const query = `pair=${encodeURIComponent(pair)}&count=${count}${since === undefined ? '' : `&since=${since}`}`;
  return `${restUrl.replace(/\/+$/, '')}/0/public/Trades?${query}`;
}

/**
 * The trades of a `Trades` answer (`result` holds the pair's key and `last`): each row
 * `[price, volume, time, side, ordertype, misc, trade_id]`, price and volume positive decimal
 * strings, time seconds, side `b` or `s` (the taker's: an `s` taker means the buyer was the maker),
 * `trade_id` an integer (rows of answers before it was added are refused).
 */
export function readKrakenTrades(json: unknown): KrakenTradesPage {
  const result = krakenResult(json);
  const key = Object.keys(result).find((name) => name !== 'last');
  if (key === undefined) throw new FrameParseError('$.result', "expected the pair's trades");
  const rows = result[key];
  if (!Array.isArray(rows)) throw new FrameParseError(`$.result.${key}`, 'expected an array');
  const last = result['last'];
  const cursor = typeof last === 'number' && Number.isSafeInteger(last) ? String(last) : last;
  if (typeof cursor !== 'string' || !/^\d{1,20}$/.test(cursor)) throw new FrameParseError('$.result.last', 'expected a decimal cursor');
  return { trades: rows.map((row: unknown, n) => readRow(row, `$.result.${key}[${n}]`)), last: cursor };
}

function readRow(row: unknown, path: string): KrakenRestTrade {
  if (!Array.isArray(row) || row.length < 7) throw new FrameParseError(path, 'expected [price, volume, time, side, ordertype, misc, trade_id]');
  const [price, qty, time, side, , , id] = row as readonly unknown[];
  if (typeof price !== 'string' || !((parseDecimal(price) ?? 0) > 0)) throw new FrameParseError(`${path}[0]`, 'expected a positive decimal string');
  if (typeof qty !== 'string' || !((parseDecimal(qty) ?? 0) > 0)) throw new FrameParseError(`${path}[1]`, 'expected a positive decimal string');
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) throw new FrameParseError(`${path}[2]`, 'expected seconds since the epoch');
  if (side !== 'b' && side !== 's') throw new FrameParseError(`${path}[3]`, 'expected "b" or "s"');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw new FrameParseError(`${path}[6]`, 'expected a trade id');
  const micros = Math.floor(time * 1e6);
  return { id, price, qty, time: Math.floor(micros / 1000), isBuyerMaker: side === 's', micros };
}
