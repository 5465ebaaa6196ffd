import { describe, expect, it } from 'vitest';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { detectGaps } from './detect-gaps.js';
import type { GapCounters } from './detect-gaps.js';

const binance = (tradeId: string, symbol = 'BTCUSDT') => trade({ exchange: 'binance', tradeId, symbol, exchangeTs: 7 });

describe('detectGaps', () => {
  it('reports the missing trade id range before the trade after the gap', () => {
    const counters: GapCounters = { gaps: 0, missingTrades: 0 };
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c', { a: binance('100'), b: binance('101'), c: binance('105') });
      expectObservable(source.pipe(detectGaps({ counters }))).toBe('a-b-(gc)', {
        a: binance('100'),
        b: binance('101'),
        c: binance('105'),
        g: status('gap', {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          reason: 'trade ids 102..104 missing',
          missingFrom: 102,
          missingTo: 104,
          lastEventTs: 7,
          ts: 4,
        }),
      });
    });
    expect(counters).toEqual({ gaps: 1, missingTrades: 3 });
  });

  it('tracks each symbol on its own and ignores repeats and reordering', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: binance('1'), e: binance('50', 'ETHUSDT'), b: binance('2'), r: binance('1'), f: binance('51', 'ETHUSDT') };
      expectObservable(cold('aebrf', values).pipe(detectGaps())).toBe('aebrf', values);
    });
  });

  it('leaves venues without consecutive ids alone', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: trade({ tradeId: '1' }), b: trade({ tradeId: '9' }), u: trade({ tradeId: 'abc-uuid' }) };
      expectObservable(cold('abu', values).pipe(detectGaps())).toBe('abu', values);
    });
  });

  it('does not report a gap on returning to a venue after a failover away from it', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const away = status('failover', { exchange: 'bybit', fromExchange: 'binance', toExchange: 'bybit' });
      const values = { a: binance('1'), f: away, b: binance('900') };
      expectObservable(cold('afb|', values).pipe(detectGaps())).toBe('afb|', values);
    });
  });

  it('forgets the least recently traded symbol beyond maxSymbols', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: binance('1'), e: binance('50', 'ETHUSDT'), b: binance('5') };
      expectObservable(cold('aeb#', values).pipe(detectGaps({ maxSymbols: 1 }))).toBe('aeb#', values);
    });
  });
});
