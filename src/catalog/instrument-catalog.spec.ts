import { NEVER, takeUntil, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from '../exchanges/rest/rest-rate-limited-error.js';
import type { ListingState, VenueListing } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { CatalogEvent, CatalogUpdate } from './catalog-event.js';
import { CatalogReadError } from '../exchanges/rest/catalog-read-error.js';
import { instrumentCatalog, type InstrumentCatalogConfig } from './instrument-catalog.js';
import type { ListingsRead } from '../exchanges/rest/listings-read.js';
import { venueRestPacers } from './venue-rest-pacers.js';

const MIN = 60_000;
type Cold = TestScheduler['createColdObservable'];
/** One scripted answer per read, in order; the last repeats. */
type Script = readonly ((cold: Cold) => Observable<ListingsRead>)[];

const listing = (exchange: ExchangeId, base: string, state: ListingState = 'trading'): VenueListing => ({
  exchange,
  symbol: `${base}USDT`,
  base,
  quote: 'USDT',
  state,
  venueStatus: state === 'trading' ? 'TRADING' : 'HALT',
  tickSize: 0.01,
  lotStep: 0.001,
});
const TEN = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
const list = (exchange: ExchangeId, bases: readonly string[], halted: readonly string[] = []): ListingsRead => ({
  listings: bases.map((base) => listing(exchange, base, halted.includes(base) ? 'halted' : 'trading')),
  skipped: [],
});
const answer = (read: ListingsRead) => (cold: Cold) => cold('(r|)', { r: read });
const failing = (error: Error) => (cold: Cold) => cold<ListingsRead>('#', {}, error);

/** A compact line per event: `time kind venue ...`. */
function line(event: CatalogEvent): string {
  if (event.type === 'catalog_status') return `${event.ts} ${event.exchange} ${event.state}: ${event.reason}`;
  const changes = event.changes.map((c) => `${c.kind} ${c.exchange} ${c.key}`).join(', ');
  return `${event.ts} catalog ${event.catalog.instruments.size} [${changes}]`;
}

/** Runs the catalog over scripted reads until `untilMs`; the events, the updates and when each venue was read. */
function runCatalog(scripts: Partial<Record<ExchangeId, Script>>, untilMs: number, config: Partial<InstrumentCatalogConfig> = {}) {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const events: CatalogEvent[] = [];
  const readAt: string[] = [];
  const ends: string[] = [];
  scheduler.run(({ cold }) => {
    const venues = Object.keys(scripts) as ExchangeId[];
    const calls = new Map<ExchangeId, number>();
    const read = (exchange: ExchangeId): Observable<ListingsRead> => {
      const script = scripts[exchange] ?? [];
      const n = calls.get(exchange) ?? 0;
      calls.set(exchange, n + 1);
      readAt.push(`${scheduler.now()} ${exchange}`);
      const play = script[Math.min(n, script.length - 1)];
      if (play === undefined) throw new Error(`no script for ${exchange}`);
      return play(cold);
    };
    instrumentCatalog({ venues, scheduler, pacers: venueRestPacers(venues, scheduler), read, timeoutMs: 10_000, ...config })
      .pipe(takeUntil(timer(untilMs, scheduler)))
      .subscribe({
        next: (e) => events.push(e),
        error: (e: unknown) => ends.push(`${scheduler.now()} error ${String(e)}`),
        complete: () => ends.push(`${scheduler.now()} complete`),
      });
  });
  const updates = events.filter((e): e is CatalogUpdate => e.type === 'catalog');
  return { lines: events.map(line), updates, readAt, ends };
}

describe('instrumentCatalog', () => {
  it('reads every venue at start and then every refreshMs, the first catalog coming once each venue has answered', () => {
    const { lines, readAt, updates } = runCatalog({ bybit: [answer(list('bybit', ['A', 'B']))], binance: [answer(list('binance', ['B', 'C']))] }, 10 * MIN + 1);
    expect(readAt).toEqual(['0 bybit', '0 binance', '300000 bybit', '300000 binance', '600000 bybit', '600000 binance']);
    expect(lines).toEqual([
      '0 bybit catalog_ready: 2 instruments listed, 0 entries skipped',
      '0 binance catalog_ready: 2 instruments listed, 0 entries skipped',
      '0 catalog 3 []',
      '300000 catalog 3 []',
      '300000 catalog 3 []',
      '600000 catalog 3 []',
      '600000 catalog 3 []',
    ]);
    const first = updates[0]?.catalog;
    expect(first?.venues).toEqual(['bybit', 'binance']);
    expect([...(first?.instruments.keys() ?? [])]).toEqual(['A-USDT', 'B-USDT', 'C-USDT']);
    expect(Object.keys(first?.instruments.get('B-USDT')?.listings ?? {})).toEqual(['bybit', 'binance']);
    expect(updates.at(-1)?.catalog.health.binance).toEqual({
      state: 'fresh',
      listedAt: 600_000,
      listed: 2,
      skipped: 0,
      reads: 3,
      failedReads: 0,
      consecutiveFailures: 0,
    });
  });

  it('reports a listing, a delisting, a halt and a resumption as changes of the venue that made them', () => {
    const script: Script = [answer(list('binance', TEN, ['J'])), answer(list('binance', [...TEN.filter((b) => b !== 'B'), 'NEW'], ['C']))];
    const { lines, updates } = runCatalog({ binance: script }, 5 * MIN + 1);
    expect(lines.slice(1)).toEqual([
      '0 catalog 10 []',
      '300000 catalog 10 [delisted binance B-USDT, halted binance C-USDT, resumed binance J-USDT, listed binance NEW-USDT]',
    ]);
    const now = updates[1]?.catalog.instruments;
    expect([now?.has('B-USDT'), now?.get('C-USDT')?.listings.binance?.state, now?.get('NEW-USDT')?.listings.binance?.symbol]).toEqual([
      false,
      'halted',
      'NEWUSDT',
    ]);
    // A new listing says since when it may have traded: the previous list, read at 0, did not hold it.
    expect(updates[1]?.changes.map((change) => `${change.kind} ${change.key} ${String(change.absentAt)}`)).toEqual([
      'delisted B-USDT undefined',
      'halted C-USDT undefined',
      'resumed J-USDT undefined',
      'listed NEW-USDT 0',
    ]);
  });

  it.each([
    [
      'a failed read',
      failing(new CatalogReadError('http://venue.test: HTTP 503 busy', true, { exchange: 'bybit', url: 'http://venue.test', status: 503 })),
      300_000,
      'http://venue.test: HTTP 503 busy',
    ],
    [
      'an empty list',
      answer({ listings: [], skipped: [{ path: '$.result.list[0].priceFilter', problem: 'expected an object' }] }),
      300_000,
      'the list is empty',
    ],
    [
      'an unparsable list',
      failing(
        new CatalogReadError('http://venue.test: $.result.list: expected an array', false, {
          exchange: 'bybit',
          url: 'http://venue.test',
          path: '$.result.list',
        }),
      ),
      300_000,
      'http://venue.test: $.result.list: expected an array',
    ],
    ['a read that never answers', () => NEVER, 310_000, 'https://api.bybit.com/v5/market/instruments-info?category=spot: no answer in 10000 ms'],
    [
      'a 429 with a long Retry-After',
      failing(new RestRateLimitedError({ status: 429, retryAfterMs: 120_000, url: 'http://venue.test' })),
      310_000,
      'https://api.bybit.com/v5/market/instruments-info?category=spot: no answer in 10000 ms (rate limited: http://venue.test: HTTP 429 (Retry-After 120000 ms))',
    ],
  ] as const)('keeps the last good list through %s and says catalog_stale, then catalog_recovered', (_name, bad, staleAt, reason) => {
    const { lines, updates } = runCatalog({ bybit: [answer(list('bybit', TEN)), bad, answer(list('bybit', TEN))] }, staleAt + 5 * MIN + 1);
    expect(lines).toEqual([
      '0 bybit catalog_ready: 10 instruments listed, 0 entries skipped',
      '0 catalog 10 []',
      `${staleAt} bybit catalog_stale: ${reason}; keeping the list read ${staleAt / 1000} s ago`,
      `${staleAt} catalog 10 []`,
      `${staleAt + 5 * MIN} bybit catalog_recovered: list read again after 1 failed read(s): 10 instruments`,
      `${staleAt + 5 * MIN} catalog 10 []`,
    ]);
    expect(updates[1]?.catalog.health.bybit).toEqual({
      state: 'stale',
      listedAt: 0,
      listed: 10,
      skipped: 0,
      reads: 2,
      failedReads: 1,
      consecutiveFailures: 1,
      lastFailure: reason,
    });
    expect(updates[1]?.catalog.instruments).toBe(updates[0]?.catalog.instruments);
  });

  it('refuses a list with more than maxDropShare of the trading instruments gone, and believes it on the third read in a row', () => {
    const { lines, updates } = runCatalog({ bybit: [answer(list('bybit', TEN)), answer(list('bybit', TEN.slice(0, 7)))] }, 15 * MIN + 1);
    expect(lines.slice(2)).toEqual([
      '300000 bybit catalog_stale: 3 of 10 trading instruments gone at once (30.0 %, more than 20 %); keeping the list read 300 s ago',
      '300000 catalog 10 []',
      '600000 bybit catalog_stale: 3 of 10 trading instruments gone at once (30.0 %, more than 20 %); keeping the list read 600 s ago',
      '600000 catalog 10 []',
      '900000 bybit catalog_recovered: list read again after 2 failed read(s): 7 instruments',
      '900000 catalog 7 [delisted bybit H-USDT, delisted bybit I-USDT, delisted bybit J-USDT]',
    ]);
    expect(updates.at(-1)?.catalog.health.bybit).toMatchObject({ state: 'fresh', reads: 4, failedReads: 2, consecutiveFailures: 0 });
  });

  it('takes a drop within maxDropShare at once', () => {
    const { lines } = runCatalog({ bybit: [answer(list('bybit', TEN)), answer(list('bybit', TEN.slice(0, 8)))] }, 5 * MIN + 1, { maxDropShare: 0.2 });
    expect(lines.at(-1)).toBe('300000 catalog 8 [delisted bybit I-USDT, delisted bybit J-USDT]');
  });

  it('starts on the venues that answered: a venue whose first read fails is unavailable, retried with back-off, and ready when it answers', () => {
    const down = failing(new CatalogReadError('http://bybit.test: fetch failed', true, { exchange: 'bybit', url: 'http://bybit.test' }));
    const { lines, readAt, updates } = runCatalog(
      { bybit: [down, down, down, answer(list('bybit', ['A', 'Z']))], binance: [answer(list('binance', ['A', 'B']))] },
      60_000,
      { retryInitialMs: 5000 },
    );
    expect(readAt).toEqual(['0 bybit', '0 binance', '5000 bybit', '15000 bybit', '35000 bybit']);
    expect(lines).toEqual([
      '0 bybit catalog_stale: http://bybit.test: fetch failed; no list yet',
      '0 binance catalog_ready: 2 instruments listed, 0 entries skipped',
      '0 catalog 2 []',
      '5000 bybit catalog_stale: http://bybit.test: fetch failed; no list yet',
      '5000 catalog 2 []',
      '15000 bybit catalog_stale: http://bybit.test: fetch failed; no list yet',
      '15000 catalog 2 []',
      '35000 bybit catalog_ready: 2 instruments listed, 0 entries skipped',
      '35000 catalog 3 []',
    ]);
    expect(updates[0]?.catalog.health.bybit).toMatchObject({ state: 'unavailable', listed: 0, failedReads: 1 });
    expect(updates.at(-1)?.catalog.instruments.get('Z-USDT')?.listings).toEqual({ bybit: listing('bybit', 'Z') });
  });

  it('waits for the slowest venue, at most the time limit, before the first catalog', () => {
    const { lines } = runCatalog({ bybit: [(cold) => cold('-')], binance: [answer(list('binance', ['A']))] }, 10_001);
    expect(lines.slice(1)).toEqual([
      '10000 bybit catalog_stale: https://api.bybit.com/v5/market/instruments-info?category=spot: no answer in 10000 ms; no list yet',
      '10000 catalog 1 []',
    ]);
  });

  it('never errors or completes when every venue keeps failing', () => {
    const down = failing(new Error('socket hang up'));
    const { lines, ends } = runCatalog({ bybit: [down], binance: [down] }, 30 * MIN);
    expect(ends).toEqual([`${30 * MIN} complete`]);
    expect(lines.filter((l) => l.includes('catalog_stale')).length).toBeGreaterThan(10);
  });
});
