import type { EpochMillis, Side } from '../model/index.js';

/** A coin's recent prices and trades, oldest first, within the rule's window. */
export interface PriceWindow {
  readonly prices: readonly { readonly ts: EpochMillis; readonly price: number }[];
  readonly trades: readonly { readonly ts: EpochMillis; readonly quantity: number; readonly side: Side }[];
}

export const EMPTY_WINDOW: PriceWindow = { prices: [], trades: [] };

/** The window with a price (and a trade, when given) added and everything older than `windowMs` before `ts` dropped. */
export function addToWindow(
  window: PriceWindow,
  ts: EpochMillis,
  price: number,
  windowMs: number,
  trade?: { readonly quantity: number; readonly side: Side },
): PriceWindow {
  const from = ts - windowMs;
  const prices = [...window.prices.filter((p) => p.ts >= from), { ts, price }];
  const trades = trade === undefined ? window.trades.filter((t) => t.ts >= from) : [...window.trades.filter((t) => t.ts >= from), { ts, ...trade }];
  return { prices, trades };
}

/** Rise of the latest price over the window's lowest price, percent, with the trades' buy ratio. */
export function windowMove(window: PriceWindow): { readonly risePct: number; readonly buyRatio: number | undefined; readonly trades: number } {
  const last = window.prices[window.prices.length - 1];
  const low = Math.min(...window.prices.map((p) => p.price));
  const risePct = last === undefined || !(low > 0) ? 0 : ((last.price - low) / low) * 100;
  let volume = 0;
  let buyVolume = 0;
  for (const trade of window.trades) {
    volume += trade.quantity;
    if (trade.side === 'BUY') buyVolume += trade.quantity;
  }
  return { risePct, buyRatio: volume > 0 ? buyVolume / volume : undefined, trades: window.trades.length };
}
