import type { SimMarketSymbol } from '../../sim-listing.js';
import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';

/** A COIN-M contract's value in USD (`contractSize` in `exchangeInfo`): 100 for BTC, 10 for every other coin. */
export function coinmContractUsd(coin: string): number {
  return coin === 'BTC' ? 100 : 10;
}

/** Whole contracts of `contractUsd` a base quantity is at `price` (at least one when there is any; none for none). */
export function contractsOf(base: number, price: number, contractUsd: number): number {
  return base <= 0 ? 0 : Math.max(1, Math.round((base * price) / contractUsd));
}

/** The pair a COIN-M symbol belongs to (`ps`): `BTCUSD` for `BTCUSD_PERP` and `BTCUSD_261225`. */
export const pairOf = (symbol: string): string => symbol.split('_')[0] ?? symbol;

/** Whether a COIN-M symbol is a perpetual (`..._PERP`) rather than a dated contract. */
export const isPerpetual = (symbol: string): boolean => symbol.endsWith('_PERP');

/** A quarterly's COIN-M symbol: `BTCUSD_261225` for the pair `BTCUSD` delivered on 2026-12-25. */
export function quarterlySymbol(pair: string, delivery: number): string {
  const date = new Date(delivery);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${pair}_${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/**
 * The instruments as COIN-M contracts: each coin's perpetual (`BTCUSD_PERP`, the coins mode's symbol) and
 * the first coin's quarterly delivered at `delivery` (`BTCUSD_261225`), priced as the perpetual's, each
 * trading whole contracts of `coinmContractUsd` (`SimMarketSymbol.contractValue`: a trade's base quantity is
 * exactly `contracts * value / price`), lots and trade sizes as the other perpetual venues'.
 */
export function coinmSymbols(instruments: readonly SimMarketSymbol[], delivery: number): SimMarketSymbol[] {
  const contracts = perpetualSymbols(instruments).map((symbol) => ({ ...symbol, contractValue: coinmContractUsd(symbol.coin) }));
  const first = contracts[0];
  return first === undefined ? contracts : [...contracts, { ...first, symbol: quarterlySymbol(pairOf(first.symbol), delivery), tradesPerSecond: 1 }];
}
