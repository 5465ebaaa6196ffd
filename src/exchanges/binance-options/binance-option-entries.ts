import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { binanceOptionOf } from './binance-option-names.js';

/**
 * One option's figures as `<underlying>@optionMarkPrice` writes them (developers.binance.com options
 * "Mark Price" stream; the recorded `binance-options-optionMarkPrice.ndjson`), as decimal strings: the mark
 * `mp` and its IV `vo` (zero or more: a worthless option is marked 0), the greeks `d`, `t`, `g`, `v` (either
 * sign), the index `i` (above 0; the 2023 `@ticker` had none), and each side of the quote (`bo`/`bq` with
 * its IV `b`, `ao`/`aq` with `a`) only where it is quoted: Binance writes an empty side `"0.0000"` at size
 * `"0.00"` with IV `"-1.0"`, and an IV of -1 on a quoted side is no IV either.
 */
export interface BinanceOptionMark {
  readonly s: string;
  /** Event time, ms. */
  readonly E: number;
  readonly mp: string;
  readonly vo: string;
  readonly d: string;
  readonly t: string;
  readonly g: string;
  readonly v: string;
  readonly i?: string;
  readonly bo?: string;
  readonly bq?: string;
  readonly b?: string;
  readonly ao?: string;
  readonly aq?: string;
  readonly a?: string;
}

/** One option's open interest (options "Open Interest" stream): `o` in contracts, zero or more. */
export interface BinanceOptionInterest {
  readonly s: string;
  /** Event time, ms. */
  readonly E: number;
  readonly o: string;
}

/** What an array push holds: the entries read, and each other one's path and reason. */
export interface BinanceOptionEntries<T> {
  readonly entries: readonly T[];
  readonly refused: readonly string[];
}

/** Reads each entry of an array push alone: an entry that cannot be read is named at its path, the others are kept. */
export function readBinanceOptionEntries<T>(items: readonly unknown[], path: string, read: (r: FieldReader, path: string) => T): BinanceOptionEntries<T> {
  const entries: T[] = [];
  const refused: string[] = [];
  items.forEach((item, n) => {
    try {
      entries.push(read(FieldReader.of(item, `${path}[${n}]`), `${path}[${n}]`));
    } catch (error) {
      if (!(error instanceof FrameParseError)) throw error;
      refused.push(error.message);
    }
  });
  return { entries, refused };
}

/** An entry of `@optionMarkPrice`: every figure but the quote's is required, and the index with them. */
export function readBinanceOptionMark(r: FieldReader, path: string): BinanceOptionMark {
  const mark = readBinanceOptionFigures(r, path);
  return { ...mark, i: required(r, path, mark.s, 'i', 'positive') };
}

/**
 * The figures of one option's mark, quote and greeks, in `@optionMarkPrice`'s names (the 2023 `@ticker`
 * wrote them alike, without the index): its name must be an option's, the mark, its IV and the greeks
 * are required; a side out of its kind (a negative price) is left out alone.
 */
export function readBinanceOptionFigures(r: FieldReader, path: string): BinanceOptionMark {
  const s = optionName(r, path);
  return {
    s,
    E: r.integer('E'),
    mp: required(r, path, s, 'mp', 'non-negative'),
    vo: required(r, path, s, 'vo', 'non-negative'),
    d: required(r, path, s, 'd', 'signed'),
    t: required(r, path, s, 't', 'signed'),
    g: required(r, path, s, 'g', 'signed'),
    v: required(r, path, s, 'v', 'signed'),
    ...side(r, 'bo', 'bq', 'b'),
    ...side(r, 'ao', 'aq', 'a'),
  };
}

/** An entry of `@optionOpenInterest@...`. */
export function readBinanceOptionInterest(r: FieldReader, path: string): BinanceOptionInterest {
  const s = optionName(r, path);
  return { s, E: r.integer('E'), o: required(r, path, s, 'o', 'non-negative') };
}

function optionName(r: FieldReader, path: string): string {
  const s = r.string('s');
  if (binanceOptionOf(s) === undefined) throw new FrameParseError(`${path}.s`, `${JSON.stringify(s)} is not a Binance option's name`);
  return s;
}

function required(r: FieldReader, path: string, symbol: string, key: string, kind: 'positive' | 'non-negative' | 'signed'): string {
  const value = r.optionalDecimal(key);
  const n = Number(value);
  if (value === undefined || (kind === 'positive' && !(n > 0)) || (kind === 'non-negative' && n < 0))
    throw new FrameParseError(`${path}.${key}`, `${symbol}: expected a ${kind === 'signed' ? '' : `${kind} `}decimal string`);
  return value;
}

/** A side where it is quoted (price and size above 0), with its IV where above 0; else nothing. */
function side<P extends 'bo' | 'ao', Q extends 'bq' | 'aq', V extends 'b' | 'a'>(r: FieldReader, price: P, size: Q, iv: V): Partial<Record<P | Q | V, string>> {
  const p = r.optionalDecimal(price);
  const q = r.optionalDecimal(size);
  if (p === undefined || q === undefined || !(Number(p) > 0) || !(Number(q) > 0)) return {};
  const v = r.optionalDecimal(iv);
  return { [price]: p, [size]: q, ...(v !== undefined && Number(v) > 0 ? { [iv]: v } : {}) } as Partial<Record<P | Q | V, string>>;
}
