import { roundedDecimal, scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** Bitget's instrument types the simulator serves (docs "Websocket API", Subscribe: `instType` SPOT, USDT-FUTURES). */
export type BitgetInstType = 'SPOT' | 'USDT-FUTURES';

/**
 * How Bitget writes an instrument's prices and sizes, as recorded: prices at the instrument's tick
 * with their trailing zeros (`"0.09707"`, `"0.5420"`, bitget-books.ndjson, bitget-futures-books.ndjson);
 * spot sizes at the pair's lot with their zeros (`"1600.00"`, `"1.16460"`, bitget-books1.ndjson),
 * USDT-M sizes without them (`"51"`, `"0.0727"`, bitget-futures-books.ndjson, bitget-futures-trade.ndjson).
 * Sizes are the base coin on both markets.
 */
export class BitgetUnits {
  constructor(
    private readonly market: SimulatedMarket,
    readonly instType: BitgetInstType,
  ) {}

  /** A price of `symbol` (a number on its tick) as written. */
  price(value: number, decimals: number): string {
    return roundedDecimal(value, decimals);
  }

  /** `quantity` base units of `symbol` (a multiple of its lot) as written. */
  size(symbol: string, quantity: number): string {
    return this.lots(symbol, Math.max(0, Math.round(quantity * 10 ** this.sizeDecimals(symbol))));
  }

  /** `lots` lots of `symbol` (a book level's size) as written; 0 is `"0"` (a level deleted). */
  lots(symbol: string, lots: number): string {
    if (lots === 0) return '0';
    const text = scaledDecimal(lots, this.sizeDecimals(symbol));
    return this.instType === 'SPOT' ? text : trimmedDecimal(text);
  }

  /** The decimals of `symbol`'s lot (its listing's). */
  sizeDecimals(symbol: string): number {
    return this.market.listing(symbol)?.sizeDecimals ?? 6;
  }
}

/** A figure that is no price or size (a volume, a rate) with at most `decimals` decimals and no trailing zeros. */
export function bitgetFigure(value: number, decimals: number): string {
  const text = trimmedDecimal(value.toFixed(decimals));
  return text === '-0' ? '0' : text;
}
