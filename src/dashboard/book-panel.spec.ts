import { describe, expect, it } from 'vitest';
import { bookPanel, DEFAULT_BOOK_PANEL_CONFIG } from './book-panel.js';

const origin = (exchange: string, receivedTs: number, connectionId = `${exchange}-1`) =>
  ({
    exchange,
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: receivedTs - 5,
    receivedTs,
    isFallback: exchange !== 'bybit',
    env: 'prod',
    connectionId,
  }) as const;
const ladder = (from: number, step: number, count: number) => Array.from({ length: count }, (_, i) => ({ price: from + i * step, size: 1 + i }));
const snapshot = (exchange: string, receivedTs: number, bid: number, ask: number, connectionId?: string) => ({
  ...origin(exchange, receivedTs, connectionId),
  depth: 20,
  bids: ladder(bid, -0.5, 20),
  asks: ladder(ask, 0.5, 20),
  updateId: receivedTs,
});
const stats = (exchange: string, receivedTs: number, bestBid: number, bestAsk: number, connectionId?: string) => ({
  ...origin(exchange, receivedTs, connectionId),
  windowMs: 1000,
  bestBid,
  bestBidSize: 1,
  bestAsk,
  bestAskSize: 1,
  spread: bestAsk - bestBid,
  spreadBps: ((bestAsk - bestBid) / ((bestBid + bestAsk) / 2)) * 1e4,
  mid: (bestBid + bestAsk) / 2,
  sizeWeightedMid: (bestBid + bestAsk) / 2,
  imbalance: 0.25,
  imbalanceLevels: 20,
  depthLevels: 20,
  depthBands: [],
  impacts: [],
  roundTripNotional: 10_000,
  updateId: receivedTs,
});

describe('book panel', () => {
  it('takes levels and every figure from the snapshot: the mid lies between the best bid and ask shown', () => {
    const panel = bookPanel({ book: snapshot('bybit', 1000, 100, 101) }, 1200, 'bybit');
    expect(panel).toMatchObject({
      source: 'snapshot',
      exchange: 'bybit',
      isFallback: false,
      asOf: 1000,
      ageMs: 200,
      old: false,
      bestBid: 100,
      bestAsk: 101,
      spread: 1,
      mid: 100.5,
      imbalanceLevels: 20,
    });
    expect(panel?.spreadBps).toBeCloseTo((1 / 100.5) * 1e4, 9);
    expect(panel?.bids).toHaveLength(DEFAULT_BOOK_PANEL_CONFIG.levels);
    expect(panel?.bids[0]).toEqual({ price: 100, size: 1 });
    expect(panel?.asks[0]).toEqual({ price: 101, size: 1 });
    // Bids 1..20 against asks 1..20 (sizes grow the same way on both sides): balanced.
    expect(panel?.imbalance).toBe(0);
    expect(panel?.pricesFrom).toBeUndefined();
  });

  it('after a failover shows the new venue book alone, not the mid of the last book-stats record from the old venue', () => {
    const panel = bookPanel({ book: snapshot('binance', 9000, 63_845.91, 63_852.29), bookStats: stats('bybit', 4000, 63_945.5, 63_952.24) }, 9100, 'binance');
    expect(panel).toMatchObject({ source: 'snapshot', exchange: 'binance', isFallback: true, bestBid: 63_845.91, bestAsk: 63_852.29 });
    expect(panel?.mid).toBeCloseTo(63_849.1, 6);
    expect(panel?.mid).toBeGreaterThanOrEqual(panel?.bids[0]?.price ?? Number.NaN);
    expect(panel?.mid).toBeLessThanOrEqual(panel?.asks[0]?.price ?? Number.NaN);
    expect(panel?.imbalance).not.toBe(0.25);
  });

  it('shows the figures of a newer book-stats record of another book without levels, under that record venue', () => {
    const panel = bookPanel({ book: snapshot('bybit', 1000, 100, 101), bookStats: stats('binance', 3000, 99, 99.5) }, 3500, 'binance');
    expect(panel).toMatchObject({
      source: 'stats',
      exchange: 'binance',
      bids: [],
      asks: [],
      bestBid: 99,
      bestAsk: 99.5,
      mid: 99.25,
      imbalance: 0.25,
      asOf: 3000,
    });
  });

  it('counts a later book-stats record of the same book (venue and socket) as confirming the snapshot, whose top levels have not changed since', () => {
    const confirmed = bookPanel({ book: snapshot('bybit', 1000, 100, 101), bookStats: stats('bybit', 7000, 100, 101) }, 7500, 'bybit');
    expect(confirmed).toMatchObject({ source: 'snapshot', asOf: 7000, ageMs: 500, old: false, mid: 100.5 });
    // The same venue over another socket is another book: the newer record's figures are shown, not the snapshot's.
    const other = bookPanel({ book: snapshot('bybit', 1000, 100, 101), bookStats: stats('bybit', 7000, 102, 103, 'bybit-2') }, 7500, 'bybit');
    expect(other).toMatchObject({ source: 'stats', bestBid: 102, mid: 102.5 });
  });

  it('marks a book older than staleAfterMs and one from another venue than the coin latest price', () => {
    const panel = bookPanel({ book: snapshot('bybit', 1000, 100, 101) }, 1000 + DEFAULT_BOOK_PANEL_CONFIG.staleAfterMs + 1, 'binance');
    expect(panel).toMatchObject({ exchange: 'bybit', old: true, pricesFrom: 'binance' });
    expect(bookPanel({ book: snapshot('bybit', 1000, 100, 101) }, 1000 + DEFAULT_BOOK_PANEL_CONFIG.staleAfterMs, 'bybit')).toMatchObject({ old: false });
  });

  it('skips levels that are not positive numbers and shows nothing for records it cannot read', () => {
    const book = { ...snapshot('bybit', 1000, 100, 101), bids: [{ price: 0, size: 1 }, { price: '99', size: 1 }, null, { price: 98, size: 2 }] };
    expect(bookPanel({ book }, 1000, 'bybit')).toMatchObject({ bids: [{ price: 98, size: 2 }], bestBid: 98, mid: 99.5 });
    expect(bookPanel({ book: { ...book, bids: [] } }, 1000, 'bybit')).toBeUndefined();
    expect(bookPanel({ book: { bids: [], asks: [] }, bookStats: { spread: 2 } }, 1000, 'bybit')).toBeUndefined();
    expect(bookPanel({}, 1000, undefined)).toBeUndefined();
  });
});
