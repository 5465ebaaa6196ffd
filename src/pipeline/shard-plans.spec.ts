import { map, startWith } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { CatalogEvent, CatalogUpdate, InstrumentCatalog } from '../catalog/index.js';
import type { ExchangeId, Instrument, VenueListing } from '../model/index.js';
import type { ShardCandidate, ShardPlan, ShardPlanLimits } from '../shards/plan-shards.js';
import { venueSymbolsOf } from './shard-feed.js';
import { shardPlans } from './shard-plans.js';
import { universeOf } from './universe-of.js';

const listing = (exchange: ExchangeId, base: string, quote: string, tickSize = 0.01): VenueListing => ({
  exchange,
  symbol: `${base}${quote}`,
  base,
  quote,
  state: 'trading',
  venueStatus: 'TRADING',
  tickSize,
  lotStep: 0.001,
});
const instrument = (base: string, quote: string, ...venues: readonly ExchangeId[]): Instrument => ({
  key: `${base}-${quote}`,
  base,
  quote,
  market: 'spot',
  listings: Object.fromEntries(venues.map((exchange) => [exchange, listing(exchange, base, quote, exchange === 'bybit' ? 0.1 : 0.01)])),
});
const update = (ts: number, ...instruments: readonly Instrument[]): CatalogUpdate => {
  const catalog: InstrumentCatalog = { venues: ['bybit', 'binance'], instruments: new Map(instruments.map((i) => [i.key, i])), health: {} };
  return { type: 'catalog', ts, catalog, changes: [] };
};
/** Two topics per instrument, a third with its book; a connection holds four on Bybit, any number on Binance. */
const limits: ShardPlanLimits = {
  maxInstruments: 10,
  connections: { bybit: { maxTopics: 4 } },
  topicsOf: (_exchange, symbol, book) => [`t.${symbol}`, `k.${symbol}`, ...(book ? [`d.${symbol}`] : [])],
};
const shape = (plan: ShardPlan): string[] =>
  plan.shards.map((s) => `${s.id} ${s.chain.join('>')}: ${s.instruments.map((i) => `${i.key}${i.book === true ? '+book' : ''}`).join(' ')}`);
const candidate = (coin: string, ...venues: readonly ExchangeId[]): ShardCandidate => ({
  key: `${coin}-USDT`,
  coin,
  quote: 'USDT',
  venues: venues.map((exchange) => ({ exchange, symbol: `${coin}USDT` })),
});
const testScheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));

