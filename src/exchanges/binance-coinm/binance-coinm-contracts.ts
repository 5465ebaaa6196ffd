import type { MapperContext } from '../mapper-context.js';

/**
 * The base asset of `contracts` COIN-M contracts of `contractSize` USD each at `price`: a COIN-M
 * contract is worth a fixed amount of USD (`contractSize` in `exchangeInfo`: 100 for BTC, 10 for the
 * others), so its coin is that USD over the price it traded at, a level's price, or the mark (ccxt
 * `safeTrade`: an inverse market's cost is `amount * contractSize / price`).
 */
export function coinmBase(contracts: number, contractSize: number, price: number): number {
  return (contracts * contractSize) / price;
}

/** The USD of `contracts` contracts of `contractSize` USD each. */
export function coinmUsd(contracts: number, contractSize: number): number {
  return contracts * contractSize;
}

/** The contract size (USD per contract) of a symbol the context follows, from its listing; undefined when unknown. */
export function contractSizeOf(symbol: string, context: MapperContext): number | undefined {
  return context.partsOf(symbol)?.contractValue;
}
