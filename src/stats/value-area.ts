import type { VolumeProfileBin } from '../model/index.js';

/** The point of control and the value area of a profile, as row indexes (inclusive). */
export interface ValueArea {
  /** The row with the most volume; the lowest such row on a tie. */
  readonly pocIndex: number;
  readonly lowIndex: number;
  readonly highIndex: number;
  /** Volume inside rows `lowIndex..highIndex`. */
  readonly volume: number;
}

const volumeOf = (bin: VolumeProfileBin | undefined): number => (bin === undefined ? 0 : bin.buyVolume + bin.sellVolume);

/**
 * The value area by the Market Profile method as platforms implement it (Linn Software
 * Investor/RT "Method A", http://www.linnsoft.com/qa/a/123.htm; the same pairwise rule in
 * mypivots.com's "Calculating Market Profile Value Area"): start at the point of control, then
 * repeatedly compare the next two rows above with the next two rows below and add the pair holding
 * more volume (the upper pair on a tie, as both sources do; a single row where only one is left on
 * that side), until the area holds at least `pct` percent of the volume. Pure; `bins` must not be empty.
 */
export function valueArea(bins: readonly VolumeProfileBin[], pct: number): ValueArea {
  let total = 0;
  let pocIndex = 0;
  bins.forEach((bin, n) => {
    const volume = volumeOf(bin);
    total += volume;
    if (volume > volumeOf(bins[pocIndex])) pocIndex = n;
  });
  // A relative slack so that 0.7 * 10 (7.000000000000001) counts 7 as reached.
  const target = (total * pct) / 100 - total * 1e-12;
  let low = pocIndex;
  let high = pocIndex;
  let volume = volumeOf(bins[pocIndex]);
  const last = bins.length - 1;
  while (volume < target && (low > 0 || high < last)) {
    const upCount = Math.min(2, last - high);
    const downCount = Math.min(2, low);
    const up = volumeOf(bins[high + 1]) + (upCount === 2 ? volumeOf(bins[high + 2]) : 0);
    const down = volumeOf(bins[low - 1]) + (downCount === 2 ? volumeOf(bins[low - 2]) : 0);
    if (upCount > 0 && (downCount === 0 || up >= down)) {
      high += upCount;
      volume += up;
    } else {
      low -= downCount;
      volume += down;
    }
  }
  return { pocIndex, lowIndex: low, highIndex: high, volume };
}
