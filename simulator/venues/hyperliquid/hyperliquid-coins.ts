import type { SimMarketSymbol } from '../../sim-listing.js';
import { START_PRICES } from '../../simulated-market.js';
import { hlPriceDecimals, hlSizeDecimals } from './hyperliquid-numbers.js';

/**
 * How Hyperliquid names a perpetual: its coin (`BTC`), a coin counted in thousands with a `k` before
 * it (`kPEPE` is a thousand PEPE; the pipeline's base `1000PEPE`, as Bybit and Binance list
 * `1000PEPEUSDT`; tardis-dev/tardis-node#59). Every perpetual is margined in USDC: the quote is not
 * written.
 */
export function hyperliquidCoinOf(base: string): string {
  return /^1000[A-Z]/.test(base) ? `k${base.slice(4)}` : base;
}

/** The thousand-unit coin the simulator lists beside the coins mode's coins unless told not to (`kPEPE`). */
export const THOUSAND_PEPE = { coin: '1000PEPE', symbol: 'kPEPE' } as const;

/** A coin listed and delisted at the start, so that the list holds one with `isDelisted: true` (the simulator's choice of name). */
export const DELISTED_COIN = 'FTM';

/** A perpetual's mean trade size in USDC unless its instrument has one (the simulator's choice, as `perpetualSymbols`'s). */
const TRADE_NOTIONAL = 2_000;

/** A base's start price: its own, the well-known coin's, a thousand of a well-known coin's for a `1000` base, else 100. */
function startPrice(instrument: SimMarketSymbol): number {
  const { coin } = instrument;
  const single = coin.startsWith('1000') ? START_PRICES[coin.slice(4)] : undefined;
  return instrument.price ?? START_PRICES[coin] ?? (single === undefined ? 100 : single * 1000);
}

/**
 * The venue's perpetuals over the instruments it is given (the coins mode's, at USDC), plus `kPEPE`
 * when `withThousandPepe` and the list is not empty (a generated universe lists nothing here): each
 * at its start price, with Hyperliquid's size decimals and its five-significant-figure price
 * decimals (`hlSizeDecimals`, `hlPriceDecimals`), trading in whole lots worth about 2,000 USDC.
 */
export function hyperliquidCoins(instruments: readonly SimMarketSymbol[], withThousandPepe: boolean): SimMarketSymbol[] {
  const listed = [...instruments];
  if (withThousandPepe && listed.length > 0 && !listed.some((i) => i.coin === THOUSAND_PEPE.coin))
    listed.push({ symbol: THOUSAND_PEPE.symbol, coin: THOUSAND_PEPE.coin, quote: 'USDC' });
  return listed.map((instrument) => hyperliquidCoin(instrument));
}

/** One instrument as the venue lists it (see `hyperliquidCoins`). */
export function hyperliquidCoin(instrument: SimMarketSymbol): SimMarketSymbol {
  const price = startPrice(instrument);
  const sizeDecimals = hlSizeDecimals(price);
  return {
    ...instrument,
    price,
    sizeDecimals,
    priceDecimals: hlPriceDecimals(price, sizeDecimals),
    tradeNotional: instrument.tradeNotional ?? TRADE_NOTIONAL,
  };
}