describe('universeOf and shardPlans', () => {
  it('plans the selected instruments of each catalog update into stable shards, and keeps the primary tick sizes', () => {
    const s = testScheduler();
    s.run(({ cold, expectObservable }) => {
      const btc = instrument('BTC', 'USDT', 'bybit', 'binance');
      const eth = instrument('ETH', 'USDC', 'bybit', 'binance');
      const bnb = instrument('BNB', 'USDT', 'binance');
      const sol = instrument('SOL', 'USDT', 'bybit', 'binance');
      const xrp = instrument('XRP', 'EUR', 'bybit');
      const catalog$ = cold<CatalogEvent>('a 9ms b', { a: update(1, btc, eth, bnb, xrp), b: update(2, btc, bnb, sol) });
      const universe = universeOf({ catalog$, selection: { kind: 'all', quotes: ['USDT', 'USDC'] } });
      const { plans$ } = shardPlans({ candidates$: universe.candidates$, books: { kind: 'none' }, limits, scheduler: s });
      expectObservable(plans$.pipe(map(shape))).toBe('a 9ms b', {
        a: ['s0 bybit>binance: BTC-USDT ETH-USDC', 's1 binance: BNB-USDT'],
        b: ['s0 bybit>binance: BTC-USDT SOL-USDT', 's1 binance: BNB-USDT'],
      });
      expectObservable(plans$.pipe(map(() => [...universe.tickSizes]))).toBe('a 9ms b', {
        a: [
          ['BTC-USDT', 0.1],
          ['ETH-USDC', 0.1],
          ['BNB-USDT', 0.01],
        ],
        b: [
          ['BTC-USDT', 0.1],
          ['BNB-USDT', 0.01],
          ['SOL-USDT', 0.1],
        ],
      });
    });
  });

  it('gives the later of its two subscribers the plan made while the first subscribed, when the candidates never complete', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      // A never-completing source that answers at once, as a cluster's shards held combined with a fixed coin list.
      const candidates$ = hot<readonly ShardCandidate[]>('-').pipe(startWith([candidate('BTC', 'bybit'), candidate('ETH', 'bybit')]));
      const { plans$, statuses$ } = shardPlans({ candidates$, books: { kind: 'none' }, limits, scheduler: testScheduler() });
      expectObservable(statuses$).toBe('-');
      expectObservable(plans$.pipe(map(shape))).toBe('a', { a: ['s0 bybit: BTC-USDT ETH-USDT'] });
    });
  });

  it('with equivalent quotes, plans an instrument on the chain of the venues that serve it, one of them at its own quote, and tells that venue so', () => {
    const s = testScheduler();
    s.run(({ cold, expectObservable }) => {
      const usd = (base: string): VenueListing => ({ ...listing('coinbase', base, 'USD'), symbol: `${base}-USD` });
      const catalog: InstrumentCatalog = {
        venues: ['bybit', 'coinbase'],
        instruments: new Map([
          ['BTC-USDT', instrument('BTC', 'USDT', 'bybit')],
          ['BTC-USD', { key: 'BTC-USD', base: 'BTC', quote: 'USD', market: 'spot', listings: { coinbase: usd('BTC') } }],
          ['ETH-USDT', instrument('ETH', 'USDT', 'bybit')],
        ]),
        health: {},
      };
      const universe = universeOf({
        catalog$: cold<CatalogEvent>('a', { a: { type: 'catalog', ts: 1, catalog, changes: [] } }),
        selection: { kind: 'all', quotes: ['USDT'], equivalentQuotes: ['USDT', 'USD'] },
      });
      const { plans$ } = shardPlans({ candidates$: universe.candidates$, books: { kind: 'none' }, limits: { ...limits, connections: {} }, scheduler: s });
      expectObservable(plans$.pipe(map(shape))).toBe('a', { a: ['s0 bybit>coinbase: BTC-USDT', 's1 bybit: ETH-USDT'] });
      expectObservable(plans$.pipe(map((plan) => plan.shards.flatMap((shard) => shard.chain.map((venue) => venueSymbolsOf(shard, venue)))))).toBe('a', {
        a: [
          [{ symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', book: false }],
          [{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT', book: false }],
          [{ symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT', book: false }],
        ],
      });
    });
  });

  it("says the catalog's events as statuses", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const stale: CatalogEvent = { type: 'catalog_status', exchange: 'binance', state: 'catalog_stale', reason: 'HTTP 429', ts: 5, consecutiveFailures: 1 };
      const universe = universeOf({
        catalog$: cold<CatalogEvent>('a b', { a: update(1, instrument('BTC', 'USDT', 'bybit')), b: stale }),
        selection: { kind: 'all', quotes: ['USDT'] },
      });
      expectObservable(universe.statuses$.pipe(map((status) => `${status.state} ${status.exchange}`))).toBe('-b', { b: 'catalog_stale binance' });
    });
  });

  it('names an instrument no connection can hold once, as unserved', () => {
    const s = testScheduler();
    s.run(({ cold, expectObservable }) => {
      const tiny: ShardPlanLimits = { ...limits, connections: { bybit: { maxTopics: 1 } } };
      const { plans$, statuses$ } = shardPlans({
        candidates$: cold('a b', { a: [candidate('BTC', 'bybit')], b: [candidate('BTC', 'bybit')] }),
        books: { kind: 'none' },
        limits: tiny,
        scheduler: s,
      });
      expectObservable(statuses$.pipe(map((status) => `${status.state} ${status.exchange} ${status.symbol ?? '-'}`))).toBe('a', {
        a: 'unserved bybit BTCUSDT',
      });
      expectObservable(plans$.pipe(map((plan) => plan.refused.join(',')))).toBe('a b', { a: 'BTC-USDT', b: 'BTC-USDT' });
    });
  });

  it('follows the books of the busiest instruments by 24 h quote volume at their primary venue, once the volumes are read', () => {
    const s = testScheduler();
    s.run(({ cold, expectObservable }) => {
      const candidates = [candidate('BTC', 'bybit', 'binance'), candidate('ETH', 'bybit', 'binance'), candidate('BNB', 'binance')];
      const volumes$ = cold('5ms v 4ms w', {
        v: new Map([
          ['bybit:BTCUSDT', 9e9],
          ['bybit:ETHUSDT', 1e9],
          ['binance:BNBUSDT', 5e9],
        ]),
        w: new Map([
          ['bybit:BTCUSDT', 9e9],
          ['bybit:ETHUSDT', 8e9],
          ['binance:BNBUSDT', 5e9],
          ['binance:ETHUSDT', 1],
        ]),
      });
      const { plans$ } = shardPlans({
        candidates$: cold('a', { a: candidates }),
        books: { kind: 'top', count: 2 },
        volumes$,
        limits: { ...limits, connections: {} },
        scheduler: s,
      });
      expectObservable(plans$.pipe(map(shape))).toBe('a 4ms b 4ms c', {
        a: ['s0 bybit>binance: BTC-USDT ETH-USDT', 's1 binance: BNB-USDT'],
        b: ['s0 bybit>binance: BTC-USDT+book ETH-USDT', 's1 binance: BNB-USDT+book'],
        c: ['s0 bybit>binance: BTC-USDT+book ETH-USDT+book', 's1 binance: BNB-USDT'],
      });
    });
  });
});
