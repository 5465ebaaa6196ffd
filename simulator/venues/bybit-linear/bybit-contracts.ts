import { roundedDecimal } from '../../scaled-decimal.js';

/**
 * Which of Bybit's v5 derivatives categories a simulated venue plays: its `category` (REST and the
 * answers' `category`), its WebSocket path, and how it writes a size. The two share every frame shape
 * (ticker.mdx, orderbook.mdx and instrument.mdx document them in one "Linear/Inverse" tab):
 * - `linear` (`/v5/public/linear`): sizes in the base asset at the lot step (`"0.004"`);
 * - `inverse` (`/v5/public/inverse`): sizes in USD, whole contracts of 1 USD (`"2500"`; the kline,
 *   open-interest and tickers pages: "Inverse contract: unit is quote coin (e.g., USD)"), and the coin
 *   where linear writes the quote: `turnover` (candles, the day) and `openInterestValue`.
 */
export interface BybitContracts {
  readonly category: 'linear' | 'inverse';
  readonly path: string;
}

/** Bybit v5 linear public data (`wss://stream.bybit.com/v5/public/linear`), `category=linear`. */
export const LINEAR_CONTRACTS: BybitContracts = { category: 'linear', path: '/v5/public/linear' };

/**
 * A base `quantity` at `price` as the category writes a size: linear at `sizeDecimals` decimals;
 * inverse in whole USD, at least one contract for anything above nothing (0 stays `"0"`: a deleted level).
 */
export function bybitSize(contracts: BybitContracts, quantity: number, price: number, sizeDecimals: number): string {
  if (contracts.category === 'linear') return roundedDecimal(quantity, sizeDecimals);
  return quantity === 0 ? '0' : String(Math.max(1, Math.round(quantity * price)));
}
