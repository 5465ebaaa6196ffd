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
