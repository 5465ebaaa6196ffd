import type { EpochMillis, ExchangeId, MarketEnv } from './market-record.js';

/** Why a paper position was closed. */
export type ExitReason = 'take_profit' | 'stop_loss' | 'max_holding';

/** A paper-trading signal of a strategy (`strategy.signals.v1`); never an order. */
export interface StrategySignal {
  readonly type: 'strategy_signal';
  readonly signalId: string;
  readonly strategy: string;
  readonly action: 'ENTRY' | 'EXIT';
  readonly exitReason?: ExitReason;
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly coin: string;
  readonly quote: string;
  readonly env: MarketEnv;
  /** Paper fill price. */
  readonly price: number;
  readonly entryPrice?: number;
  readonly entryTs?: EpochMillis;
  /** Entry: rise over the window, percent. */
  readonly risePct?: number;
  /** Entry: buy volume / volume over the window. */
  readonly buyRatio?: number;
  /** Exit: paper P&L, percent of the entry price. */
  readonly pnlPct?: number;
  readonly holdingMs?: number;
  readonly reason: string;
  readonly ts: EpochMillis;
  /** The instrument the signal is about when the price's own base-quote is not it (see `MarketRecordBase.instrument`). */
  readonly instrument?: string;
}
