import type { PriceGrid } from '../price-grid.js';
import { black76 } from './black76.js';

const DAY_MS = 86_400_000;

/**
 * The default rate of option trades a chain (BTC's, ETH's; SOL's a tenth of it), a minute, on each
 * venue: one a second, so a test of a minute sees about 120 option trades over BTC and ETH (the
 * simulator's choice; a real chain trades more in busy hours and less at night).
 */
export const DEFAULT_OPTION_TRADES_PER_MINUTE = 60;

/** What an option's best bid and ask are priced from: its terms and its mark's forward, time to expiry and volatility. */
export interface QuoteInputs {
  readonly type: 'call' | 'put';
  readonly strike: number;
  readonly settlement: 'coin' | 'usdc';
  readonly forward: number;
  readonly years: number;
  readonly vol: number;
}

/** An option's best bid and ask as quoted (in the coin or USDC); a bid of 0 when none rounds above nothing. */
export interface OptionTouch {
  readonly bid: number;
  readonly ask: number;
}

/**
 * The best bid and ask of an option: its Black-76 price at the mark's volatility less and plus
 * `spreadVol` (a venue's own spread around the shared mark: 0.02 is 2 points), rounded down and up to
 * the venue's tick (`grid`), in the coin for coin-settled options (USD value / forward), in USDC
 * otherwise; the bid 0 when it rounds to nothing, the ask at least one tick.
 */
export function optionTouch(inputs: QuoteInputs, grid: PriceGrid, spreadVol: number): OptionTouch {
  const { type, strike, forward, years } = inputs;
  const quoted = (vol: number): number => {
    const usd = black76({ type, forward, strike, years, vol }).price;
    return inputs.settlement === 'coin' ? usd / forward : usd;
  };
  const bid = Math.max(0, grid.floor(quoted(Math.max(0.01, inputs.vol - spreadVol))));
  const ask = Math.max(grid.unit, grid.ceil(quoted(inputs.vol + spreadVol)));
  return { bid, ask };
}

/** A floor on an option's flow weight, so that a deep out-of-the-money option still trades now and then. */
const FLOW_FLOOR = 0.02;

/**
 * An option's share of its chain's trades, before the chain's weights are summed: higher near the
 * money and near expiry, as real flow is ("An Analysis of the Deribit Bitcoin Options Market in 2019",
 * coingenius.news: traded volume is highest where both strike moneyness and time moneyness are high).
 * A bell in standard deviations of the forward to expiry, `ln(K/F) / (σ √T)` (T at least a day),
 * plus a floor, over `√(days + 1)`.
 */
export function flowWeight(option: { readonly strike: number; readonly expiryTs: number }, forward: number, vol: number, now: number): number {
  const days = Math.max(0, option.expiryTs - now) / DAY_MS;
  const z = Math.log(option.strike / forward) / (vol * Math.sqrt(Math.max(days, 1) / 365));
  return (Math.exp(-0.5 * z * z) + FLOW_FLOOR) / Math.sqrt(days + 1);
}

/** How a venue sizes its option trades: whole lots of `1 / lotsPerCoin` of the coin, from 1 to `maxLots`. */
export interface OptionLots {
  /** Lots in one coin: 10 for Deribit's 0.1, 100 for OKX's BTC contracts of 0.01. */
  readonly lotsPerCoin: number;
  readonly maxLots: number;
}

/**
 * One option trade at the touch: a seller hits the bid (none when there is no bid), a buyer lifts the
 * ask, half and half; its amount whole lots from 1 to `lots.maxLots`, mostly small (`r⁴`), in the coin.
 */
export function optionTradeTerms(
  touch: OptionTouch,
  random: () => number,
  lots: OptionLots,
): { readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean } {
  const isBuyerMaker = touch.bid > 0 && random() < 0.5;
  const count = 1 + Math.floor(random() ** 4 * lots.maxLots);
  return { price: isBuyerMaker ? touch.bid : touch.ask, quantity: count / lots.lotsPerCoin, isBuyerMaker };
}
