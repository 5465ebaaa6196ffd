import type { EpochMillis, ExchangeId, MarketEnv } from './market-record.js';

/** Buy/sell flow class by buy-volume ratio: > 0.70, > 0.55, between, < 0.45, < 0.30. */
export type Flow = 'STRONG_BUY' | 'BUY' | 'NEUTRAL' | 'SELL' | 'STRONG_SELL';

/** Statistics of one symbol's trades over one tumbling window `[windowStart, windowEnd)`. */
export interface WindowStats {
  readonly type: 'window_stats';
  /** The venue of the window's last trade (or the active venue for an empty window). */
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly coin: string;
  readonly quote: string;
  readonly env: MarketEnv;
  readonly windowMs: number;
  readonly windowStart: EpochMillis;
  readonly windowEnd: EpochMillis;
  /** Prices are absent for a window without trades. */
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  /** Base volume. */
  readonly volume: number;
  /** Quote volume: sum of price times quantity. */
  readonly quoteVolume: number;
  /** Volume-weighted average price, absent without trades. */
  readonly vwap?: number;
  readonly tradeCount: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  /** buyVolume / volume, absent without volume. */
  readonly buyRatio?: number;
  readonly flow: Flow;
  readonly largeTradeCount: number;
  /** False when the window overlaps a stale period, a failover or a gap, or was cut by shutdown. */
  readonly complete: boolean;
  /** The instrument the window is published under when the symbol's own base-quote is not it (see `MarketRecordBase.instrument`). */
  readonly instrument?: string;
}
