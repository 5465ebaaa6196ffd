import { describe, expect, it } from 'vitest';
import type { PriceTick } from '../model/price-tick.js';
import type { TradeEvent } from '../model/trade-event.js';
import { buyRatio, instrumentQuoteOf, reduceInstrumentTick, reduceInstrumentTrade, tradesPerSecond, type InstrumentFigures } from './instrument-figures.js';

const base = { exchange: 'bybit', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', isFallback: false, env: 'prod', connectionId: 'c' } as const;
const trade = (receivedTs: number, price: number, quantity: number, side: 'BUY' | 'SELL', extra: Partial<TradeEvent> = {}): TradeEvent => ({
  ...base,
  type: 'trade',
  tradeId: String(receivedTs),
  price,
  quantity,
  side,
  isBuyerMaker: side === 'SELL',
  exchangeTs: receivedTs,
  receivedTs,
  ...extra,
});
const tick = (receivedTs: number, price: number, extra: Partial<PriceTick> = {}): PriceTick => ({
  ...base,
  type: 'price_tick',
  price,
  exchangeTs: receivedTs,
  receivedTs,
  ...extra,
});
const fold = (records: readonly (TradeEvent | PriceTick)[]): InstrumentFigures | undefined =>
  records.reduce<InstrumentFigures | undefined>((c, r) => (r.type === 'trade' ? reduceInstrumentTrade(c, r) : reduceInstrumentTick(c, r)), undefined);

describe('per-instrument figures', () => {
  it('takes the last price from trades and ticks alike, with the venue, fallback flag and env of the latest record', () => {
    const c = fold([trade(1000, 100, 1, 'BUY'), tick(1100, 101), trade(1200, 102, 1, 'SELL', { exchange: 'binance', isFallback: true, env: 'testnet' })]);
    expect(c).toMatchObject({ lastPrice: 102, lastTs: 1200, exchange: 'binance', isFallback: true, env: 'testnet' });
  });

  it("uses the venue's 24 h change from a tick, then rates later trade prices against the tick's day open", () => {
    const c = fold([tick(1000, 110, { open24h: 100, change24hPct: 10 })]);
    expect(c?.change24hPct).toBe(10);
    expect(reduceInstrumentTrade(c, trade(2000, 120, 1, 'BUY')).change24hPct).toBeCloseTo(20, 10);
  });

  it('computes the 24 h change from open24h when the venue sends no percentage, and has none before any tick', () => {
    expect(fold([trade(1000, 100, 1, 'BUY')])?.change24hPct).toBeUndefined();
    expect(fold([tick(1000, 95, { open24h: 100 })])?.change24hPct).toBeCloseTo(-5, 10);
  });

  it('counts trades per second over the last ten whole seconds, not the current one', () => {
    const trades = [];
    for (let s = 0; s < 12; s++) for (let i = 0; i < 3; i++) trades.push(trade(s * 1000 + i * 10, 100, 1, 'BUY'));
    const c = fold(trades);
    if (c === undefined) throw new Error('no figures');
    expect(tradesPerSecond(c, 12_500)).toBe(3);
    expect(tradesPerSecond(c, 11_500)).toBe(3);
    expect(tradesPerSecond(c, 30_000)).toBe(0);
  });

  it('takes the buy ratio by volume over the last 60 s and has none without volume', () => {
    const c = fold([trade(1000, 100, 3, 'BUY'), trade(1500, 100, 1, 'SELL'), trade(70_000, 100, 1, 'SELL'), trade(70_100, 100, 1, 'BUY')]);
    if (c === undefined) throw new Error('no figures');
    expect(buyRatio(c, 70_500)).toBe(0.5);
    const early = fold([trade(1000, 100, 3, 'BUY'), trade(1500, 100, 1, 'SELL')]);
    if (early === undefined) throw new Error('no figures');
    expect(buyRatio(early, 10_000)).toBe(0.75);
    expect(buyRatio(c, 500_000)).toBeUndefined();
  });

  it('keeps one sparkline point per 5 s bucket, the bucket last price, at most 60 points', () => {
    const c = fold([trade(1000, 1, 1, 'BUY'), trade(4000, 2, 1, 'BUY'), trade(6000, 3, 1, 'BUY'), tick(7000, 4)]);
    expect([c?.sparkFrom, c?.spark]).toEqual([0, [2, 4]]);
    const long = fold(Array.from({ length: 100 }, (_, i) => trade(i * 5000, i, 1, 'BUY')));
    expect(long?.spark).toHaveLength(60);
    expect([long?.sparkFrom, long?.spark.at(-1)]).toEqual([40 * 5000, 99]);
  });

  it('fills quiet buckets with the price before, and starts over after a silence longer than the sparkline', () => {
    const c = fold([trade(1000, 1, 1, 'BUY'), trade(16_000, 2, 1, 'BUY')]);
    expect([c?.sparkFrom, c?.spark]).toEqual([0, [1, 1, 1, 2]]);
    const late = reduceInstrumentTrade(c, trade(1_000_000, 3, 1, 'BUY'));
    expect([late.sparkFrom, late.spark.length, late.spark.at(-2), late.spark.at(-1)]).toEqual([1_000_000 - 59 * 5000, 60, 2, 3]);
    expect(reduceInstrumentTrade(late, trade(500_000, 9, 1, 'BUY')).spark).toBe(late.spark);
  });

  it('keys figures by instrument, so the same coin at two quotes is two instruments', () => {
    const usdt = fold([trade(1000, 100, 1, 'BUY')]);
    const usdc = fold([trade(1000, 99, 1, 'BUY', { quote: 'USDC', symbol: 'BTCUSDC' })]);
    expect([usdt?.key, usdc?.key]).toEqual(['BTC-USDT', 'BTC-USDC']);
  });

  it("files each instrument under its key's quote, never a perpetual's suffix or an option's call or put", () => {
    const quoteOf = (instrument: string, quote = 'BTC'): string | undefined => fold([trade(1000, 1, 1, 'BUY', { instrument, quote })])?.quote;
    expect(quoteOf('BTC-USDT-PERP', 'USDT')).toBe('USDT');
    expect(quoteOf('BTC-USD-INV-PERP', 'USD')).toBe('USD');
    expect(quoteOf('BTC-USD-20261127-56000-C')).toBe('USD');
    expect(quoteOf('BTC-USDT-20261127-56000-P', 'USDT')).toBe('USDT');
    // Coinbase's BTC-USD published as BTC-USDT.
    expect(quoteOf('BTC-USDT', 'USD')).toBe('USDT');
    expect(instrumentQuoteOf({ quote: 'USDC' })).toBe('USDC');
  });

  it('keeps at most ratioSeconds second buckets however long and fast it trades, and drops those older than the span', () => {
    const trades = [];
    for (let s = 0; s < 600; s++) for (let i = 0; i < 5; i++) trades.push(trade(s * 1000 + i, 100, 1, i % 2 === 0 ? 'BUY' : 'SELL'));
    const c = fold(trades);
    expect(c?.seconds).toHaveLength(60);
    expect(c?.seconds[0]?.second).toBe(540);
    expect(c?.spark).toHaveLength(60);
    const later = reduceInstrumentTrade(c, trade(700_000, 100, 1, 'BUY'));
    expect(later.seconds.map((b) => b.second)).toEqual([700]);
  });
});
