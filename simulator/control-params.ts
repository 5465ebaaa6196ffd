/** A parsed query parameter, or what was wrong with it. */
export type ParamResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/**
 * One query parameter of a control action: what it allows (for error answers and the action
 * listing) and how its raw text (`undefined` when absent) is read.
 */
export interface ControlParam<T> {
  /** What is allowed, e.g. `a whole number from 1 to 1000 (default 1)`. */
  readonly allowed: string;
  parse(raw: string | undefined): ParamResult<T>;
}

/** Whether a parameter must be given, may be left out (`undefined`), or has a default. */
export type Presence<T> = { readonly required: true } | { readonly optional: true } | { readonly default: T };

/** The value type of a parameter given its presence: `T | undefined` only when optional. */
export type PresentValue<T, P extends Presence<T>> = P extends { readonly optional: true } ? T | undefined : T;

/** An inclusive range of whole numbers. */
export type IntegerRange = readonly [min: number, max: number];

const ok = <T>(value: T): ParamResult<T> => ({ ok: true, value });
const problem = (text: string): ParamResult<never> => ({ ok: false, problem: text });

function param<T, P extends Presence<T>>(
  presence: P,
  allowed: string,
  shown: (value: T) => string,
  read: (raw: string) => T | undefined,
): ControlParam<PresentValue<T, P>> {
  const suffix = 'required' in presence ? ' (required)' : 'default' in presence ? ` (default ${shown(presence.default)})` : ' (optional)';
  return {
    allowed: `${allowed}${suffix}`,
    parse: (raw) => {
      if (raw === undefined) {
        if ('required' in presence) return problem(`is required: ${allowed}`);
        return ok(('default' in presence ? presence.default : undefined) as PresentValue<T, P>);
      }
      const value = read(raw);
      return value === undefined ? problem(`expected ${allowed}, got ${JSON.stringify(raw)}`) : ok(value as PresentValue<T, P>);
    },
  };
}

const rangeText = (ranges: readonly IntegerRange[]): string => {
  const parts = ranges.map(([min, max]) => (min === max ? `${min}` : `${min}-${max}`));
  return parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1) ?? ''}`;
};

/** A whole number written in decimal digits, inside one of `ranges`. */
export function integer<const P extends Presence<number>>(ranges: readonly IntegerRange[], presence: P): ControlParam<PresentValue<number, P>> {
  const allowed =
    ranges.length === 1 && ranges[0] !== undefined ? `a whole number from ${ranges[0][0]} to ${ranges[0][1]}` : `a whole number in ${rangeText(ranges)}`;
  return param(presence, allowed, String, (raw) => {
    if (!/^[+-]?\d{1,15}$/.test(raw)) return undefined;
    const n = Number(raw);
    return ranges.some(([min, max]) => n >= min && n <= max) ? n : undefined;
  });
}

/** A finite decimal number (`1.5`, `-3`, `2e-1`) from `min` to `max`. */
export function decimal<const P extends Presence<number>>(min: number, max: number, presence: P): ControlParam<PresentValue<number, P>> {
  return param(presence, `a number from ${min} to ${max}`, String, (raw) => {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
  });
}

/** `true` or `false`. */
export function flag<const P extends Presence<boolean>>(presence: P): ControlParam<PresentValue<boolean, P>> {
  return param(presence, 'true or false', String, (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined));
}

/** One of a fixed set of words. */
export function oneOf<const T extends string, const P extends Presence<T>>(values: readonly T[], presence: P): ControlParam<PresentValue<T, P>> {
  return param(presence, `one of ${values.join(', ')}`, String, (raw) => values.find((v) => v === raw));
}

/** Free text of at most `maxBytes` bytes of UTF-8 (`''` allowed). */
export function text<const P extends Presence<string>>(maxBytes: number, presence: P): ControlParam<PresentValue<string, P>> {
  return param(presence, `text of at most ${maxBytes} bytes (UTF-8)`, JSON.stringify, (raw) => (Buffer.byteLength(raw, 'utf8') <= maxBytes ? raw : undefined));
}

/** Text matching `pattern` (anchored), described as `what` (e.g. `upper-case letters and digits, 1 to 20`). */
export function matching<const P extends Presence<string>>(pattern: RegExp, what: string, presence: P): ControlParam<PresentValue<string, P>> {
  return param(presence, what, JSON.stringify, (raw) => (pattern.test(raw) ? raw : undefined));
}
