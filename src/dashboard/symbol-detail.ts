import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker, type DerivativeTickerValues } from '../model/derivative-ticker.js';
import type { FeedStatus } from '../model/feed-status.js';
import type { LargeTrade } from '../model/large-trade.js';
import type { Liquidation, PositionSide } from '../model/liquidation.js';
import type { TradeEvent } from '../model/trade-event.js';
import type { WindowStats } from '../model/window-stats.js';
import { DEFAULT_BOOK_PANEL_CONFIG } from './book-panel.js';

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

/** A perpetual's latest derivative ticker, as the detail shows it (each record carries every value its venue sent so far). */
export interface PerpetualFigures extends DerivativeTickerValues {
  readonly exchange: string;
  readonly ts: number;
}

/** One liquidation of a perpetual, newest first in the detail. */
export interface LiquidationLine {
  readonly ts: number;
  readonly exchange: string;
  readonly positionSide: PositionSide;
  readonly price: number;
  readonly quantity: number;
  /** The venue sends only a sample of its liquidations (Binance USD-M). */
  readonly sampled: boolean;
}

/** What the latest status about the instrument's own symbol says while it lasts (`stale` until recovered, `halted` until resumed, ...). */
export interface SymbolFlag {
  readonly flag: 'stale' | 'halted' | 'delisted' | 'unserved';
  readonly exchange: string;
  readonly reason: string;
  readonly since: number;
}

/** What the page shows for a chosen instrument besides its row: time and sales, windowed stats, the book, its symbol's trouble. */
export interface SymbolDetail {
  readonly sales: readonly SaleLine[];
  /** The latest window of each length, by window length in ms. */
  readonly stats: Readonly<Record<string, WindowStats>>;
  /** The latest book snapshot and book stats records, as decoded (field names of the book topics). */
  readonly book?: Readonly<Record<string, unknown>>;
  readonly bookStats?: Readonly<Record<string, unknown>>;
  readonly flag?: SymbolFlag;
  /** The latest statuses about its symbol (gaps, resyncs, stale and recovered, listed, halted ...), newest first, at most EVENTS_KEPT. */
  readonly events: readonly SymbolEvent[];
  /** A perpetual's mark, index, funding and open interest, from its latest derivative ticker. */
  readonly perpetual?: PerpetualFigures;
  /** A perpetual's latest liquidations, newest first, at most LIQUIDATIONS_KEPT. */
  readonly liquidations?: readonly LiquidationLine[];
}

/** One status about the instrument's symbol, as the detail lists it. */
export interface SymbolEvent {
  readonly ts: number;
  readonly kind: string;
  readonly exchange: string;
  readonly reason: string;
}

/** Symbol statuses kept per instrument. */
export const EVENTS_KEPT = 20;

/** Time-and-sales lines kept per instrument (the page shows 28; a few more for a late large-trade record to find its trade). */
export const SALES_KEPT = 32;

/** Book levels kept a side: what the panel shows and sums for its imbalance, no more (a deep snapshot is not held 2,600 times). */
export const BOOK_LEVELS_KEPT = Math.max(DEFAULT_BOOK_PANEL_CONFIG.levels, DEFAULT_BOOK_PANEL_CONFIG.imbalanceLevels);

/** Liquidations kept per instrument. */
export const LIQUIDATIONS_KEPT = 12;

export const EMPTY_DETAIL: SymbolDetail = { sales: [], stats: {}, events: [] };

/** Adds a trade at the top of time and sales; a trade says an `unserved` instrument is served after all. */
export function reduceSale(detail: SymbolDetail, trade: TradeEvent): SymbolDetail {
  const line: SaleLine = {
    ts: trade.exchangeTs,
    exchange: trade.exchange,
    tradeId: trade.tradeId,
    price: trade.price,
    quantity: trade.quantity,
    side: trade.side,
  };
  const sales = [line, ...detail.sales.slice(0, SALES_KEPT - 1)];
  if (detail.flag?.flag !== 'unserved') return { ...detail, sales };
  const { flag: _served, ...rest } = detail;
  return { ...rest, sales };
}

