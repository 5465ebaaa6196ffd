/**
 * A whole number of `10^-decimals` units written as the exact decimal string a venue sends
 * (`scaledDecimal(6514040, 2)` is `"65140.40"`), with no floating-point rounding on the way.
 */
export function scaledDecimal(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`expected a non-negative whole number of units, got ${units}`);
  if (decimals <= 0) return String(units);
  const digits = String(units).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** A decimal string without trailing zeros, as Bybit writes them (`"65140.40"` -> `"65140.4"`, `"0.000000"` -> `"0"`). */
export function trimmedDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A decimal string with at least `decimals` decimals, as Binance writes them (`"0.5"`, 8 -> `"0.50000000"`). */
export function paddedDecimal(text: string, decimals: number): string {
  const [whole, fraction = ''] = text.split('.');
  return fraction.length >= decimals ? text : `${whole ?? '0'}.${fraction.padEnd(decimals, '0')}`;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, n) => 10 ** n);

/**
 * A number already rounded to `decimals` decimals (a generated price or size) written as
 * `value.toFixed(decimals)` writes it, at about half the cost: its whole number of units with the
 * point put in. Other values (negative, too large, no decimals) go through `toFixed`.
 */
export function roundedDecimal(value: number, decimals: number): string {
  const factor = POWERS_OF_TEN[decimals];
  const units = factor === undefined || decimals === 0 ? -1 : Math.round(value * factor);
  if (!(units >= 0 && units <= Number.MAX_SAFE_INTEGER)) return value.toFixed(decimals);
  const digits = String(units);
  if (digits.length > decimals) return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return `0.${'0'.repeat(decimals - digits.length)}${digits}`;
}
