import type { EpochMillis, MarketRecordBase } from './market-record.js';

/** A call gives the right to buy the underlying at the strike, a put the right to sell. */
export type OptionType = 'call' | 'put';

/**
 * One option's state as the venue last told it (Deribit `ticker.{instrument}.{interval}`): its quotes with
 * their implied volatilities, its mark price and mark IV, the five greeks and its open interest, as the venue
 * computed them, passed through unchanged. The record's `instrument` is the canonical option
 * (`BTC-USD-20261226-100000-C`: underlying, strike currency, expiry day, strike, C or P); `coin` is the
 * underlying and `quote` the currency its prices are in (Deribit's coin-settled options are priced in the
 * coin: `BTC`; its USDC-settled ones in `USDC`).
 *
 * Units, as Deribit documents them (docs.deribit.com, `public/ticker`):
 * - prices (`bestBidPrice`, `bestAskPrice`, `lastPrice`, `markPrice`) in `quote`;
 * - amounts and `openInterest` in contracts of one unit of the underlying (`coin`);
 * - implied volatilities in percent (`markIv` 80.5 is 80.5 % a year);
 * - `delta` per unit of the underlying, `gamma` per unit of the underlying's price, `vega` the price change
 *   for one volatility point, `theta` the price change over one day, `rho` the price change for one
 *   percentage point of the interest rate; the greeks are in the underlying's price currency (USD).
 * A value the venue sent as null, or a quote of zero size (Deribit's empty side: price, amount and IV all 0),
 * is absent.
 */
export interface OptionSummary extends MarketRecordBase {
  readonly type: 'option_summary';
  readonly optionType: OptionType;
  /** Strike, in the underlying's price currency (USD). */
  readonly strike: number;
  /** When the option expires (Deribit: 08:00 UTC of its expiry day). */
  readonly expiryTs: EpochMillis;
  readonly bestBidPrice?: number;
  readonly bestBidAmount?: number;
  /** Implied volatility of the best bid, percent. */
  readonly bestBidIv?: number;
  readonly bestAskPrice?: number;
  readonly bestAskAmount?: number;
  /** Implied volatility of the best ask, percent. */
  readonly bestAskIv?: number;
  readonly lastPrice?: number;
  readonly markPrice: number;
  /** Implied volatility of the mark price, percent. */
  readonly markIv: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  /** NaN where the venue sends none (Bybit, OKX, Binance): the record's `double` cannot be null without breaking its readers. */
  readonly rho: number;
  /** The underlying's price the greeks were computed at (USD); NaN where the venue sent none (OKX before it sent `fwdPx`; Binance's 2023 `@ticker`). */
  readonly underlyingPrice: number;
  /** What the underlying is: the dated future of the expiry (`BTC-26DEC26`) or the index when none (`SYN.BTC-26DEC26`, `index_price`). */
  readonly underlyingIndex: string;
  /** The index price at the same time (USD). */
  readonly indexPrice?: number;
  /** Open interest in contracts of one unit of the underlying. */
  readonly openInterest?: number;
  /** The interest rate the venue priced with, percent. */
  readonly interestRate?: number;
}
