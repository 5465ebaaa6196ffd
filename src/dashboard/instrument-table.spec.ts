import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/trade-event.js';
import { reduceInstrumentTrade, type InstrumentFigures } from './instrument-figures.js';
import {
  busiestOf,
  instrumentsView,
  matchesFilter,
  NO_FILTER,
  optionKeyTerms,
  parseInstrumentFilter,
  rankInstruments,
  sparkShape,
} from './instrument-table.js';
import { KeyedTable } from './keyed-table.js';

const trade = (coin: string, quote: string, receivedTs: number): TradeEvent => ({
  type: 'trade',
  exchange: 'bybit',
  symbol: `${coin}${quote}`,
  coin,
  quote,
  tradeId: String(receivedTs),
  price: 1,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
  exchangeTs: receivedTs,
  receivedTs,
  isFallback: false,
  env: 'prod',
  connectionId: 'c',
});

/** Instruments with `n` trades each in the second before 10 s. */
function table(counts: Readonly<Record<string, number>>): KeyedTable<InstrumentFigures> {
  let t = KeyedTable.empty<InstrumentFigures>();
  for (const [key, n] of Object.entries(counts)) {
    const [coin = '', quote = ''] = key.split('-');
    let f: InstrumentFigures | undefined;
    for (let i = 0; i < Math.max(1, n); i++) f = reduceInstrumentTrade(f, trade(coin, quote, n === 0 ? -60_000 : 9000 + i));
    if (f !== undefined) t = t.set(key, f);
  }
  return t;
}

describe('instruments table', () => {
  it('ranks busiest first by trades per second, ties by key', () => {
    const ranked = rankInstruments(table({ 'ETH-USDC': 20, 'BTC-USDT': 50, 'ADA-USDT': 0, 'AAA-USDT': 0, 'SOL-USDT': 20 }), 10_000);
    expect(ranked.map((r) => [r.figures.key, r.tradesPerSecond])).toEqual([
      ['BTC-USDT', 5],
      ['ETH-USDC', 2],
      ['SOL-USDT', 2],
      ['AAA-USDT', 0],
      ['ADA-USDT', 0],
    ]);
  });

  it('filters by base, quote and substring of the key, every term holding, case-insensitive, `/` read as `-`', () => {
    const eth = { key: 'ETH-USDC', coin: 'ETH', quote: 'USDC' };
    const weth = { key: 'WETH-USDT', coin: 'WETH', quote: 'USDT' };
    const matches = (text: string): readonly string[] => [eth, weth].filter((f) => matchesFilter(parseInstrumentFilter(text), f)).map((f) => f.key);
    expect(matches('')).toEqual(['ETH-USDC', 'WETH-USDT']);
    expect(matches('eth')).toEqual(['ETH-USDC', 'WETH-USDT']);
    expect(matches('base:eth')).toEqual(['ETH-USDC']);
    expect(matches('quote:usdt')).toEqual(['WETH-USDT']);
    expect(matches('eth/usdc')).toEqual(['ETH-USDC']);
    expect(matches('eth -usdt')).toEqual(['WETH-USDT']);
    expect(matches('base:eth quote:usdt')).toEqual([]);
    expect(parseInstrumentFilter('  base:eth   x ')).toEqual({ text: 'BASE:ETH X', bases: ['ETH'], quotes: [], substrings: ['X'] });
  });

  it('builds only `limit` rows of thousands, counting the matches and the instruments per quote', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2600; i++) counts[`C${i}-${i % 3 === 0 ? 'USDC' : 'USDT'}`] = i % 7;
    const ranked = rankInstruments(table(counts), 10_000);
    const third = instrumentsView(ranked, 10_000, parseInstrumentFilter('quote:usdc'), 10, () => undefined).rows[2]?.instrument;
    const view = instrumentsView(ranked, 10_000, parseInstrumentFilter('quote:usdc'), 10, (key) => (key === third ? 'stale' : undefined));
    expect(view).toMatchObject({ total: 2600, matched: 867, limit: 10, filter: 'QUOTE:USDC', quotes: { USDC: 867, USDT: 1733 } });
    expect(view.rows).toHaveLength(10);
    expect(view.rows.every((r) => r.quote === 'USDC' && r.tradesPerSecond === 0.6)).toBe(true);
    expect(view.rows.map((r) => r.flag)).toEqual([undefined, undefined, 'stale', ...Array.from({ length: 7 }, () => undefined)]);
    const all = instrumentsView(ranked, 10_000, NO_FILTER, 50, () => undefined);
    expect(JSON.stringify(all).length).toBeLessThan(JSON.stringify(instrumentsView(ranked, 10_000, NO_FILTER, 2600, () => undefined)).length / 40);
  });

  it("lists an option's expiry, strike and call or put apart from its chain, and real quotes only in the quote menu", () => {
    let t = KeyedTable.empty<InstrumentFigures>();
    for (const [instrument, exchange, quote] of [
      ['BTC-USD-20261127-56000-C', 'deribit_options', 'BTC'],
      ['BTC-USD-20261127-56000-P', 'deribit_options', 'BTC'],
      ['BTC-USDT-20261127-56000.5-P', 'bybit_options', 'USDT'],
      ['BTC-USDT-PERP', 'bybit_linear', 'USDT'],
      ['BTC-USDT', 'bybit', 'USDT'],
    ] as const) {
      const record: TradeEvent = { ...trade('BTC', quote, 9500), instrument, exchange };
      t = t.set(instrument, reduceInstrumentTrade(undefined, record));
    }
    const view = instrumentsView(rankInstruments(t, 10_000), 10_000, NO_FILTER, 50, () => undefined);
    expect(view.quotes).toEqual({ USD: 2, USDT: 3 });
    expect(Object.fromEntries(view.rows.map((r) => [r.instrument, [r.exchange, r.option ?? null]]))).toEqual({
      'BTC-USD-20261127-56000-C': ['deribit_options', { chain: 'BTC-USD', day: '20261127', strike: 56_000, type: 'C' }],
      'BTC-USD-20261127-56000-P': ['deribit_options', { chain: 'BTC-USD', day: '20261127', strike: 56_000, type: 'P' }],
      'BTC-USDT-20261127-56000.5-P': ['bybit_options', { chain: 'BTC-USDT', day: '20261127', strike: 56_000.5, type: 'P' }],
      'BTC-USDT-PERP': ['bybit_linear', null],
      'BTC-USDT': ['bybit', null],
    });
    expect(instrumentsView(rankInstruments(t, 10_000), 10_000, parseInstrumentFilter('quote:usd'), 50, () => undefined).matched).toBe(2);
    expect([optionKeyTerms('BTC-USD-INV-20261226'), optionKeyTerms('BTC-USD-20261226-100000-X')]).toEqual([undefined, undefined]);
  });

  it('sends a sparkline as its shape, whole numbers from 0 to 100', () => {
    expect(sparkShape([64_000.123456, 64_100.5, 64_050.25])).toEqual([0, 100, 50]);
    expect(sparkShape([5, 5])).toEqual([50, 50]);
  });

  it("reads ?coin= as the coin's busiest instrument, else the coin at the most common quote", () => {
    const ranked = rankInstruments(table({ 'BTC-USDT': 5, 'BTC-USDC': 30, 'ETH-USDC': 1, 'SOL-USDC': 1 }), 10_000);
    expect(busiestOf(ranked, 'BTC')).toBe('BTC-USDC');
    expect(busiestOf(ranked, 'XRP')).toBe('XRP-USDC');
    expect(busiestOf([], 'XRP')).toBe('XRP-USDT');
  });
});
