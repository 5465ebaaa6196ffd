import type { VolumeProfileBin, VolumeProfileBinning } from '../model/index.js';

/** Buy and sell volume traded at one exact price. */
export interface PriceVolume {
  readonly price: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
}

/** The lowest and highest traded price of a profile. */
export interface PriceRange {
  readonly low: number;
  readonly high: number;
}

/** How to cut a profile into rows: a fixed width (a tick multiple), or a number of rows over the range. */
export type BinPlan = { readonly kind: 'tick'; readonly width: number } | { readonly kind: 'rows'; readonly rows: number };

/** The rows of a profile, lowest price first, empty rows included. */
export interface ProfileBins {
  readonly binning: VolumeProfileBinning;
  readonly binWidth: number;
  readonly bins: readonly VolumeProfileBin[];
}

/** Guards `floor(price / width)` against binary fractions: 0.3 / 0.1 is 2.9999999999999996. */
export const EPSILON = 1e-9;

/**
 * Cuts traded volume into rows; pure. `tick`: row `i` is `[i * width, (i + 1) * width)`, rows from
 * the lowest to the highest traded price, falling back to `maxBins` rows over the range when more
 * would be needed. `rows`: `rows` equal rows from the lowest to the highest price, the highest
 * price in the last row; a single row of width 0 when every trade had the same price. `levels`
 * must not be empty; `range` is theirs unless given (volume held in cells lies inside the range
 * it was traded over).
 */
export function profileBins(levels: readonly PriceVolume[], plan: BinPlan, maxBins: number, range: PriceRange = extent(levels)): ProfileBins {
  const { low, high } = range;
  if (plan.kind === 'tick') {
    const first = Math.floor(low / plan.width + EPSILON);
    const count = Math.floor(high / plan.width + EPSILON) - first + 1;
    if (count <= maxBins) {
      const edge = edgeRounding(plan.width);
      const bins = emptyRows(
        count,
        (n) => edge((first + n) * plan.width),
        (n) => edge((first + n + 1) * plan.width),
      );
      for (const level of levels) add(bins, Math.floor(level.price / plan.width + EPSILON) - first, level);
      return { binning: 'tick', binWidth: plan.width, bins };
    }
    return rowsOf(levels, low, high, maxBins);
  }
  return rowsOf(levels, low, high, Math.min(plan.rows, maxBins));
}

function extent(levels: readonly PriceVolume[]): PriceRange {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { price } of levels) {
    low = Math.min(low, price);
    high = Math.max(high, price);
  }
  return { low, high };
}

function rowsOf(levels: readonly PriceVolume[], low: number, high: number, rows: number): ProfileBins {
  const width = (high - low) / rows;
  if (width === 0) {
    const bins = emptyRows(
      1,
      () => low,
      () => high,
    );
    for (const level of levels) add(bins, 0, level);
    return { binning: 'rows', binWidth: 0, bins };
  }
  const edge = (value: number): number => Number(value.toPrecision(12));
  const bins = emptyRows(
    rows,
    (n) => edge(low + n * width),
    (n) => (n === rows - 1 ? high : edge(low + (n + 1) * width)),
  );
  for (const level of levels) add(bins, Math.min(rows - 1, Math.floor((level.price - low) / width + EPSILON)), level);
  return { binning: 'rows', binWidth: width, bins };
}

type MutableBin = { -readonly [K in keyof VolumeProfileBin]: VolumeProfileBin[K] };

function emptyRows(count: number, lowOf: (n: number) => number, highOf: (n: number) => number): MutableBin[] {
  return Array.from({ length: count }, (_, n) => ({ priceLow: lowOf(n), priceHigh: highOf(n), buyVolume: 0, sellVolume: 0 }));
}

function add(bins: MutableBin[], index: number, level: PriceVolume): void {
  const bin = bins[index];
  if (bin === undefined) return;
  bin.buyVolume += level.buyVolume;
  bin.sellVolume += level.sellVolume;
}

/** Rounds row edges to the width's decimals, so that 3 * 0.1 is written 0.3. */
function edgeRounding(width: number): (value: number) => number {
  const decimals = Math.min(15, Math.max(0, -Math.floor(Math.log10(width)) + 6));
  return (value) => Number(value.toFixed(decimals));
}
