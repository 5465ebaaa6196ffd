import type { BookLevel } from '../model/index.js';

/** A side's top `depth` levels, grouped by `grouping` when given: what a sampled book is compared and published as. */
export type TopOf = (side: readonly BookLevel[], depth: number) => readonly BookLevel[];

/** The first `depth` levels, as kept. */
export const ungrouped: TopOf = (side, depth) => (side.length <= depth ? side : side.slice(0, depth));

/**
 * The first `depth` levels after grouping prices to multiples of `step`: bids down, asks up, sizes
 * summed. The rounding is written as tardis-node's (`booksnapshot.ts`), in the step's decimal places,
 * so a grouped price is the same number there and here.
 */
export function groupedBy(step: number, side: 'bids' | 'asks'): TopOf {
  const pow = 10 ** decimalPlaces(step);
  const groupPow = step * pow;
  const groupOf = (price: number): number => {
    const pricePow = price * pow;
    const remainder = (pricePow % groupPow) / pow;
    return side === 'bids' ? (pricePow - remainder * pow) / pow : (pricePow - remainder * pow + (remainder > 0 ? groupPow : 0)) / pow;
  };
  return (levels, depth) => {
    const grouped: BookLevel[] = [];
    let price: number | undefined;
    let size = 0;
    for (const level of levels) {
      const group = groupOf(level.price);
      if (price !== undefined && group !== price) {
        grouped.push({ price, size });
        if (grouped.length === depth) return grouped;
        size = 0;
      }
      price = group;
      size += level.size;
    }
    if (price !== undefined && size > 0) grouped.push({ price, size });
    return grouped;
  };
}

/** Digits after the point a step needs (0.25 -> 2). */
function decimalPlaces(n: number): number {
  let count = 0;
  while (Math.abs(Math.round(n * 10 ** count) - n * 10 ** count) > 1e-10 && Number.isFinite(10 ** count)) count++;
  return count;
}

/** Whether two tops hold the same levels (prices and sizes), without a copy. */
export function sameLevels(a: readonly BookLevel[], b: readonly BookLevel[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.price !== y.price || x.size !== y.size) return false;
  }
  return true;
}
