import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { CatalogEvent, CatalogUpdate, InstrumentCatalog } from '../catalog/index.js';
import type { ExchangeId, Instrument, VenueListing } from '../model/index.js';
import type { ShardPlan, ShardPlanLimits } from '../shards/plan-shards.js';
import { universePlans } from './universe-plans.js';

const listing = (exchange: ExchangeId, base: string, quote: string, tickSize = 0.01): VenueListing => ({
  exchange, symbol: `${base}${quote}`, base, quote, state: 'trading', venueStatus: 'TRADING', tickSize, lotStep: 0.001,
});
const instrument = (base: string, quote: string, ...venues: readonly ExchangeId[]): Instrument => ({
  key: `${base}-${quote}`, base, quote, listings: Object.fromEntries(venues.map((exchange) => [exchange, listing(exchange, base, quote, exchange === 'bybit' ? 0.1 : 0.01)])),
});
const update = (ts: number, ...instruments: readonly Instrument[]): CatalogUpdate => {
  const catalog: InstrumentCatalog = { venues: ['bybit', 'binance'], instruments: new Map(instruments.map((i) => [i.key, i])), health: {} };
  return { type: 'catalog', ts, catalog, changes: [] };
};
/** Two topics per instrument; a connection holds four on Bybit (two instruments), any number on Binance. */
const limits: ShardPlanLimits = { maxInstruments: 10, connections: { bybit: { maxTopics: 4 } }, topicsOf: (_exchange, symbol) => [`t.${symbol}`, `k.${symbol}`] };
const shape = (plan: ShardPlan): string[] => plan.shards.map((s) => `${s.id} ${s.chain.join('>')}: ${s.instruments.map((i) => i.key).join(' ')}`);

describe('universePlans', () => {
  it('plans the selected instruments of each catalog update into stable shards, and keeps the primary tick sizes', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const btc = instrument('BTC', 'USDT', 'bybit', 'binance');
      const eth = instrument('ETH', 'USDC', 'bybit', 'binance');
      const bnb = instrument('BNB', 'USDT', 'binance');
      const sol = instrument('SOL', 'USDT', 'bybit', 'binance');
      const xrp = instrument('XRP', 'EUR', 'bybit');
      const catalog$ = cold<CatalogEvent>('a 9ms b', { a: update(1, btc, eth, bnb, xrp), b: update(2, btc, bnb, sol) });
      const universe = universePlans({ catalog$, selection: { kind: 'all', quotes: ['USDT', 'USDC'] }, limits });
      expectObservable(universe.plans$.pipe(map(shape))).toBe('a 9ms b', {
        a: ['s0 bybit>binance: BTC-USDT ETH-USDC', 's1 binance: BNB-USDT'],
        b: ['s0 bybit>binance: BTC-USDT SOL-USDT', 's1 binance: BNB-USDT'],
      });
    });
  });

  it('keeps the tick size of each instrument served, from its primary venue', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const catalog$ = cold<CatalogEvent>('a', { a: update(1, instrument('BTC', 'USDT', 'bybit', 'binance'), instrument('BNB', 'USDT', 'binance')) });
      const universe = universePlans({ catalog$, selection: { kind: 'all', quotes: ['USDT'] }, limits });
      expectObservable(universe.plans$.pipe(map(() => [...universe.tickSizes]))).toBe('a', { a: [['BTC-USDT', 0.1], ['BNB-USDT', 0.01]] });
    });
  });

  it("says the catalog's events as statuses, and names an instrument no connection can hold once", () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const tiny: ShardPlanLimits = { ...limits, connections: { bybit: { maxTopics: 1 } } };
      const btc = instrument('BTC', 'USDT', 'bybit');
      const stale: CatalogEvent = { type: 'catalog_status', exchange: 'binance', state: 'catalog_stale', reason: 'HTTP 429', ts: 5, consecutiveFailures: 1 };
      const catalog$ = cold<CatalogEvent>('a b c', { a: update(1, btc), b: stale, c: update(3, btc) });
      const universe = universePlans({ catalog$, selection: { kind: 'all', quotes: ['USDT'] }, limits: tiny });
      expectObservable(universe.statuses$.pipe(map((s) => `${s.state} ${s.exchange} ${s.symbol ?? '-'}`))).toBe('a b', {
        a: 'unserved bybit BTCUSDT',
        b: 'catalog_stale binance -',
      });
      expectObservable(universe.plans$.pipe(map((plan) => plan.refused.join(',')))).toBe('a-c', { a: 'BTC-USDT', c: 'BTC-USDT' });
    });
  });
});
