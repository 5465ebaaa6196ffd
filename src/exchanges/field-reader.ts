import { FrameParseError } from './frame-parse-error.js';
import type { LevelChange } from './l2-book.js';

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;
const LOWER_E = 0x65;

/** 10^0 .. 10^22: every power of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Significant digits that always fit a double's 53-bit mantissa exactly (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/**
 * The number a venue decimal `-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` stands for (no sign `+`, no spaces,
 * no hex, no `Infinity`), or NaN when `text` is not one; Infinity past a double's range. One scan of
 * the character codes both checks the grammar and reads the digits: it runs for every price and size
 * of every frame. With at most 15 digits and no exponent (every price and size a venue sends), the
 * value is the digits as an integer divided by an exact power of ten: one correctly rounded division,
 * so the same double as `Number(text)`; anything else is left to `Number(text)`.
 */
export function decimalValue(text: string): number {
  const negative = text.charCodeAt(0) === MINUS;
  let i = negative ? 1 : 0;
  let digits = 0;
  let fractionDigits = 0;
  let mantissa = 0;
  let c = text.charCodeAt(i);
  for (; c >= ZERO && c <= NINE; c = text.charCodeAt(++i), digits++) mantissa = mantissa * 10 + (c - ZERO);
  if (c === DOT) {
    for (c = text.charCodeAt(++i); c >= ZERO && c <= NINE; c = text.charCodeAt(++i), digits++, fractionDigits++) mantissa = mantissa * 10 + (c - ZERO);
  }
  if (digits === 0) return NaN;
  if ((c | 0x20) === LOWER_E) {
    c = text.charCodeAt(++i);
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
    const exponent = i;
    for (; c >= ZERO && c <= NINE; c = text.charCodeAt(++i));
    return i === exponent || i !== text.length ? NaN : Number(text);
  }
  if (i !== text.length) return NaN;
  if (digits > EXACT_DIGITS) return Number(text);
  const value = mantissa / (EXACT_POWERS_OF_TEN[fractionDigits] as number);
  return negative ? -value : value;
}

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a venue decimal string; `undefined` when it is not one or not finite. */
export function parseDecimal(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = decimalValue(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads typed fields out of an untrusted JSON object, throwing `FrameParseError` with the
 * field's path on the first field that is missing or of the wrong type.
 */
export class FieldReader {
  private constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    private readonly path: string,
  ) {}

  static of(value: unknown, path: string): FieldReader {
    if (!isJsonObject(value)) throw new FrameParseError(path, 'expected an object');
    return new FieldReader(value, path);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  raw(key: string): unknown {
    return this.fields[key];
  }

  child(key: string): FieldReader {
    return FieldReader.of(this.fields[key], this.at(key));
  }

  array(key: string): readonly unknown[] {
    const value = this.fields[key];
    if (!Array.isArray(value)) throw new FrameParseError(this.at(key), 'expected an array');
    return value as readonly unknown[];
  }

  string(key: string): string {
    const value = this.fields[key];
    if (typeof value !== 'string' || value === '') throw new FrameParseError(this.at(key), 'expected a non-empty string');
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.fields[key];
    return typeof value === 'string' ? value : undefined;
  }

  boolean(key: string): boolean {
    const value = this.fields[key];
    if (typeof value !== 'boolean') throw new FrameParseError(this.at(key), 'expected a boolean');
    return value;
  }

  /** A non-negative safe integer (ids, times). */
  integer(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new FrameParseError(this.at(key), 'expected a non-negative integer');
    }
    return value;
  }

  /** A safe integer of at least 1 (sequence numbers that start at 1). */
  positiveInteger(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new FrameParseError(this.at(key), 'expected a positive integer');
    }
    return value;
  }

  optionalInteger(key: string): number | undefined {
    return this.has(key) ? this.integer(key) : undefined;
  }

  /** A decimal string greater than zero (prices, sizes). */
  positiveDecimal(key: string): string {
    const value = this.fields[key];
    const n = parseDecimal(value);
    if (n === undefined || n <= 0) throw new FrameParseError(this.at(key), 'expected a positive decimal string');
    return value as string;
  }

  /** A decimal string zero or greater (volumes, sizes that may be empty). */
  nonNegativeDecimal(key: string): string {
    const value = this.fields[key];
    const n = parseDecimal(value);
    if (n === undefined || n < 0) throw new FrameParseError(this.at(key), 'expected a non-negative decimal string');
    return value as string;
  }

  /** An optional decimal string: absent, empty or unparsable values read as `undefined`. */
  optionalDecimal(key: string): string | undefined {
    const value = this.fields[key];
    return parseDecimal(value) === undefined ? undefined : (value as string);
  }

  /** An optional decimal string zero or greater (24 h figures): absent, empty or unparsable read as `undefined`; a negative one is refused. */
  optionalNonNegativeDecimal(key: string): string | undefined {
    const value = this.fields[key];
    const n = parseDecimal(value);
    if (n === undefined) return undefined;
    if (n < 0) throw new FrameParseError(this.at(key), 'expected a non-negative decimal string');
    return value as string;
  }

  /**
   * Book levels sent as `[price, size]` decimal strings (anything after them, as older Binance
   * documents, is ignored), checked and read as numbers in one pass: prices > 0, sizes > 0 when
   * `positiveSize` (a snapshot) else >= 0 (size 0 removes a level). `names` name the pair's fields
   * in the error path, e.g. `$.data.b[3].size`.
   */
  levels(key: string, positiveSize: boolean, names: readonly [string, string] = ['price', 'size']): readonly LevelChange[] {
    const pairs = this.array(key);
    const levels: LevelChange[] = new Array<LevelChange>(pairs.length);
    for (let n = 0; n < pairs.length; n++) {
      const pair: unknown = pairs[n];
      if (!Array.isArray(pair) || pair.length < 2) throw new FrameParseError(`${this.at(key)}[${n}]`, `expected [${names[0]}, ${names[1]}]`);
      const price = parseDecimal(pair[0]);
      if (price === undefined || price <= 0) throw new FrameParseError(`${this.at(key)}[${n}].${names[0]}`, 'expected a positive decimal string');
      const size = parseDecimal(pair[1]);
      if (size === undefined || size < 0 || (positiveSize && size === 0)) {
        throw new FrameParseError(
          `${this.at(key)}[${n}].${names[1]}`,
          positiveSize ? 'expected a positive decimal string' : 'expected a non-negative decimal string',
        );
      }
      levels[n] = { price, size };
    }
    return levels;
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }
}
