import type { OptionChain } from '../../options/option-chains.js';
import { PriceGrid, type PriceTick } from '../../price-grid.js';

/** The contract size of an inverse future, USD (docs.deribit.com "Contract specifications"; `contract_size` 10 and 1 in `deribit-get_instruments.ndjson`). */
export const CONTRACT_USD: Readonly<Record<string, number>> = { BTC: 10, ETH: 1 };
/**
 * Tick sizes of the futures: BTC 0.5 (every BTC-PERPETUAL price of the recorded `deribit-book.ndjson`,
 * `deribit-trades.ndjson` and `deribit-ticker.ndjson` is a whole half dollar; `tick_size` 0.5 in
 * `get_instruments` as nautilus_trader's Deribit HTTP tests mock it), ETH 0.05 (`tick_size` 0.05 of
 * every ETH future in the recorded `deribit-get_instruments.ndjson`). Every trade price, book level
 * and best bid/ask sits on it.
 */
export const FUTURE_TICK: Readonly<Record<string, number>> = { BTC: 0.5, ETH: 0.05 };
/**
 * The tick of the coin-settled (BTC and ETH) options: 0.0001 up to 0.005, 0.0005 above (support.deribit.com
 * "6 July 2023 (TS)": `tick_size` 0.0001 and `tick_size_steps` `[{above_price: 0.005, tick_size: 0.0005}]`
 * in `get_instruments`; the recorded 2021 list predates it: a flat 0.0005 and no steps). USDC-settled
 * options: 0.01 (the simulator's choice). Bid, ask and trade prices sit on it; a mark keeps 8 decimals.
 */
export const COIN_OPTION_TICK: PriceTick = { size: 0.0001, steps: [{ abovePrice: 0.005, size: 0.0005 }] };
const USDC_OPTION_TICK: PriceTick = { size: 0.01 };
const OPTION_GRIDS = { coin: new PriceGrid(4, COIN_OPTION_TICK), usdc: new PriceGrid(2, USDC_OPTION_TICK) } as const;
const FUTURE_GRIDS = new Map(Object.entries(FUTURE_TICK).map(([coin, tick]) => [coin, new PriceGrid(tick < 0.1 ? 2 : 1, { size: tick })]));

/** The price grid of an option (its chain's settlement) or of a coin's futures. */
export function optionGrid(chain: Pick<OptionChain, 'settlement'>): PriceGrid {
  return OPTION_GRIDS[chain.settlement];
}
export function futureGrid(coin: string): PriceGrid {
  return FUTURE_GRIDS.get(coin) ?? (FUTURE_GRIDS.get('BTC') as PriceGrid);
}
