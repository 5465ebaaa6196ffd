import type { MapperContext } from '../mapper-context.js';
import type { BinanceOptionFrame } from './binance-option-frames.js';

/**
 * Binance prices and sizes an option per contract of `unit` coins (exchangeInfo `optionSymbols[].unit`:
 * "the quantity of the underlying asset represented by a single contract"; 1 for BTC and ETH, 100 for
 * XRP: the recorded XRP-251219-2.05-P is marked 19.0314, Black-Scholes' 0.1903 per XRP at its `vo`, `i`
 * and expiry, times 100), while its greeks are per coin already (that entry's delta -0.5621 is N(d1) - 1).
 * The records are per coin, as Deribit's: a price is divided by the unit, a size (a quote's, a trade's,
 * an open interest) multiplied by it. The unit comes from the option's listing (`SymbolParts.contractValue`).
 */
export function binanceOptionUnitOf(symbol: string, context: MapperContext): number | undefined {
  return context.partsOf(symbol)?.contractValue;
}

/** A price per contract as a price per coin, rounded to 15 significant digits so that binary noise never reaches the record. */
export function perCoin(price: number, unit: number): number {
  return unit === 1 ? price : Number((price / unit).toPrecision(15));
}

/** A size in contracts as a size in the coin, rounded alike. */
export function inCoins(contracts: number, unit: number): number {
  return unit === 1 ? contracts : Number((contracts * unit).toPrecision(15));
}

/**
 * Why a frame cannot be mapped: an option it carries that this socket follows has no known unit (its
 * listing unread: `normalize` or a replay without `--listings`), so its prices and sizes would be
 * published per contract; `undefined` when every one can be read. Live, every followed option is
 * listed with its unit; without a list every option lacks one and each frame of prices or sizes is refused.
 */
export function binanceOptionUnitRefusal(frame: BinanceOptionFrame, context: MapperContext): string | undefined {
  const symbols = symbolsOf(frame);
  const missing = symbols.find((s) => (context.follows?.(s) ?? true) && context.partsOf(s) !== undefined && binanceOptionUnitOf(s, context) === undefined);
  return missing === undefined ? undefined : `${missing}: contract unit unknown (its listing unread), its prices and sizes are per contract: not published`;
}

function symbolsOf(frame: BinanceOptionFrame): readonly string[] {
  switch (frame.kind) {
    case 'option_trade':
      return [frame.s];
    case 'option_ticker':
      return frame.mark === undefined && frame.c === undefined ? [] : [frame.s];
    case 'option_mark':
    case 'option_interest':
      return frame.entries.map((entry) => entry.s);
    default:
      return [];
  }
}
