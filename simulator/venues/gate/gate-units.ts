import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { roundedDecimal, scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimMarketSymbol } from '../../sim-listing.js';
import { START_PRICES, type SimulatedMarket } from '../../simulated-market.js';

/** Gate's two markets the simulator serves: spot pairs and USDT-settled futures. */
export type GateMarket = 'spot' | 'futures';

/**
 * `log10(quanto_multiplier)` of the contracts whose value our sources give (docs "Contract",
 * FX gate-futures-tickers line 3: BTC_USDT 0.0001 BTC, 658216984 contracts x 0.0001 = 65,821.7 BTC;
 * ETH_USDT 0.01, SOL_USDT 1).
 */
const RECORDED_QUANTO_EXPONENTS: Readonly<Record<string, number>> = { BTC: -4, ETH: -2, SOL: 0 };

/** The worth of one contract the simulator aims at for a coin our sources do not give: a few USD (the simulator's choice). */
const CONTRACT_USD = 5;

/**
 * A contract's value as a power of ten of its coin: the recorded one, else the power of ten nearest
 * to `CONTRACT_USD` at `price`, at most one coin (the simulator's market sizes in whole lots of at
 * least `10^0`, so a contract is never more than a coin here).
 */
export function gateQuantoExponent(coin: string, price: number): number {
  return RECORDED_QUANTO_EXPONENTS[coin] ?? Math.min(0, Math.round(Math.log10(CONTRACT_USD / Math.max(price, 1e-12))));
}

/**
 * The instruments as Gate's USDT futures: perpetual contracts (`perpetualSymbols`: trades worth about
 * 2,000 quote) whose lot is one contract, `quanto_multiplier` coins (BTC 0.0001), so that every trade,
 * book level, touch size and open interest the market makes is a whole number of contracts: what Gate
 * writes is exactly what the tape keeps.
 */
export function gateFuturesSymbols(instruments: readonly SimMarketSymbol[]): SimMarketSymbol[] {
  return perpetualSymbols(instruments).map((instrument) => {
    const exponent = gateQuantoExponent(instrument.coin, instrument.price ?? START_PRICES[instrument.coin] ?? 100);
    return { ...instrument, sizeDecimals: Math.max(0, -exponent) };
  });
}

/**
 * How Gate writes an instrument's prices and sizes: prices at the instrument's tick without trailing
 * zeros (`"64043.9"`, `"0.00000644"`, gate-tickers.ndjson, gate-trades.ndjson); spot sizes in the coin
 * without trailing zeros (`"89.238"`, `"0.5124"`); futures sizes whole contracts as JSON numbers
 * (`"size":2000`, `{"p":"0.2941","s":562}`, gate-futures-trades.ndjson, gate-futures-order_book_update.ndjson).
 */
export class GateUnits {
  constructor(
    private readonly market: SimulatedMarket,
    readonly kind: GateMarket,
  ) {}

  /** A price (a number on its tick) as written. */
  price(value: number, decimals: number): string {
    return trimmedDecimal(roundedDecimal(value, decimals));
  }

  /** The decimals of `symbol`'s lot (its listing's): on futures, `-log10(quanto_multiplier)`. */
  sizeDecimals(symbol: string): number {
    return this.market.listing(symbol)?.sizeDecimals ?? 6;
  }

  /** Whole lots of `symbol` in a base quantity (a multiple of its lot). */
  lotCount(symbol: string, quantity: number): number {
    return Math.max(0, Math.round(quantity * 10 ** this.sizeDecimals(symbol)));
  }

  /** A spot quantity (base coin, a multiple of the lot) as written: `"0.5124"`, `"0"` for none. */
  coin(symbol: string, quantity: number): string {
    return this.lots(symbol, this.lotCount(symbol, quantity));
  }

  /** `lots` lots of a spot pair as written (a book level's size). */
  lots(symbol: string, lots: number): string {
    return lots === 0 ? '0' : trimmedDecimal(scaledDecimal(lots, this.sizeDecimals(symbol)));
  }

  /** A futures quantity (base coin) as whole contracts: the lot is one contract, so its lots. */
  contracts(symbol: string, quantity: number): number {
    return this.lotCount(symbol, quantity);
  }

  /** A contract's `quanto_multiplier` as Gate writes it (`"0.0001"`): its lot, in the coin. */
  quanto(symbol: string): string {
    return scaledDecimal(1, this.sizeDecimals(symbol));
  }
}

/** A figure that is no price or size (a volume, a rate, a percentage) with at most `decimals` decimals and no trailing zeros. */
export function gateFigure(value: number, decimals: number): string {
  const text = trimmedDecimal(value.toFixed(decimals));
  return text === '-0' ? '0' : text;
}
