import { describe, expect, it } from 'vitest';
import type { DerivativeTicker } from '../model/derivative-ticker.js';
import type { FeedStatus } from '../model/feed-status.js';
import type { Liquidation } from '../model/liquidation.js';
import type { LargeTrade } from '../model/large-trade.js';
import type { TradeEvent } from '../model/trade-event.js';
import type { WindowStats } from '../model/window-stats.js';
import { dashboardView, EMPTY_DASHBOARD, reduceDashboard, type DashboardInput, type DashboardState } from './dashboard-state.js';
import { parseInstrumentFilter } from './instrument-table.js';
import { initialHealth } from './pipeline-health.js';
import { LIQUIDATIONS_KEPT, SALES_KEPT } from './symbol-detail.js';

const base = { exchange: 'bybit', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', isFallback: false, env: 'prod', connectionId: 'c' } as const;
const trade = (n: number, quantity = 1, extra: Partial<TradeEvent> = {}): TradeEvent => ({
  ...base,
  type: 'trade',
  tradeId: String(n),
  price: 100 + n,
  quantity,
  side: 'BUY',
  isBuyerMaker: false,
  exchangeTs: n,
  receivedTs: n,
  ...extra,
});
const record = (r: DashboardInput & { kind: 'record' } extends { record: infer R } ? R : never): DashboardInput => ({ kind: 'record', record: r });
const fold = (inputs: readonly DashboardInput[], from: DashboardState = EMPTY_DASHBOARD): DashboardState => inputs.reduce(reduceDashboard, from);
const health = initialHealth(0, 'topics');
const usdc = (extra: Partial<TradeEvent>): Partial<TradeEvent> => ({ symbol: `${extra.coin ?? 'BTC'}USDC`, quote: 'USDC', ...extra });

/** A perpetual's record: BTC-USDT-PERP on Bybit linear. */
const perp = { ...base, exchange: 'bybit_linear', instrument: 'BTC-USDT-PERP' } as const;
const ticker = (ts: number, extra: Partial<DerivativeTicker> = {}): DerivativeTicker => ({
  ...perp,
  type: 'derivative_ticker',
  exchangeTs: ts,
  receivedTs: ts,
  ...extra,
});
const liquidation = (ts: number, extra: Partial<Liquidation> = {}): Liquidation => ({
  ...perp,
  type: 'liquidation',
  positionSide: 'LONG',
  price: 64_000 + ts,
  quantity: 0.5,
  sampled: false,
  exchangeTs: ts,
  receivedTs: ts,
  ...extra,
});

describe('dashboard state', () => {
  it("keeps a perpetual's latest derivative ticker and its latest liquidations with its key, apart from the spot instrument", () => {
    const state = fold([
      record(trade(1)),
      record(
        ticker(10, { markPrice: 64_010, indexPrice: 64_000, fundingRate: 0.0001, nextFundingTs: 28_800_000, openInterest: 5, openInterestSource: 'stream' }),
      ),
      // A late older one changes nothing; the newer one (every value the venue sent so far) replaces it.
      record(ticker(5, { markPrice: 1 })),
      record(ticker(20, { exchange: 'binance_usdm', markPrice: 64_020, indexPrice: 64_001, fundingRate: 0.0002, openInterest: 7, openInterestSource: 'poll' })),
      ...Array.from({ length: LIQUIDATIONS_KEPT + 2 }, (_, i) => record(liquidation(100 + i, i === 0 ? { exchange: 'binance_usdm', sampled: true } : {}))),
    ]);
    expect(state.details.get('BTC-USDT')?.perpetual).toBeUndefined();
    const detail = state.details.get('BTC-USDT-PERP');
    expect(detail?.perpetual).toEqual({
      exchange: 'binance_usdm',
      ts: 20,
      markPrice: 64_020,
      indexPrice: 64_001,
      fundingRate: 0.0002,
      openInterest: 7,
      openInterestSource: 'poll',
    });
    expect(detail?.liquidations?.map((l) => l.ts)).toEqual(Array.from({ length: LIQUIDATIONS_KEPT }, (_, i) => 100 + LIQUIDATIONS_KEPT + 1 - i));
    expect(detail?.liquidations?.[0]).toEqual({ ts: 113, exchange: 'bybit_linear', positionSide: 'LONG', price: 64_113, quantity: 0.5, sampled: false });
    // The chosen perpetual's view carries both.
    const chosen = dashboardView(state, health, 200, { instrument: 'BTC-USDT-PERP' }).chosen;
    expect(chosen?.perpetual?.markPrice).toBe(64_020);
    expect(chosen?.liquidations).toHaveLength(LIQUIDATIONS_KEPT);
  });

  it('keeps the latest trades first in time and sales, at most SALES_KEPT, and highlights the one a large-trade record names', () => {
    const trades = Array.from({ length: SALES_KEPT + 5 }, (_, i) => record(trade(i + 1)));
    const large: LargeTrade = { ...trade(SALES_KEPT + 4, 50), type: 'large_trade', ratio: 12.5, meanQuantity: 4, lookback: 500 };
    const state = fold([...trades, record(large)]);
    const sales = state.details.get('BTC-USDT')?.sales ?? [];
    expect(sales).toHaveLength(SALES_KEPT);
    expect(sales[0]?.tradeId).toBe(String(SALES_KEPT + 5));
    expect(sales.filter((s) => s.largeRatio !== undefined).map((s) => [s.tradeId, s.largeRatio])).toEqual([[String(SALES_KEPT + 4), 12.5]]);
  });

  it('keeps the latest window of each length and ignores an older one arriving late', () => {
    const w = (windowMs: number, windowEnd: number): WindowStats => ({
      type: 'window_stats',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      env: 'prod',
      windowMs,
      windowStart: windowEnd - windowMs,
      windowEnd,
      volume: 1,
      quoteVolume: 100,
      tradeCount: windowEnd,
      buyVolume: 1,
      sellVolume: 0,
      flow: 'STRONG_BUY',
      largeTradeCount: 0,
      complete: true,
    });
    const state = fold([record(w(1000, 2000)), record(w(60_000, 60_000)), record(w(1000, 3000)), record(w(1000, 1000))]);
    expect(Object.fromEntries(Object.entries(state.details.get('BTC-USDT')?.stats ?? {}).map(([k, s]) => [k, s.windowEnd]))).toEqual({
      1000: 3000,
      60000: 60_000,
    });
  });

  it('takes book records by topic whatever their schema, and counts records by type, dead letters included', () => {
    const state = fold([
      { kind: 'book', instrument: 'BTC-USDT', value: { bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] } },
      { kind: 'bookStats', instrument: 'BTC-USDT', value: { spread: 2, imbalance: 0.33 } },
      { kind: 'dead_letter' },
      record(trade(1)),
    ]);
    expect(state.details.get('BTC-USDT')?.book).toEqual({ bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] });
    expect(state.details.get('BTC-USDT')?.bookStats).toEqual({ spread: 2, imbalance: 0.33 });
    expect(state.counts).toEqual({ book: 1, bookStats: 1, dead_letter: 1, trade: 1 });
  });

  it('keeps the same coin at two quotes apart: BTC-USDT and BTC-USDC each have their own row and detail', () => {
    const state = fold([record(trade(1)), record(trade(2, 1, usdc({ price: 99 }))), record(trade(3, 1, usdc({ price: 98 })))]);
    expect([...state.instruments.values()].map((f) => [f.key, f.lastPrice]).sort()).toEqual([
      ['BTC-USDC', 98],
      ['BTC-USDT', 101],
    ]);
    expect(state.details.get('BTC-USDC')?.sales.map((s) => s.tradeId)).toEqual(['3', '2']);
    expect(state.details.get('BTC-USDT')?.sales.map((s) => s.tradeId)).toEqual(['1']);
  });

  it("keeps a listing at an equivalent quote on the instrument it is published under: Coinbase's BTC-USD in BTC-USDT's row, at USDT", () => {
    const coinbase = { exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT', isFallback: true } as const;
    const state = fold([record(trade(1)), record(trade(2, 1, { ...coinbase, price: 99 }))]);
    expect([...state.instruments.values()].map((f) => [f.key, f.quote, f.exchange, f.symbol, f.lastPrice])).toEqual([
      ['BTC-USDT', 'USDT', 'coinbase', 'BTC-USD', 99],
    ]);
    expect(state.details.get('BTC-USDT')?.sales.map((s) => s.tradeId)).toEqual(['2', '1']);
    expect(state.details.has('BTC-USD')).toBe(false);
  });

  it('views rows busiest first, names the active venue from primary records before any failover, and details the chosen instrument', () => {
    const trades = [
      ...Array.from({ length: 30 }, (_, i) => trade(1000 + i * 10, 1, usdc({ coin: 'ETH', tradeId: `e${i}` }))),
      ...Array.from({ length: 10 }, (_, i) => trade(1000 + i * 10, 1, { tradeId: `b${i}` })),
      trade(1500, 1, { coin: 'SOL', symbol: 'SOLUSDT', tradeId: 's' }),
    ];
    const state = fold([record({ type: 'feed_status', exchange: 'bybit', state: 'subscribed', reason: 'ok', ts: 1 }), ...trades.map(record)]);
    const view = dashboardView(state, health, 2000, { instrument: 'BTC-USDT' });
    expect(view.instruments.rows.map((r) => [r.instrument, r.tradesPerSecond])).toEqual([
      ['ETH-USDC', 3],
      ['BTC-USDT', 1],
      ['SOL-USDT', 0.1],
    ]);
    expect(view.instruments).toMatchObject({ total: 3, matched: 3, quotes: { USDC: 1, USDT: 2 } });
    expect(view.chosen).toMatchObject({ instrument: 'BTC-USDT', coin: 'BTC', quote: 'USDT', row: { instrument: 'BTC-USDT', price: 100 + 1090 } });
    for (const [instrument, quote] of [
      ['BTC-USDT-PERP', 'USDT'],
      ['BTC-USD-20261127-56000-C', 'USD'],
    ] as const)
      expect(dashboardView(state, health, 2000, { instrument }).chosen).toMatchObject({ instrument, coin: 'BTC', quote });
    expect(view.chosen?.sales[0]?.tradeId).toBe('b9');
    expect(view.venues.activeExchange).toBe('bybit');
    expect(view.venues.venues.bybit?.active).toBe(true);
    expect(dashboardView(EMPTY_DASHBOARD, health, 0).instruments.rows).toEqual([]);
  });

  it('sends only the first `limit` rows matching the filter, with how many match of how many, and resolves ?coin= to its busiest instrument', () => {
    const inputs: DashboardInput[] = [];
    for (let i = 0; i < 300; i++) {
      const coin = `C${String(i).padStart(3, '0')}`;
      for (const quote of ['USDT', 'USDC'])
        for (let n = 0; n < (quote === 'USDC' && i === 7 ? 3 : 1); n++)
          inputs.push(record(trade(1000 + n, 1, { coin, quote, symbol: `${coin}${quote}`, tradeId: `${coin}${quote}${n}` })));
    }
    const state = fold(inputs);
    const view = dashboardView(state, health, 2000, { filter: parseInstrumentFilter('quote:usdc C00'), limit: 5, coin: 'C007' });
    expect(view.instruments).toMatchObject({ total: 600, matched: 10, limit: 5, filter: 'QUOTE:USDC C00' });
    expect(view.instruments.rows.map((r) => r.instrument)).toEqual(['C007-USDC', 'C000-USDC', 'C001-USDC', 'C002-USDC', 'C003-USDC']);
    expect(view.chosen?.instrument).toBe('C007-USDC');
    expect(dashboardView(state, health, 2000).instruments.rows).toHaveLength(50);
    // A coin with no instrument yet: at the most common quote (here a tie, taken by the busiest instrument's quote).
    expect(dashboardView(state, health, 2000, { coin: 'NEW' }).chosen).toMatchObject({ instrument: 'NEW-USDC', sales: [] });
    expect(dashboardView(state, health, 2000, { coin: 'NEW' }).chosen?.row).toBeUndefined();
  });

  it('keeps a status about one symbol with its instrument (flag and events) and out of the venues', () => {
    const status = (fields: Partial<FeedStatus> & Pick<FeedStatus, 'state' | 'ts'>): DashboardInput =>
      record({ type: 'feed_status', exchange: 'bybit', reason: fields.state, ...fields });
    const state = fold([
      status({ state: 'subscribed', ts: 1, shard: 's0', instruments: ['BTC-USDT', 'ETH-USDC'] }),
      record(trade(2)),
      // ETHUSDC has no record yet: its instrument is read from a quote seen on another (SOL-USDC).
      record(trade(2, 1, usdc({ coin: 'SOL', tradeId: 's' }))),
      status({ state: 'feed_stale', ts: 3, symbol: 'BTCUSDT' }),
      status({ state: 'halted', ts: 4, symbol: 'ETHUSDC' }),
    ]);
    expect(state.venues.venues.bybit?.state).toBe('subscribed');
    expect(state.details.get('BTC-USDT')?.flag).toMatchObject({ flag: 'stale', since: 3 });
    expect(state.details.get('ETH-USDC')?.flag).toMatchObject({ flag: 'halted' });
    expect(state.timelines.bybit?.marks).toEqual([]);
    expect(dashboardView(state, health, 10, { instrument: 'BTC-USDT' }).instruments.rows[0]).toMatchObject({ instrument: 'BTC-USDT', flag: 'stale' });
    const recovered = fold([status({ state: 'feed_recovered', ts: 5, symbol: 'BTCUSDT' })], state);
    expect(recovered.details.get('BTC-USDT')?.flag).toBeUndefined();
    expect(recovered.details.get('BTC-USDT')?.events.map((e) => e.kind)).toEqual(['feed_recovered', 'feed_stale']);
  });

  it('views the chosen instrument book as one panel from one book, naming the venue its prices now come from', () => {
    const from = { exchange: 'bybit', connectionId: 'c1', isFallback: false, env: 'prod', receivedTs: 5 };
    const state = fold([
      { kind: 'book', instrument: 'BTC-USDT', value: { ...from, bids: [{ price: 99, size: 2 }], asks: [{ price: 101, size: 1 }] } },
      {
        kind: 'bookStats',
        instrument: 'BTC-USDT',
        value: {
          ...from,
          exchange: 'binance',
          connectionId: 'c2',
          receivedTs: 1,
          bestBid: 120,
          bestAsk: 122,
          spread: 2,
          spreadBps: 1.6,
          mid: 121,
          imbalance: 0.9,
        },
      },
      record({ ...trade(7), exchange: 'binance', isFallback: true }),
    ]);
    const book = dashboardView(state, health, 1005, { coin: 'BTC' }).chosen?.book;
    expect(book).toMatchObject({ source: 'snapshot', exchange: 'bybit', pricesFrom: 'binance', bestBid: 99, bestAsk: 101, mid: 100, ageMs: 1000 });
    expect(Object.keys(dashboardView(state, health, 1005, { coin: 'BTC' }).chosen ?? {})).not.toContain('bookStats');
  });
});
