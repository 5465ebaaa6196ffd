import { trimmedDecimal } from '../../scaled-decimal.js';

/**
 * A figure as OKX writes its option figures: a string of up to 10 decimals, trailing zeros cut
 * (`"0.1975745164"`, `"-16.4798150221"`, `"162.472613953"`, `"2000"`, okx-option-opt-summary.ndjson),
 * never `-0`.
 */
export function okxFigure(value: number, decimals = 10): string {
  const text = trimmedDecimal(value.toFixed(decimals));
  return text === '-0' ? '0' : text;
}

/** A USD price of the index (`idxPx`): 2 decimals, trailing zeros cut. */
export const okxIndexPrice = (value: number): string => okxFigure(value, 2);

/** A forward (`fwdPx`): 8 decimals, trailing zeros cut. */
export const okxForward = (value: number): string => okxFigure(value, 8);
