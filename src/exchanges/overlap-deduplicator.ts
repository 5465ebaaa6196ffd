import type { MarketEvent } from '../model/index.js';

/** Trade ids remembered per symbol: far more than one overlap window delivers. */
const REMEMBERED_TRADES = 4096;

/**
 * Drops the duplicates two overlapping connections deliver: trades by `(symbol, tradeId)`, book
 * tickers whose update id is not newer, ticks whose exchange time is not newer. Memory is bounded.
 */
export class OverlapDeduplicator {
  private readonly trades = new Map<string, { readonly ids: Set<string>; readonly order: string[] }>();
  private readonly lastBook = new Map<string, number>();
  private readonly lastTick = new Map<string, number>();

  isNew(event: MarketEvent): boolean {
    switch (event.type) {
      case 'trade':
        return this.newTrade(event.symbol, event.tradeId);
      case 'book_ticker':
        return this.newer(this.lastBook, event.symbol, event.updateId ?? Number.POSITIVE_INFINITY);
      case 'price_tick':
        return this.newer(this.lastTick, event.symbol, event.exchangeTs);
    }
  }

  private newTrade(symbol: string, id: string): boolean {
    let seen = this.trades.get(symbol);
    if (seen === undefined) {
      seen = { ids: new Set(), order: [] };
      this.trades.set(symbol, seen);
    }
    if (seen.ids.has(id)) return false;
    seen.ids.add(id);
    seen.order.push(id);
    if (seen.order.length > REMEMBERED_TRADES) seen.ids.delete(seen.order.shift() ?? '');
    return true;
  }

  private newer(last: Map<string, number>, symbol: string, value: number): boolean {
    const previous = last.get(symbol);
    if (previous !== undefined && value <= previous) return false;
    last.set(symbol, value);
    return true;
  }
}
