import type { TradeEvent } from '../model/index.js';
import { PriceCells } from './price-cells.js';
import type { BinPlan, PriceRange, PriceVolume } from './profile-bins.js';

/** Cells one symbol's window may hold at most (at least the profile's `maxBins`): 4096 cells of two doubles. */
const MAX_CELLS = 4096;

/** One symbol's trades of an open profile window: volume by price in bounded cells, and the last trade. */
export interface ProfileAccumulator {
  readonly cells: PriceCells;
  tradeCount: number;
  last: TradeEvent;
}

/**
 * A window's first trade. With a tick plan the cells are the profile's rows, so rows stay exact
 * as long as the tick can cut the range into `maxBins` rows; otherwise volume is kept per exact
 * price up to a thousand prices, then on a grid of at most {@link MAX_CELLS} cells over the range.
 */
export function startProfile(trade: TradeEvent, plan: BinPlan, maxBins: number): ProfileAccumulator {
  const cells = new PriceCells(plan.kind === 'tick' ? { kind: 'grid', width: plan.width } : { kind: 'exact' }, Math.max(MAX_CELLS, maxBins));
  const profile: ProfileAccumulator = { cells, tradeCount: 0, last: trade };
  addToProfile(profile, trade);
  return profile;
}

/** Folds a trade in: its quantity on its side at its price. */
export function addToProfile(profile: ProfileAccumulator, trade: TradeEvent): void {
  profile.cells.add(trade.price, trade.quantity, trade.side === 'BUY');
  profile.tradeCount += 1;
  profile.last = trade;
}

/** The accumulated volume by price, and the exact traded range. */
export function profileLevels(profile: ProfileAccumulator): { readonly levels: readonly PriceVolume[]; readonly range: PriceRange } {
  const { cells } = profile;
  return { levels: cells.levels(), range: { low: cells.low, high: cells.high } };
}
