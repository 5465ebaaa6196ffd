import type { SymbolParts } from '../split-symbol.js';

/**
 * The asset every Hyperliquid perpetual of the first perp dex is margined and settled in (docs "Info
 * endpoint > Perpetuals": the `meta` universe; "Notation": `Ntl` is the USD(C) amount `px * sz`).
 */
export const HYPERLIQUID_QUOTE = 'USDC';

/**
 * A coin quoted in thousands of its token: `kPEPE` is 1,000 PEPE (its price is that of 1,000 PEPE, its
 * sizes are counted in thousands), the unit Bybit and Binance list as `1000PEPEUSDT` (tardis-node's
 * `KILO_SYMBOLS`; tardis-node#59). A lower-case `k` before the token's upper-case name.
 */
const THOUSANDS = /^k([A-Z0-9]+)$/;

/** The base of such a coin as the other venues name it: `1000PEPE`. */
const THOUSANDS_BASE = /^1000([A-Z0-9]+)$/;

/**
 * The base asset a coin stands for, upper case: `BTC` is BTC, `kPEPE` is `1000PEPE` (sizes as the wire
 * gives them, in thousands).
 */
export function hyperliquidBaseOf(coin: string): string {
  const thousands = THOUSANDS.exec(coin)?.[1];
  return thousands === undefined ? coin.toUpperCase() : `1000${thousands}`;
}

/** The coin of a base asset, as the socket and `/info` name it: `BTC` for BTC, `kPEPE` for `1000PEPE`. */
export function hyperliquidCoinOf(base: string): string {
  const upper = base.toUpperCase();
  const token = THOUSANDS_BASE.exec(upper)?.[1];
  return token === undefined ? upper : `k${token}`;
}

/**
 * Why a coin is none of the perpetuals this venue follows, or `undefined` for one that may be: a
 * builder-deployed perpetual (HIP-3) is named `dex:COIN`, a spot pair `@107` or `PURR/USDC` (docs "Asset
 * IDs", "Info endpoint": "Perpetuals vs Spot"). Only the first perp dex's list (`{"type":"meta"}`) is read.
 */
export function unlistedCoinProblem(coin: string): string | undefined {
  if (coin.includes(':')) return `${JSON.stringify(coin)} is a builder-deployed perpetual (HIP-3), not listed here`;
  if (coin.startsWith('@') || coin.includes('/')) return `${JSON.stringify(coin)} is a spot pair, not listed here`;
  return /^[A-Za-z0-9]+$/.test(coin) ? undefined : `${JSON.stringify(coin)} is not a coin of the perpetuals list`;
}

/**
 * A perpetual's base and quote without the list at hand (`normalize`, a replay): every coin of the
 * first perp dex is margined in USDC, so `BTC` is BTC and USDC, `kPEPE` 1000PEPE and USDC; a name no
 * perpetual of that list has (`dex:COIN`, `@107`) is not split.
 */
export function splitHyperliquidSymbol(symbol: string): SymbolParts | undefined {
  return unlistedCoinProblem(symbol) === undefined ? { coin: hyperliquidBaseOf(symbol), quote: HYPERLIQUID_QUOTE } : undefined;
}
