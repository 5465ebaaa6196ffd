import { describe, expect, it } from 'vitest';
import type { LargeTrade } from '../model/large-trade.js';
import type { TradeEvent } from '../model/trade-event.js';
import type { WindowStats } from '../model/window-stats.js';
import { dashboardView, EMPTY_DASHBOARD, reduceDashboard, type DashboardInput, type DashboardState } from './dashboard-state.js';
import { initialHealth } from './pipeline-health.js';
import { SALES_KEPT } from './symbol-detail.js';

const base = { exchange: 'bybit', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', isFallback: false, env: 'prod', connectionId: 'c' } as const;
const trade = (n: number, quantity = 1): TradeEvent => ({ ...base, type: 'trade', tradeId: String(n), price: 100 + n, quantity, side: 'BUY', isBuyerMaker: false, exchangeTs: n, receivedTs: n });
const record = (r: DashboardInput & { kind: 'record' } extends { record: infer R } ? R : never): DashboardInput => ({ kind: 'record', record: r });
const fold = (inputs: readonly DashboardInput[]): DashboardState => inputs.reduce(reduceDashboard, EMPTY_DASHBOARD);

describe('dashboard state', () => {
  it('keeps the latest trades first in time and sales, at most SALES_KEPT, and highlights the one a large-trade record names', () => {
    const trades = Array.from({ length: SALES_KEPT + 5 }, (_, i) => record(trade(i + 1)));
    const large: LargeTrade = { ...trade(SALES_KEPT + 4, 50), type: 'large_trade', ratio: 12.5, meanQuantity: 4, lookback: 500 };
    const state = fold([...trades, record(large)]);
    const sales = state.details['BTC']?.sales ?? [];
    expect(sales).toHaveLength(SALES_KEPT);
    expect(sales[0]?.tradeId).toBe(String(SALES_KEPT + 5));
    expect(sales.filter((s) => s.largeRatio !== undefined).map((s) => [s.tradeId, s.largeRatio])).toEqual([[String(SALES_KEPT + 4), 12.5]]);
  });

  it('keeps the latest window of each length and ignores an older one arriving late', () => {
    const w = (windowMs: number, windowEnd: number): WindowStats => ({
      type: 'window_stats', exchange: 'bybit', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', env: 'prod', windowMs, windowStart: windowEnd - windowMs, windowEnd,
      volume: 1, quoteVolume: 100, tradeCount: windowEnd, buyVolume: 1, sellVolume: 0, flow: 'STRONG_BUY', largeTradeCount: 0, complete: true,
    });
    const state = fold([record(w(1000, 2000)), record(w(60_000, 60_000)), record(w(1000, 3000)), record(w(1000, 1000))]);
    expect(Object.fromEntries(Object.entries(state.details['BTC']?.stats ?? {}).map(([k, s]) => [k, s.windowEnd]))).toEqual({ 1000: 3000, 60000: 60_000 });
  });

  it('takes book records by topic whatever their schema, and counts records by type, dead letters included', () => {
    const state = fold([
      { kind: 'book', coin: 'BTC', value: { bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] } },
      { kind: 'bookStats', coin: 'BTC', value: { spread: 2, imbalance: 0.33 } },
      { kind: 'dead_letter' },
      record(trade(1)),
    ]);
    expect(state.details['BTC']?.book).toEqual({ bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] });
    expect(state.details['BTC']?.bookStats).toEqual({ spread: 2, imbalance: 0.33 });
    expect(state.counts).toEqual({ book: 1, bookStats: 1, dead_letter: 1, trade: 1 });
  });

  it('views rows sorted by coin, with the chosen coin detail, and names the active venue from primary records before any failover', () => {
    const eth: TradeEvent = { ...trade(5), symbol: 'ETHUSDT', coin: 'ETH' };
    const state = fold([
      record({ type: 'feed_status', exchange: 'bybit', state: 'subscribed', reason: 'ok', ts: 1 }),
      record(eth),
      record(trade(7)),
    ]);
    const view = dashboardView(state, initialHealth(0, 'topics'), 2007, 'BTC');
    expect(view.coins.map((c) => [c.coin, c.price, c.ageMs])).toEqual([['BTC', 107, 2000], ['ETH', 105, 2002]]);
    expect(view.chosen?.coin).toBe('BTC');
    expect(view.chosen?.sales.map((s) => s.tradeId)).toEqual(['7']);
    expect(view.venues.activeExchange).toBe('bybit');
    expect(view.venues.venues.bybit?.active).toBe(true);
    expect(dashboardView(EMPTY_DASHBOARD, initialHealth(0, 'topics'), 0).coins).toEqual([]);
  });

  it('views the chosen coin book as one panel from one book, naming the venue its prices now come from', () => {
    const from = { exchange: 'bybit', connectionId: 'c1', isFallback: false, env: 'prod', receivedTs: 5 };
    const state = fold([
      { kind: 'book', coin: 'BTC', value: { ...from, bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] } },
      { kind: 'bookStats', coin: 'BTC', value: { ...from, exchange: 'binance', connectionId: 'c2', receivedTs: 1, bestBid: 120, bestAsk: 122, spread: 2, spreadBps: 1.6, mid: 121, imbalance: 0.9 } },
      record({ ...trade(7), exchange: 'binance', isFallback: true }),
    ]);
    const book = dashboardView(state, initialHealth(0, 'topics'), 1005, 'BTC').chosen?.book;
    expect(book).toMatchObject({ source: 'snapshot', exchange: 'bybit', pricesFrom: 'binance', bestBid: 99, bestAsk: 101, mid: 100, ageMs: 1000 });
    expect(Object.keys(dashboardView(state, initialHealth(0, 'topics'), 1005, 'BTC').chosen ?? {})).not.toContain('bookStats');
  });
});
