import { FrameParseError } from './frame-parse-error.js';

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a venue decimal string; `undefined` when it is not one or not finite. */
export function parseDecimal(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const n = Number(value);
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

  private at(key: string): string {
    return `${this.path}.${key}`;
  }
}
