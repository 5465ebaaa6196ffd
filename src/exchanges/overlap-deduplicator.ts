import type { MarketEvent } from '../model/index.js';

/** Trade ids remembered per symbol: far more than one overlap window delivers. */
export const REMEMBERED_TRADES = 4096;

/** An event's identity among those of its symbol and type, for the events recognised by an id; undefined for the rest. */
export function identityOf(event: MarketEvent): string | undefined {
  switch (event.type) {
    case 'trade':
      return event.tradeId;
    case 'agg_trade':
      return String(event.aggTradeId);
    case 'liquidation':
      // Liquidations carry no id: one is its time, side, price and quantity.
      return `${event.exchangeTs}|${event.positionSide}|${event.price}|${event.quantity}`;
    default:
      return undefined;
  }
}

/**
 * Drops the duplicates two overlapping connections deliver: trades by `(symbol, tradeId)`, book
 * tickers whose update id is not newer, ticks whose exchange time is not newer, aggregate trades by
 * `(symbol, aggTradeId)` (apart from trade ids), candle updates not newer than the last one seen
 * (by open time, then event time, an open update before the closing one), derivative tickers and option
 * summaries whose exchange time is not newer, liquidations by time, side, price and quantity. Memory is bounded.
 */
export class OverlapDeduplicator {
  private readonly trades = new Map<string, { readonly ids: Set<string>; readonly order: string[] }>();
  private readonly lastBook = new Map<string, number>();
  private readonly lastTick = new Map<string, number>();
  private readonly aggTrades = new Map<string, { readonly ids: Set<string>; readonly order: string[] }>();
  private readonly lastKline = new Map<string, readonly [number, number, number]>();
  private readonly lastDerivative = new Map<string, number>();
  private readonly lastOptionSummary = new Map<string, number>();
  private readonly liquidations = new Map<string, { readonly ids: Set<string>; readonly order: string[] }>();

  isNew(event: MarketEvent): boolean {
    switch (event.type) {
      case 'trade':
        return this.newTrade(this.trades, event.symbol, event.tradeId);
      case 'agg_trade':
        return this.newTrade(this.aggTrades, event.symbol, identityOf(event) ?? '');
      case 'kline':
        return this.newKline(`${event.symbol}|${event.interval}`, [event.openTime, event.exchangeTs, event.closed ? 1 : 0]);
      case 'book_ticker':
        return this.newer(this.lastBook, event.symbol, event.updateId ?? Number.POSITIVE_INFINITY);
      case 'price_tick':
        return this.newer(this.lastTick, event.symbol, event.exchangeTs);
      case 'derivative_ticker':
        // A poll's answer (Binance's open interest) has its own clock: it is not older than a stream's frame.
        return this.newer(this.lastDerivative, event.openInterestSource === 'poll' ? `${event.symbol}|poll` : event.symbol, event.exchangeTs);
      case 'option_summary':
        return this.newer(this.lastOptionSummary, event.symbol, event.exchangeTs);
      case 'liquidation':
        return this.newTrade(this.liquidations, event.symbol, identityOf(event) ?? '');
    }
  }

  private newTrade(remembered: Map<string, { readonly ids: Set<string>; readonly order: string[] }>, symbol: string, id: string): boolean {
    let seen = remembered.get(symbol);
    if (seen === undefined) {
      seen = { ids: new Set(), order: [] };
      remembered.set(symbol, seen);
    }
    if (seen.ids.has(id)) return false;
    seen.ids.add(id);
    seen.order.push(id);
    if (seen.order.length > REMEMBERED_TRADES) seen.ids.delete(seen.order.shift() ?? '');
    return true;
  }

  private newKline(key: string, order: readonly [number, number, number]): boolean {
    const previous = this.lastKline.get(key);
    if (previous !== undefined) {
      const difference = order.map((value, n) => value - (previous[n] ?? 0)).find((d) => d !== 0) ?? 0;
      if (difference <= 0) return false;
    }
    this.lastKline.set(key, order);
    return true;
  }

  private newer(last: Map<string, number>, symbol: string, value: number): boolean {
    const previous = last.get(symbol);
    if (previous !== undefined && value <= previous) return false;
    last.set(symbol, value);
    return true;
  }
}
