import type { EpochMillis, MarketRecordBase } from './market-record.js';

/**
 * Where a derivative ticker's open interest was read: `stream` when the venue pushes it (Bybit
 * `tickers`), `poll` when it was asked for over REST (Binance USD-M `GET /fapi/v1/openInterest`,
 * which has no stream).
 */
export type OpenInterestSource = 'stream' | 'poll';

/**
 * A perpetual's state as the venue last told it: mark and index prices, the funding rate that applies
 * at `nextFundingTs`, and open interest with its own time and source. One record per venue update
 * (Bybit `tickers` every 100 ms, Binance `markPrice@1s`, an open-interest poll); a field the venue has
 * not sent on this connection yet is absent, and each record carries every value known so far.
 */
export interface DerivativeTicker extends MarketRecordBase {
  readonly type: 'derivative_ticker';
  readonly markPrice?: number;
  readonly indexPrice?: number;
  /** The funding rate of the current interval, a fraction (0.0001 = 0.01 %). */
  readonly fundingRate?: number;
  /** When that rate is next applied. */
  readonly nextFundingTs?: EpochMillis;
  /** Open interest in the base asset (contracts of one coin). */
  readonly openInterest?: number;
  /** Open interest in the quote asset, when the venue sends it. */
  readonly openInterestValue?: number;
  /** The venue's time of the open interest figure (a poll's answer time, a stream frame's time). */
  readonly openInterestTs?: EpochMillis;
  readonly openInterestSource?: OpenInterestSource;
  /** The last traded price, when the same update carries it. */
  readonly lastPrice?: number;
}

/** The values a derivative ticker carries beside its provenance, each optional. */
export const DERIVATIVE_TICKER_VALUES = [
  'markPrice',
  'indexPrice',
  'fundingRate',
  'nextFundingTs',
  'openInterest',
  'openInterestValue',
  'openInterestTs',
  'openInterestSource',
  'lastPrice',
] as const;

/** A derivative ticker's values alone (what a venue last gave of each). */
export type DerivativeTickerValues = Partial<Pick<DerivativeTicker, (typeof DERIVATIVE_TICKER_VALUES)[number]>>;
