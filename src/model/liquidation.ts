import type { MarketRecordBase } from './market-record.js';

/** The side of the position a liquidation closed: a `LONG` is closed by a forced sell. */
export type PositionSide = 'LONG' | 'SHORT';

/**
 * One forced close of a position. Bybit `allLiquidation` pushes every one (`sampled: false`);
 * Binance USD-M `forceOrder` pushes at most the latest of each symbol per second (`sampled: true`),
 * so a count or sum of Binance liquidations is a lower bound.
 */
export interface Liquidation extends MarketRecordBase {
  readonly type: 'liquidation';
  /** The liquidated position's side (Bybit `S: Buy` and Binance `S: SELL` both close a long). */
  readonly positionSide: PositionSide;
  /** The venue's price of the liquidation: Bybit the bankruptcy price, Binance the order's price. */
  readonly price: number;
  /** Quantity in the base asset. */
  readonly quantity: number;
  /** True when the venue sends only a sample of its liquidations (Binance: the latest per symbol per second). */
  readonly sampled: boolean;
}
