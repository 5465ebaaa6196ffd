/** A parsed value, or a message saying what is allowed. */
export type ParsedSetting<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly allowed: string };

/**
 * One configuration setting: its dotted key (as in a config file), the environment variable and
 * flag that set it, how to parse a string or file value, the default, and what it means.
 */
export interface ConfigOption<T = unknown> {
  readonly key: string;
  readonly env?: string;
  readonly flag: string;
  readonly description: string;
  readonly default: T;
  readonly parse: (raw: unknown) => ParsedSetting<T>;
  /** Never printed: values are redacted in help and logs. */
  readonly secret?: boolean;
}

export function option<T>(spec: ConfigOption<T>): ConfigOption {
  return spec;
}

export const ok = <T>(value: T): ParsedSetting<T> => ({ ok: true, value });
export const no = (allowed: string): ParsedSetting<never> => ({ ok: false, allowed });

export function integer(min: number, max: number): (raw: unknown) => ParsedSetting<number> {
  return (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? ok(n) : no(`a whole number from ${min} to ${max}`);
  };
}

/** A whole number in range, or absent (undefined, an empty string). */
export function optionalInteger(min: number, max: number): (raw: unknown) => ParsedSetting<number | undefined> {
  const whole = integer(min, max);
  return (raw) => (raw === undefined || raw === '' ? ok(undefined) : whole(raw));
}

export function positiveNumber(raw: unknown): ParsedSetting<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? ok(n) : no('a number greater than 0');
}

/** A number from 0 to 1. */
export function fraction(raw: unknown): ParsedSetting<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? ok(n) : no('a number from 0 to 1');
}

export function text(raw: unknown): ParsedSetting<string> {
  return typeof raw === 'string' && raw !== '' ? ok(raw) : no('a non-empty string');
}

export function optionalText(raw: unknown): ParsedSetting<string | undefined> {
  return raw === undefined || raw === '' ? ok(undefined) : text(raw);
}

export function boolean(raw: unknown): ParsedSetting<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 'true' || raw === '1' || raw === 'yes') return ok(true);
  if (raw === 'false' || raw === '0' || raw === 'no') return ok(false);
  return no('true or false');
}

export function oneOf<const T extends string>(values: readonly T[]): (raw: unknown) => ParsedSetting<T> {
  return (raw) => (typeof raw === 'string' && (values as readonly string[]).includes(raw) ? ok(raw as T) : no(`one of ${values.join(', ')}`));
}

/** A list from a JSON/YAML array or a comma-separated string, each item checked. */
export function list<T>(item: (raw: unknown) => ParsedSetting<T>, minItems = 1): (raw: unknown) => ParsedSetting<readonly T[]> {
  return (raw) => {
    const items = Array.isArray(raw)
      ? (raw as unknown[])
      : typeof raw === 'string'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : undefined;
    if (items === undefined || items.length < minItems) return no(`a list of at least ${minItems} item(s), comma-separated`);
    const values: T[] = [];
    for (const each of items) {
      const parsed = item(each);
      if (!parsed.ok) return no(`a comma-separated list, each ${parsed.allowed}`);
      values.push(parsed.value);
    }
    return ok(values);
  };
}

function urlOf(protocols: readonly string[], allowed: string): (raw: unknown) => ParsedSetting<string> {
  return (raw) => {
    if (typeof raw !== 'string' || !URL.canParse(raw)) return no(allowed);
    return protocols.includes(new URL(raw).protocol) ? ok(raw) : no(allowed);
  };
}

export const wsUrl = urlOf(['ws:', 'wss:'], 'a ws:// or wss:// URL');

export const httpUrl = urlOf(['http:', 'https:'], 'an http:// or https:// URL');

export function httpUrlOrEmpty(raw: unknown): ParsedSetting<string | undefined> {
  return raw === undefined || raw === '' ? ok(undefined) : httpUrl(raw);
}

/** A coin symbol: upper-case letters and digits, e.g. BTC or 1000PEPE. */
export function coin(raw: unknown): ParsedSetting<string> {
  return typeof raw === 'string' && /^[A-Z0-9]{2,20}$/.test(raw.toUpperCase()) ? ok(raw.toUpperCase()) : no('coin symbols like BTC');
}

/** host:port pairs. */
export function hostPort(raw: unknown): ParsedSetting<string> {
  return typeof raw === 'string' && /^[\w.-]+:\d{1,5}$/.test(raw) ? ok(raw) : no('host:port');
}

/** One of a fixed set of whole numbers, e.g. a venue's book depths. */
export function oneOfIntegers<const T extends number>(values: readonly T[]): (raw: unknown) => ParsedSetting<T> {
  return (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return (values as readonly number[]).includes(n) ? ok(n as T) : no(`one of ${values.join(', ')}`);
  };
}
