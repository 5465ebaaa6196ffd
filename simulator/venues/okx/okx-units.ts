import { roundedDecimal, scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/**
 * How OKX writes a price: the instrument's tick, without trailing zeros, as every recorded frame
 * does (`"30244"`, `"30243.5"`, okx-books.ndjson; `"0.00000062"` sizes, okx-tickers.ndjson).
 */
export function okxPrice(value: number, decimals: number): string {
  return trimmedDecimal(roundedDecimal(value, decimals));
}

/**
 * The simulator's quantities (base units at the instrument's lot decimals, what its market makes and
 * its tape keeps) as OKX writes them: on spot the base quantity itself; on swaps contracts of `ctVal`
 * base (`sz`, book sizes, `oi`, `vol24h`: "number of contracts for derivatives", okx docs-v5
 * `#order-book-trading-market-data-ws-order-book-channel`). Contract values are powers of ten
 * (every one of the recorded instruments answer is), so that `base / ctVal` is exact: the lots of
 * `10^-sizeDecimals` base written with `sizeDecimals + log10(ctVal)` decimals.
 */
export class OkxUnits {
  private readonly shifts = new Map<string, { readonly sizeDecimals: number; readonly shift: number }>();

  /** `ctValExponent(symbol)`: `log10(ctVal)` of a swap (`-2` for 0.01 BTC), 0 on spot. */
  constructor(
    private readonly market: SimulatedMarket,
    private readonly ctValExponent: (symbol: string) => number = () => 0,
  ) {}

  /** Base units per written unit: 1 on spot, `ctVal` on swaps. */
  perUnit(symbol: string): number {
    return 10 ** this.ctValExponent(symbol);
  }

  /** `quantity` base units of `symbol` (a multiple of its lot) as written. */
  size(symbol: string, quantity: number): string {
    return this.lots(symbol, this.lotCount(symbol, quantity));
  }

  /** How many lots of `symbol` `quantity` base units are (rounded to a whole lot). */
  lotCount(symbol: string, quantity: number): number {
    return Math.max(0, Math.round(quantity * 10 ** this.of(symbol).sizeDecimals));
  }

  /** `lots` lots of `symbol` (a book level's size) as written; 0 is `"0"`. */
  lots(symbol: string, lots: number): string {
    const { shift } = this.of(symbol);
    if (lots === 0) return '0';
    return shift >= 0 ? trimmedDecimal(scaledDecimal(lots, shift)) : String(lots * 10 ** -shift);
  }

  /** The decimals of `symbol`'s lot in base units (its listing's). */
  baseDecimals(symbol: string): number {
    return this.of(symbol).sizeDecimals;
  }

  /** The decimals a written size of `symbol` can have (its lot in written units). */
  decimals(symbol: string): number {
    return Math.max(0, this.of(symbol).shift);
  }

  private of(symbol: string): { readonly sizeDecimals: number; readonly shift: number } {
    let found = this.shifts.get(symbol);
    if (found === undefined) {
      const sizeDecimals = this.market.listing(symbol)?.sizeDecimals ?? 6;
      found = { sizeDecimals, shift: sizeDecimals + this.ctValExponent(symbol) };
      this.shifts.set(symbol, found);
    }
    return found;
  }
}
