import type { TradeEvent } from '../model/index.js';
import type { PriceVolume } from './profile-bins.js';

/** One symbol's trades of an open profile window: volume per exact price, and the last trade. */
export interface ProfileAccumulator {
  readonly levels: Map<number, { buyVolume: number; sellVolume: number }>;
  tradeCount: number;
  last: TradeEvent;
}

/** A window's first trade. */
export function startProfile(trade: TradeEvent): ProfileAccumulator {
  const profile: ProfileAccumulator = { levels: new Map(), tradeCount: 0, last: trade };
  addToProfile(profile, trade);
  return profile;
}

/** Folds a trade in: its quantity on its side at its exact price (distinct prices stay few even in an hour). */
export function addToProfile(profile: ProfileAccumulator, trade: TradeEvent): void {
  let level = profile.levels.get(trade.price);
  if (level === undefined) {
    level = { buyVolume: 0, sellVolume: 0 };
    profile.levels.set(trade.price, level);
  }
  if (trade.side === 'BUY') level.buyVolume += trade.quantity;
  else level.sellVolume += trade.quantity;
  profile.tradeCount += 1;
  profile.last = trade;
}

/** The accumulated volume per price. */
export function profileLevels(profile: ProfileAccumulator): readonly PriceVolume[] {
  return [...profile.levels].map(([price, level]) => ({ price, ...level }));
}
