/** A JSON number token (or the same grammar in a string): sign, integer digits, fraction digits, exponent. */
const NUMBER_TOKEN = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Exponents past this are no price or size a venue sends (and would spell a number of that many digits). */
const MAX_EXPONENT = 40;

/**
 * The plain decimal text of a JSON number token, digits kept as written: `0.00100000` stays
 * `0.00100000` (its trailing zeros are the pair's precision), `5.1e-05` becomes `0.000051`, `63298`
 * stays `63298`. `undefined` when `token` is not a JSON number or its exponent is past 40.
 */
export function plainDecimal(token: string): string | undefined {
  const match = NUMBER_TOKEN.exec(token);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (exponentText === undefined) return token;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = whole + fraction;
  const point = whole.length + exponent;
  if (point >= digits.length) return sign + trimLeadingZeros(digits + '0'.repeat(point - digits.length));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${trimLeadingZeros(digits.slice(0, point))}.${digits.slice(point)}`;
}

/** Digits after the decimal point of a plain decimal (`0.0500` has 4, `63298` none). */
export function decimalPlaces(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * A plain decimal written at `places` decimals (zeros added, or trailing zeros removed down to
 * `places`; other digits are never dropped), then without its point and leading zeros: the form
 * Kraken's book checksum takes (`0.00100000` at 8 -> `100000`, `45285.2` at 1 -> `452852`).
 */
export function checksumDigits(text: string, places: number): string {
  const point = text.indexOf('.');
  const whole = point < 0 ? text : text.slice(0, point);
  let fraction = point < 0 ? '' : text.slice(point + 1);
  if (fraction.length < places) fraction += '0'.repeat(places - fraction.length);
  else {
    let end = fraction.length;
    while (end > places && fraction.charCodeAt(end - 1) === 0x30) end--;
    fraction = fraction.slice(0, end);
  }
  return trimLeadingZeros(whole + fraction, '');
}

/**
 * `a - b` of two plain decimals, exactly (as scaled integers), as a plain decimal: the open price
 * from Kraken's `last` and `change` without binary noise (63297.8 - 0.7 is 63297.1, not 63297.100000000006).
 */
export function decimalDifference(a: string, b: string): string {
  const places = Math.max(decimalPlaces(a), decimalPlaces(b));
  const difference = scaled(a, places) - scaled(b, places);
  const negative = difference < 0n;
  const digits = (negative ? -difference : difference).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return negative ? `-${body}` : body;
}

function scaled(text: string, places: number): bigint {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const point = unsigned.indexOf('.');
  const whole = point < 0 ? unsigned : unsigned.slice(0, point);
  const fraction = point < 0 ? '' : unsigned.slice(point + 1);
  const value = BigInt(whole + fraction.padEnd(places, '0'));
  return negative ? -value : value;
}

function trimLeadingZeros(digits: string, empty = '0'): string {
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 0x30) start++;
  return start === digits.length ? empty : digits.slice(start);
}
