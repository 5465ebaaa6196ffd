import type { BoardOption } from '../../options/board-option.js';
import { PriceGrid } from '../../price-grid.js';
import { trimmedDecimal } from '../../scaled-decimal.js';

/**
 * One coin's options on Binance: USDT-settled, priced in USDT per contract of `unit` coins
 * (exchangeInfo `unit`: "the quantity of the underlying asset represented by a single contract"), so a
 * price is the Black-76 value of one coin times `unit`. The wire writes prices with `wireDecimals`
 * whatever the tick (the recorded BTC `optionTrade` `"p":"1420.000"` on a tick of 5, the recorded ETH
 * `bookTicker` `"b":"5.8000"`) and sizes with `quantityScale` (`"q":"1.54"`, `"B":"38.47"`).
 */
export interface BinanceOptionCoin {
  readonly coin: string;
  /** Coins a contract (1 for BTC and ETH as exchangeInfo's example lists them; SOL's the simulator's choice). */
  readonly unit: number;
  /** `PRICE_FILTER.tickSize`, USDT. */
  readonly tick: number;
  /** exchangeInfo `priceScale`: decimals of the tick. */
  readonly priceScale: number;
  /** Decimals of a price on the streams (3 for BTC, 4 for ETH and SOL, as recorded). */
  readonly wireDecimals: number;
  /** exchangeInfo `quantityScale`; `minQty` and `stepSize` are one step of it. */
  readonly quantityScale: number;
  /** `maxQty`, contracts. */
  readonly maxQty: string;
  /** `PRICE_FILTER.maxPrice`. */
  readonly maxPrice: string;
}

/**
 * The coins Binance lists options of that the simulator's board has: BTC, ETH and SOL (exchangeInfo's
 * `optionContracts`). BTC's tick of 5 is the recorded trades' (every BTC price recorded is a multiple
 * of 5), ETH's 0.1 ccxt's recorded exchangeInfo (`ETH-230224-800-C`: `tickSize` "0.1", `priceScale` 1,
 * `quantityScale` 2); SOL's and the maxima are the simulator's choice.
 */
export const BINANCE_OPTION_COINS: Readonly<Record<string, BinanceOptionCoin>> = {
  BTC: { coin: 'BTC', unit: 1, tick: 5, priceScale: 0, wireDecimals: 3, quantityScale: 2, maxQty: '1000', maxPrice: '1000000' },
  ETH: { coin: 'ETH', unit: 1, tick: 0.1, priceScale: 1, wireDecimals: 4, quantityScale: 2, maxQty: '10000', maxPrice: '100000' },
  SOL: { coin: 'SOL', unit: 1, tick: 0.01, priceScale: 2, wireDecimals: 4, quantityScale: 2, maxQty: '100000', maxPrice: '10000' },
};

/** One option Binance lists: its symbol, coin's figures, and the board's option that prices it. */
export interface BinanceOptionTerms {
  readonly symbol: string;
  readonly figures: BinanceOptionCoin;
  /** The board's option: its coin, expiry, strike, type, and its mark the board's value of it. */
  readonly option: BoardOption;
}

/** The price grid of a coin's options. */
export function binanceOptionGrid(figures: BinanceOptionCoin): PriceGrid {
  return new PriceGrid(figures.priceScale, { size: figures.tick });
}

/** An expiry as Binance writes it in a symbol and a stream: `YYMMDD` of its UTC day (`261127`). */
export function binanceExpiryCode(expiryTs: number): string {
  const date = new Date(expiryTs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/** A strike as Binance writes it in a symbol and `strikePrice`: `56000`, `147.5`, `0.44`. */
export function binanceStrike(strike: number): string {
  return String(Number(strike.toPrecision(12)));
}

/** An option's symbol (`BTC-261127-56000-C`): coin, expiry `YYMMDD`, strike, `C` or `P`. */
export function binanceOptionSymbol(coin: string, expiryTs: number, strike: number, type: 'call' | 'put'): string {
  return `${coin}-${binanceExpiryCode(expiryTs)}-${binanceStrike(strike)}-${type === 'call' ? 'C' : 'P'}`;
}

/** The underlying of a coin's options (`BTCUSDT`), as exchangeInfo and the per-underlying streams name it (lower case there). */
export function binanceUnderlying(coin: string): string {
  return `${coin}USDT`;
}

/** `value` at `decimals` decimals, never `-0` (`"1420.000"`, `"0.00"`). */
export function fixedDecimal(value: number, decimals: number): string {
  const text = (Number.isFinite(value) ? value : 0).toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** `value` at most `decimals` decimals, trailing zeros trimmed (`"770.543"`, `"1249.61"`, `"2.6"`). */
export function trimmedFixed(value: number, decimals: number): string {
  return trimmedDecimal(fixedDecimal(value, decimals));
}
