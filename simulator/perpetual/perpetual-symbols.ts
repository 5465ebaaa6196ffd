import type { SimMarketSymbol } from '../sim-listing.js';
import { START_PRICES } from '../simulated-market.js';

/** A perpetual's mean trade size in quote unless its instrument has one: 2,000 (the simulator's choice). */
const PERPETUAL_TRADE_NOTIONAL = 2_000;

/**
 * The instruments as perpetual contracts: lots sized as the venues size them, about a thousandth of
 * the price's order of magnitude in units (BTC at 65,000: 0.001, as recorded `"v":"0.004"`; ETH
 * 0.01, `"1.30"`; SOL 0.1, `"5.1"`; DOGE 1), and trades in whole lots worth about
 * `PERPETUAL_TRADE_NOTIONAL` in quote. The price's tick is left as the market sets it from the price.
 */
export function perpetualSymbols(instruments: readonly SimMarketSymbol[]): SimMarketSymbol[] {
  return instruments.map((instrument) => {
    const price = instrument.price ?? START_PRICES[instrument.coin] ?? 100;
    const sizeDecimals = Math.min(8, Math.max(0, Math.ceil(Math.log10(price)) - 2));
    return { ...instrument, sizeDecimals, tradeNotional: instrument.tradeNotional ?? PERPETUAL_TRADE_NOTIONAL };
  });
}
