import type { TradeEvent } from './trade-event.js';

/** A trade at least `multiple` times the rolling mean quantity of its symbol's recent trades. */
export interface LargeTrade extends Omit<TradeEvent, 'type' | 'source'> {
  readonly type: 'large_trade';
  /** quantity / meanQuantity. */
  readonly ratio: number;
  /** Mean quantity of the symbol's previous `lookback` trades. */
  readonly meanQuantity: number;
  /** How many trades the mean was taken over. */
  readonly lookback: number;
}
