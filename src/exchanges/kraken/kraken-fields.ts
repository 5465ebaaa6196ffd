import { decimalValue, type FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { plainDecimal } from './kraken-decimal-text.js';
import { rfc3339Micros } from './kraken-time.js';

/** What a number must be: prices > 0, sizes >= 0 (0 deletes a book level), changes of any sign. */
export type AmountRule = 'positive' | 'non-negative' | 'any';

const RULE_PROBLEMS: Readonly<Record<AmountRule, string>> = {
  positive: 'expected a positive number',
  'non-negative': 'expected a non-negative number',
  any: 'expected a finite number',
};

/** A JSON number field of a Kraken v2 frame (tickers), checked against `rule`; `path` is the reader's own. */
export function amountAt(r: FieldReader, path: string, key: string, rule: AmountRule): number {
  const value = r.raw(key);
  if (typeof value !== 'number' || !Number.isFinite(value) || !satisfies(value, rule)) throw new FrameParseError(`${path}.${key}`, RULE_PROBLEMS[rule]);
  return value;
}

/** As `amountAt`, absent (or null) reading as `undefined`. */
export function optionalAmountAt(r: FieldReader, path: string, key: string, rule: AmountRule): number | undefined {
  return r.has(key) ? amountAt(r, path, key, rule) : undefined;
}

/**
 * A `price` or `qty` as the decimal text Kraken sent (`parseKrakenJson` keeps it as a string; a
 * plain number is read from its shortest text), exponents written out, checked against `rule`.
 */
export function decimalTextAt(r: FieldReader, path: string, key: string, rule: Exclude<AmountRule, 'any'>): string {
  const value = r.raw(key);
  const text = typeof value === 'string' ? plainDecimal(value) : typeof value === 'number' ? plainDecimal(String(value)) : undefined;
  const n = text === undefined ? NaN : decimalValue(text);
  if (text === undefined || !Number.isFinite(n) || !satisfies(n, rule)) {
    throw new FrameParseError(`${path}.${key}`, rule === 'positive' ? 'expected a positive decimal' : 'expected a non-negative decimal');
  }
  return text;
}

/** An RFC 3339 time field, as epoch microseconds. */
export function microsAt(r: FieldReader, path: string, key: string): number {
  const value = r.raw(key);
  const micros = typeof value === 'string' ? rfc3339Micros(value) : undefined;
  if (micros === undefined) throw new FrameParseError(`${path}.${key}`, 'expected an RFC 3339 time');
  return micros;
}

/** As `microsAt`, absent (or null) reading as `undefined`. */
export function optionalMicrosAt(r: FieldReader, path: string, key: string): number | undefined {
  return r.has(key) ? microsAt(r, path, key) : undefined;
}

function satisfies(n: number, rule: AmountRule): boolean {
  return rule === 'positive' ? n > 0 : rule === 'non-negative' ? n >= 0 : true;
}
