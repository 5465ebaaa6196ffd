/** 24 h change in percent from the last price and the price 24 h ago; `undefined` without a usable open. */
export function changePercent(price: number, open: number | undefined): number | undefined {
  if (open === undefined || open <= 0) return undefined;
  return roundPercent(((price - open) / open) * 100);
}

/** Removes binary noise from percent arithmetic (0.0015 * 100 is 0.15, not 0.15000000000000002). */
export function roundPercent(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