/** Highlights the trade a large-trade record names (it follows its trade), or adds it when the trade was not seen. */
export function reduceLargeTrade(detail: SymbolDetail, large: LargeTrade): SymbolDetail {
  const at = detail.sales.findIndex((s) => s.tradeId === large.tradeId && s.exchange === large.exchange);
  if (at === -1) {
    const line: SaleLine = {
      ts: large.exchangeTs,
      exchange: large.exchange,
      tradeId: large.tradeId,
      price: large.price,
      quantity: large.quantity,
      side: large.side,
      largeRatio: large.ratio,
    };
    return { ...detail, sales: [line, ...detail.sales].sort((a, b) => b.ts - a.ts).slice(0, SALES_KEPT) };
  }
  const sales = detail.sales.map((s, i) => (i === at ? { ...s, largeRatio: large.ratio } : s));
  return { ...detail, sales };
}

/** Keeps the latest derivative ticker (of whichever venue serves the perpetual now); an older one is ignored. */
export function reduceDerivativeTicker(detail: SymbolDetail, ticker: DerivativeTicker): SymbolDetail {
  if (detail.perpetual !== undefined && detail.perpetual.ts > ticker.exchangeTs) return detail;
  const present = DERIVATIVE_TICKER_VALUES.flatMap((name) => (ticker[name] === undefined || ticker[name] === null ? [] : [[name, ticker[name]] as const]));
  return { ...detail, perpetual: { exchange: ticker.exchange, ts: ticker.exchangeTs, ...Object.fromEntries(present) } };
}

/** Adds a liquidation, newest first (by the venue's time). */
export function reduceLiquidation(detail: SymbolDetail, liquidation: Liquidation): SymbolDetail {
  const line: LiquidationLine = {
    ts: liquidation.exchangeTs,
    exchange: liquidation.exchange,
    positionSide: liquidation.positionSide,
    price: liquidation.price,
    quantity: liquidation.quantity,
    sampled: liquidation.sampled,
  };
  const liquidations = [line, ...(detail.liquidations ?? [])].sort((a, b) => b.ts - a.ts).slice(0, LIQUIDATIONS_KEPT);
  return { ...detail, liquidations };
}

/** Keeps the latest window of each length. */
export function reduceWindowStats(detail: SymbolDetail, stats: WindowStats): SymbolDetail {
  const previous = detail.stats[String(stats.windowMs)];
  if (previous !== undefined && previous.windowEnd > stats.windowEnd) return detail;
  return { ...detail, stats: { ...detail.stats, [String(stats.windowMs)]: stats } };
}

const trimmed = (side: unknown): unknown => (Array.isArray(side) && side.length > BOOK_LEVELS_KEPT ? side.slice(0, BOOK_LEVELS_KEPT) : side);

/** Keeps the latest book snapshot (`book`, its best BOOK_LEVELS_KEPT levels a side) or book stats (`bookStats`) record. */
export function reduceBook(detail: SymbolDetail, kind: 'book' | 'bookStats', value: Readonly<Record<string, unknown>>): SymbolDetail {
  const kept = kind === 'book' && ('bids' in value || 'asks' in value) ? { ...value, bids: trimmed(value['bids']), asks: trimmed(value['asks']) } : value;
  return { ...detail, [kind]: kept };
}

const RAISED: Partial<Record<FeedStatus['state'], SymbolFlag['flag']>> = { feed_stale: 'stale', halted: 'halted', delisted: 'delisted', unserved: 'unserved' };
const CLEARED: Partial<Record<FeedStatus['state'], SymbolFlag['flag']>> = { feed_recovered: 'stale', resumed: 'halted', listed: 'delisted' };

const LISTED: ReadonlySet<FeedStatus['state']> = new Set(['gap', 'book_resync', 'data_mismatch']);

/**
 * Folds a status about the instrument's own symbol: it is listed among the instrument's events, and
 * raises a flag (stale, halted, delisted, unserved) or clears the one it ends. Such a status stays
 * with its instrument: it changes no venue or shard.
 */
export function reduceSymbolStatus(detail: SymbolDetail, status: FeedStatus): SymbolDetail {
  const raised = RAISED[status.state];
  const cleared = CLEARED[status.state];
  if (raised === undefined && cleared === undefined && !LISTED.has(status.state)) return detail;
  const event: SymbolEvent = { ts: status.ts, kind: status.state, exchange: status.exchange, reason: status.reason };
  const next = { ...detail, events: [event, ...detail.events.slice(0, EVENTS_KEPT - 1)] };
  if (raised !== undefined)
    return {
      ...next,
      flag: { flag: raised, exchange: status.exchange, reason: status.reason, since: detail.flag?.flag === raised ? detail.flag.since : status.ts },
    };
  if (cleared === undefined || detail.flag?.flag !== cleared) return next;
  const { flag: _ended, ...rest } = next;
  return rest;
}
