import { describe, expect, it } from 'vitest';
import type { VolumeProfileBin } from '../model/index.js';
import { valueArea } from './value-area.js';

/** Rows of width 1 from `first`, each with the given total volume (all of it bought). */
const rows = (first: number, volumes: readonly number[]): VolumeProfileBin[] =>
  volumes.map((volume, n) => ({ priceLow: first + n, priceHigh: first + n + 1, buyVolume: volume, sellVolume: 0 }));

describe('valueArea', () => {
  it('adds the larger pair below, then the pair above, until 70 % is reached', () => {
    // rows 100..105: 2 5 9 4 1 3, total 24, 70 % = 16.8.
    // POC row 102 (9). Above: 103+104 = 5; below: 101+100 = 7 -> add below: 16 (< 16.8).
    // Nothing left below; above: 103+104 = 5 -> 21 >= 16.8. Area rows 100..104.
    expect(valueArea(rows(100, [2, 5, 9, 4, 1, 3]), 70)).toEqual({ pocIndex: 2, lowIndex: 0, highIndex: 4, volume: 21 });
  });

  it('compares pairs, not single rows (an empty row counts in its pair)', () => {
    // rows 10..16: 1 3 10 4 2 0 5, total 25, 70 % = 17.5.
    // POC row 12 (10). Above 13+14 = 6 vs below 11+10 = 4 -> above: 16.
    // Above 15+16 = 0+5 = 5 vs below 4 -> above: 21 >= 17.5. Area rows 12..16 (indexes 2..6).
    // (Row by row it would be 11..14: 10, +4 (13), +3 (11), +2 (14) = 19.)
    expect(valueArea(rows(10, [1, 3, 10, 4, 2, 0, 5]), 70)).toEqual({ pocIndex: 2, lowIndex: 2, highIndex: 6, volume: 21 });
  });

  it('adds the upper pair when both pairs hold the same volume', () => {
    // rows: 3 1 6 2 2, total 14, 70 % = 9.8. POC index 2 (6). Above 2+2 = 4 = below 1+3 = 4 -> above: 10 >= 9.8.
    expect(valueArea(rows(0, [3, 1, 6, 2, 2]), 70)).toEqual({ pocIndex: 2, lowIndex: 2, highIndex: 4, volume: 10 });
  });

  it('takes the lowest row as point of control on a tie, and a single row when only one is left on a side', () => {
    // rows: 4 1 4 2, total 11, 70 % = 7.7. POC index 0 (first 4). Nothing below; above pair 1+4 = 5 -> 9 >= 7.7.
    expect(valueArea(rows(0, [4, 1, 4, 2]), 70)).toEqual({ pocIndex: 0, lowIndex: 0, highIndex: 2, volume: 9 });
    // rows: 1 8 1, 90 % of 10 = 9: POC 8; above one row (1) vs below one row (1): tie -> above: 9, reached.
    expect(valueArea(rows(0, [1, 8, 1]), 90)).toEqual({ pocIndex: 1, lowIndex: 1, highIndex: 2, volume: 9 });
  });

  it('stops at the point of control alone when it already holds the share, counting 7 of 10 as 70 %', () => {
    // 0.7 * 10 is 7.000000000000001 in binary; 7 still reaches it.
    expect(valueArea(rows(0, [1, 7, 2]), 70)).toEqual({ pocIndex: 1, lowIndex: 1, highIndex: 1, volume: 7 });
  });
});
