import { PriceGrid } from '../../price-grid.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { BoardOption } from '../../options/board-option.js';
import { expiryCode } from '../deribit/deribit-instruments.js';

/**
 * One coin's options on Bybit: USDT-settled, priced in USDT, sized in the coin. BTC's figures are the
 * documented example's (market/instrument.mdx, Option: `tickSize` 5, `minPrice` 5, `maxPrice` 1110000,
 * `qtyStep` and `minOrderQty` 0.01, `maxOrderQty` 500, `deliveryFeeRate` 0.00015). ETH's and SOL's are
 * not documented: ticks of 0.1 and 0.01 USDT (every price of the recorded SOL frames,
 * `bybit-option-*.ndjson`, is a whole cent), steps of 0.1 ETH and 1 SOL (the recorded SOL sizes are
 * whole), the largest order and price the simulator's choice.
 */
export interface BybitOptionCoin {
  readonly coin: string;
  /** Price tick, USDT. */
  readonly tick: number;
  /** Decimals of a price. */
  readonly priceDecimals: number;
  /** `priceFilter.maxPrice`. */
  readonly maxPrice: string;
  /** Size step in the coin: `qtyStep` and `minOrderQty`. */
  readonly qtyStep: number;
  /** Decimals of a size. */
  readonly sizeDecimals: number;
  /** `lotSizeFilter.maxOrderQty`. */
  readonly maxOrderQty: string;
}

/** One option Bybit lists: its terms, its coin's figures, and the board's option that prices it. */
export interface BybitOptionTerms {
  readonly symbol: string;
  readonly coin: string;
  readonly figures: BybitOptionCoin;
  readonly expiryTs: number;
  readonly strike: number;
  readonly type: 'call' | 'put';
  /** When it was listed (`launchTime`). */
  readonly launchTs: number;
  /** The board's option (`OptionBoard`): its mark is the board's value of it. */
  readonly option: BoardOption;
}

/** The coins Bybit lists options of (BTC, ETH, SOL); the simulator's other coins have none. */
export const BYBIT_OPTION_COINS: Readonly<Record<string, BybitOptionCoin>> = {
  BTC: { coin: 'BTC', tick: 5, priceDecimals: 0, maxPrice: '1110000', qtyStep: 0.01, sizeDecimals: 2, maxOrderQty: '500' },
  ETH: { coin: 'ETH', tick: 0.1, priceDecimals: 1, maxPrice: '111000', qtyStep: 0.1, sizeDecimals: 1, maxOrderQty: '10000' },
  SOL: { coin: 'SOL', tick: 0.01, priceDecimals: 2, maxPrice: '11000', qtyStep: 1, sizeDecimals: 0, maxOrderQty: '100000' },
};

/** Every option's `deliveryFeeRate` (the documented BTC example's). */
export const BYBIT_OPTION_DELIVERY_FEE_RATE = '0.00015';

/** The price grid of a coin's options. */
export function bybitOptionGrid(figures: BybitOptionCoin): PriceGrid {
  return new PriceGrid(figures.priceDecimals, { size: figures.tick });
}

/** A strike as Bybit writes it: `56000`, `147.5`, `0.4`. */
export function bybitStrike(strike: number): string {
  return String(Number(strike.toPrecision(12)));
}

/**
 * An option's symbol in Bybit's current form, every option USDT-settled (market/instrument.mdx:
 * `BTC-27MAR26-70000-P-USDT`): coin, expiry day (`27NOV26`, `6JAN23`: no leading zero), strike, `C`
 * or `P`, `USDT`.
 */
export function bybitOptionSymbol(coin: string, expiryTs: number, strike: number, type: 'call' | 'put'): string {
  return `${coin}-${expiryCode(expiryTs)}-${bybitStrike(strike)}-${type === 'call' ? 'C' : 'P'}-USDT`;
}

/** An option's `displayName` (market/instrument.mdx: `BTCUSDT-27MAR26-70000-P`). */
export function bybitOptionDisplayName(coin: string, expiryTs: number, strike: number, type: 'call' | 'put'): string {
  return `${coin}USDT-${expiryCode(expiryTs)}-${bybitStrike(strike)}-${type === 'call' ? 'C' : 'P'}`;
}

/** `value` at `decimals` decimals without trailing zeros, never `-0` (`"0.5916"`, `"24465"`, `"0"`). */
export function optionDecimal(value: number, decimals: number): string {
  const text = trimmedDecimal(value.toFixed(decimals));
  return /^-0(\.0*)?$/.test(text) || !Number.isFinite(value) ? '0' : text;
}
