import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';

/** `GET /api/v5/market/history-trades`: "Number of results per request. The maximum and default both are 100" (okx docs-v5 `#order-book-trading-market-data-get-trades-history`). */
export const OKX_HISTORY_LIMIT = 100;
/** `GET /api/v5/market/trades`: "The maximum is 500; The default is 100" (`#order-book-trading-market-data-get-trades`). */
export const OKX_TRADES_LIMIT = 500;
export const OKX_TRADES_DEFAULT_LIMIT = 100;

/** A history page's query, read: by trade id (`type` 1, the default) or by time (`type` 2, `after` a time). */
export interface OkxHistoryQuery {
  readonly type: 1 | 2;
  /** Records older than this trade id (type 1) or time (type 2), exclusive. */
  readonly after?: number;
  /** Records newer than this trade id, exclusive (type 1 only). */
  readonly before?: number;
  readonly limit: number;
}

/**
 * One page of a symbol's trade history as OKX pages it, newest first: with `after`, the `limit`
 * trades just older than it; with `before` alone, "the latest data" (the newest `limit`, each newer
 * than `before`); with both, the newest `limit` between them; with neither, the newest `limit`. By
 * time (`type` 2), `after` is a time: the trades made before it. What the venue no longer keeps (its
 * last `historyCapacity`) is not served.
 */
export function okxHistoryPage(market: SimulatedMarket, symbol: string, query: OkxHistoryQuery): HistoricalTrade[] {
  const { limit, before } = query;
  let after = query.after;
  if (query.type === 2 && after !== undefined) {
    // The first trade at or after the time bounds the page by id; none: every trade kept is older.
    after = market.tradesSince(symbol, after, 1)[0]?.tradeId;
  }
  const newer = (trade: HistoricalTrade) => before === undefined || trade.tradeId > before;
  if (after === undefined) return market.recentTrades(symbol, limit).filter(newer).reverse();
  // Ids run on by one per instrument: the `limit` ids below `after`, from no later than the newest.
  const upper = Math.min(after, (market.recentTrades(symbol, 1)[0]?.tradeId ?? after) + 1);
  const older = market.tradesFrom(symbol, Math.max(0, upper - limit), limit).filter((t) => t.tradeId < upper && newer(t));
  return older.slice(-limit).reverse();
}

/** `GET /api/v5/market/trades`: the newest `limit`, newest first. */
export function okxRecentTrades(market: SimulatedMarket, symbol: string, limit: number): HistoricalTrade[] {
  return market.recentTrades(symbol, limit).reverse();
}
