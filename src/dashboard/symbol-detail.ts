import type { LargeTrade } from '../model/large-trade.js';
import type { TradeEvent } from '../model/trade-event.js';
import type { WindowStats } from '../model/window-stats.js';

/** One line of time and sales. */
export interface SaleLine {
  readonly ts: number;
  readonly exchange: string;
  readonly tradeId: string;
  readonly price: number;
  readonly quantity: number;
  readonly side: 'BUY' | 'SELL';
  /** Set once a large-trade record names this trade: quantity / the rolling mean. */
  readonly largeRatio?: number;
}

/** What the page shows for a chosen coin besides its row: time and sales, windowed stats, the book. */
export interface SymbolDetail {
  readonly sales: readonly SaleLine[];
  /** The latest window of each length, by window length in ms. */
  readonly stats: Readonly<Record<string, WindowStats>>;
  /** The latest book snapshot and book stats records, as decoded (field names of the book topics). */
  readonly book?: Readonly<Record<string, unknown>>;
  readonly bookStats?: Readonly<Record<string, unknown>>;
}

/** Time-and-sales lines kept per coin. */
export const SALES_KEPT = 40;

export const EMPTY_DETAIL: SymbolDetail = { sales: [], stats: {} };

/** Adds a trade at the top of time and sales. */
export function reduceSale(detail: SymbolDetail, trade: TradeEvent): SymbolDetail {
  const line: SaleLine = { ts: trade.exchangeTs, exchange: trade.exchange, tradeId: trade.tradeId, price: trade.price, quantity: trade.quantity, side: trade.side };
  return { ...detail, sales: [line, ...detail.sales.slice(0, SALES_KEPT - 1)] };
}

/** Highlights the trade a large-trade record names (it follows its trade), or adds it when the trade was not seen. */
export function reduceLargeTrade(detail: SymbolDetail, large: LargeTrade): SymbolDetail {
  const at = detail.sales.findIndex((s) => s.tradeId === large.tradeId && s.exchange === large.exchange);
  if (at === -1) {
    const line: SaleLine = { ts: large.exchangeTs, exchange: large.exchange, tradeId: large.tradeId, price: large.price, quantity: large.quantity, side: large.side, largeRatio: large.ratio };
    return { ...detail, sales: [line, ...detail.sales].sort((a, b) => b.ts - a.ts).slice(0, SALES_KEPT) };
  }
  const sales = detail.sales.map((s, i) => (i === at ? { ...s, largeRatio: large.ratio } : s));
  return { ...detail, sales };
}

/** Keeps the latest window of each length. */
export function reduceWindowStats(detail: SymbolDetail, stats: WindowStats): SymbolDetail {
  const previous = detail.stats[String(stats.windowMs)];
  if (previous !== undefined && previous.windowEnd > stats.windowEnd) return detail;
  return { ...detail, stats: { ...detail.stats, [String(stats.windowMs)]: stats } };
}

/** Keeps the latest book snapshot (`book_snapshot`) or book stats (`book_stats`) record. */
export function reduceBook(detail: SymbolDetail, kind: 'book' | 'bookStats', value: Readonly<Record<string, unknown>>): SymbolDetail {
  return { ...detail, [kind]: value };
}
