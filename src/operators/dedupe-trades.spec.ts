import { describe, expect, it } from 'vitest';
import { createTestScheduler, status, tick, trade } from './__fixtures__/market-events.js';
import { dedupeTrades } from './dedupe-trades.js';
import type { DedupeCounters } from './dedupe-trades.js';

const t1 = trade({ tradeId: '1' });
const t2 = trade({ tradeId: '2' });
const t3 = trade({ tradeId: '3' });
const eth1 = trade({ tradeId: '1', symbol: 'ETHUSDT' });
const binance1 = trade({ tradeId: '1', exchange: 'binance' });
const dropped = (id: string, ts: number) => status('duplicate_dropped', { symbol: 'BTCUSDT', reason: `trade ${id} already seen`, ts });

describe('dedupeTrades', () => {
  it('drops a repeated trade, reports it and counts it', () => {
    const counters: DedupeCounters = { duplicatesDropped: 0 };
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-a-b-c', { a: t1, b: t2, c: t3 });
      expectObservable(source.pipe(dedupeTrades({ counters }))).toBe('a-b-x-y-c', {
        a: t1,
        b: t2,
        c: t3,
        x: dropped('1', 4),
        y: dropped('2', 6),
      });
    });
    expect(counters.duplicatesDropped).toBe(2);
  });

  it('keys on exchange, symbol and trade id together', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abc', { a: t1, b: eth1, c: binance1 });
      expectObservable(source.pipe(dedupeTrades())).toBe('abc', { a: t1, b: eth1, c: binance1 });
    });
  });

  it('forgets the least recently seen trade beyond its capacity', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcbac', { a: t1, b: t2, c: t3 });
      // Capacity 2: c evicts a; the repeat of b is dropped and refreshed, so a evicts c; a and c pass again.
      expectObservable(source.pipe(dedupeTrades({ capacity: 2, emitStatus: false }))).toBe('abc-ac', { a: t1, b: t2, c: t3 });
    });
  });

  it('passes other events, errors and completion through', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const p = tick();
      expectObservable(cold('pp|', { p }).pipe(dedupeTrades())).toBe('pp|', { p });
      expectObservable(cold('a#', { a: t1 }).pipe(dedupeTrades())).toBe('a#', { a: t1 });
    });
  });
});
