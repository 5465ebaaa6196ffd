import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { SimMarketSymbol } from '../../sim-listing.js';
import { START_PRICES, type SimulatedMarket } from '../../simulated-market.js';
import type { OkxContract } from '../okx/okx-instruments.js';

/**
 * `log10(ctVal)` of the USDT swaps OKX listed, as its instruments answer of 2022-05-13 says (recorded
 * by cryptofeed, `sample_data/OKX.0` @ 57d5f18d, `GET /api/v5/public/instruments?instType=SWAP`;
 * SOURCES-venues-2026.md, "CF"): BTC-USDT-SWAP 0.01 BTC, ETH 0.1, SOL, LTC, DOT, AVAX and LINK 1,
 * NEAR 10, XRP and ADA 100, DOGE and TRX 1000, SHIB 1,000,000.
 */
const RECORDED_CT_VAL_EXPONENTS: Readonly<Record<string, number>> = {
  BTC: -2,
  ETH: -1,
  SOL: 0,
  LTC: 0,
  DOT: 0,
  AVAX: 0,
  LINK: 0,
  NEAR: 1,
  XRP: 2,
  ADA: 2,
  DOGE: 3,
  TRX: 3,
  SHIB: 6,
};

/**
 * A swap's contract value as a power of ten of its base: the recorded one, else (a coin OKX listed
 * later, or a generated one) the power of ten nearest to 100 quote units' worth at `price` (the
 * simulator's rule; it gives the recorded value for most of the recorded coins).
 */
export function ctValExponent(coin: string, price: number): number {
  return RECORDED_CT_VAL_EXPONENTS[coin] ?? Math.round(Math.log10(100 / Math.max(price, 1e-12)));
}

/** The lot of a contract: a hundredth, as the 2026 recorded swap sizes show (`"askSz":"1871.75"`, okx-swap-tickers.ndjson line 3). */
const CONTRACT_LOT_DECIMALS = 2;

/**
 * The instruments as OKX swaps: perpetual contracts (`perpetualSymbols`: trades worth about 2,000
 * quote), each traded in lots of a hundredth of a contract, that is `0.01 × ctVal` base (0.0001 BTC),
 * or a whole base unit where a contract is worth more than 100 units (DOGE: 0.001 contract). The
 * simulator's market and tape count base units; the venue writes them in contracts (`OkxUnits`).
 */
export function okxSwapSymbols(instruments: readonly SimMarketSymbol[]): SimMarketSymbol[] {
  return perpetualSymbols(instruments).map((instrument) => {
    const exponent = ctValExponent(instrument.coin, instrument.price ?? START_PRICES[instrument.coin] ?? 100);
    return { ...instrument, sizeDecimals: Math.max(0, CONTRACT_LOT_DECIMALS - exponent) };
  });
}

/** The maximum leverage written in the instruments list (`lever`): the recorded BTC-USDT-SWAP's, "125" (2022-05-13). */
const LEVER = '125';

/** The swaps' contract values by symbol, fixed at an instrument's first use (its listing price). */
export class OkxSwapContracts {
  private readonly exponents = new Map<string, number>();

  constructor(private readonly market: SimulatedMarket) {}

  /** `log10(ctVal)` of `symbol`. */
  exponent(symbol: string): number {
    let found = this.exponents.get(symbol);
    if (found === undefined) {
      const listing = this.market.listing(symbol);
      const state = this.market.state(symbol);
      found = ctValExponent(listing?.base ?? '', state?.open ?? 0);
      this.exponents.set(symbol, found);
    }
    return found;
  }

  /** `ctVal` as OKX writes it (`"0.01"`, `"1000"`). */
  ctVal(symbol: string): string {
    const exponent = this.exponent(symbol);
    return exponent >= 0 ? String(10 ** exponent) : scaledDecimal(1, -exponent);
  }

  /** The contract fields of `symbol`'s instruments entry. */
  contract(symbol: string): OkxContract {
    return { ctVal: this.ctVal(symbol), lever: LEVER };
  }
}
