import type { MarketRecordBase } from './market-record.js';

/** A 24 h ticker update: the last traded price and the rolling day's figures. */
export interface PriceTick extends MarketRecordBase {
  readonly type: 'price_tick';
  /** Last traded price. */
  readonly price: number;
  readonly open24h?: number;
  readonly high24h?: number;
  readonly low24h?: number;
  /** 24 h volume in the base asset. */
  readonly volume24h?: number;
  /** 24 h turnover in the quote asset. */
  readonly turnover24h?: number;
  /** 24 h change in percent (Bybit's fraction times 100; computed from open when absent). */
  readonly change24hPct?: number;
}
