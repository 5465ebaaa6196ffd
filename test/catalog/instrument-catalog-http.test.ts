import { asyncScheduler, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrumentCatalog } from '../../src/catalog/instrument-catalog.js';
import type { CatalogEvent, CatalogUpdate } from '../../src/catalog/catalog-event.js';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { venueRestPacers } from '../../src/catalog/venue-rest-pacers.js';
import { collectUntil } from '../exchanges/collect-until.js';
import { until } from '../support/until.js';
import { docFixture, startVenueListServer, type VenueListServer } from './venue-list-server.js';

/** Used by no other test (grep test/ before changing it). */
const PORT = 31470;
const EXCHANGE_INFO = '/api/v3/exchangeInfo';
const INSTRUMENTS = '/v5/market/instruments-info?category=spot';

let server: VenueListServer;

beforeAll(async () => {
  server = await startVenueListServer(PORT);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.answer(EXCHANGE_INFO, { status: 200, body: docFixture('binance-exchange-info.json'), headers: { 'x-mbx-used-weight-1m': '20' } });
  server.answer(INSTRUMENTS, { status: 200, body: docFixture('bybit-instruments-info-spot.json') });
  server.answer('/api/v3/ticker/24hr', { status: 200, body: docFixture('binance-ticker-24hr.json') });
  server.answer('/v5/market/tickers?category=spot', { status: 200, body: docFixture('bybit-tickers-spot.json') });
});

/** The venue's own pacer, as the composition root would create it. */
function pacerOf(venue: 'bybit' | 'binance') {
  const pacer = venueRestPacers([venue], asyncScheduler)[venue];
  if (pacer === undefined) throw new Error(`no pacer for ${venue}`);
  return pacer;
}

const updates = (events: readonly CatalogEvent[]) => events.filter((e): e is CatalogUpdate => e.type === 'catalog');
const statuses = (events: readonly CatalogEvent[]) => events.flatMap((e) => (e.type === 'catalog_status' ? [`${e.exchange} ${e.state}: ${e.reason}`] : []));

describe('the instrument catalog over HTTP', () => {
  it("merges both venues' documented lists into one catalog, with their tick sizes", async () => {
    const catalog$ = instrumentCatalog({
      venues: ['bybit', 'binance'],
      restUrls: { bybit: server.url, binance: server.url },
      scheduler: asyncScheduler,
      timeoutMs: 2000,
    });
    const { values, error } = await collectUntil(catalog$, (v) => updates(v).length >= 1, 5000);
    expect(error).toBeUndefined();
    const catalog = updates(values)[0]?.catalog;
    expect([...(catalog?.instruments.keys() ?? [])]).toEqual(['BTC-USDT', 'ETH-BTC']);
    expect(catalog?.instruments.get('BTC-USDT')?.listings.bybit).toMatchObject({ symbol: 'BTCUSDT', tickSize: 0.1, lotStep: 0.000001 });
    expect(catalog?.instruments.get('ETH-BTC')?.listings.binance).toMatchObject({ symbol: 'ETHBTC', tickSize: 0.000001, lotStep: 0.001 });
    expect(server.requests.map((r) => r.path).sort()).toEqual([EXCHANGE_INFO, INSTRUMENTS]);
  });

  it('keeps the last good list through a 429 and reads the list again once it is over', async () => {
    const catalog$ = instrumentCatalog({ venues: ['binance'], restUrls: { binance: server.url }, scheduler: asyncScheduler, refreshMs: 200, timeoutMs: 400 });
    let limited = false;
    const { values, error } = await collectUntil(
      catalog$,
      (v) => {
        if (!limited && updates(v).length === 1) {
          limited = true;
          server.answer(EXCHANGE_INFO, { status: 429, body: '{"code":-1003,"msg":"Too many requests."}', headers: { 'retry-after': '1' } });
          setTimeout(() => server.answer(EXCHANGE_INFO, { status: 200, body: docFixture('binance-exchange-info.json') }), 700);
        }
        return statuses(v).some((s) => s.includes('catalog_recovered'));
      },
      10_000,
    );
    expect(error).toBeUndefined();
    const said = statuses(values);
    expect(said[0]).toBe('binance catalog_ready: 1 instruments listed, 0 entries skipped');
    expect(said[1]).toMatch(
      /^binance catalog_stale: http:\/\/127\.0\.0\.1:31470\/api\/v3\/exchangeInfo: no answer in 400 ms \(rate limited: .*HTTP 429 \(Retry-After 1000 ms\)\); keeping the list read \d+ s ago$/,
    );
    const stale = updates(values).find((u) => u.catalog.health.binance?.state === 'stale');
    expect(stale?.catalog.instruments.has('ETH-BTC')).toBe(true);
    expect(said.at(-1)).toMatch(/^binance catalog_recovered: /);
  });

  it('gives up on a list that does not come in time and aborts the request', async () => {
    server.answer(INSTRUMENTS, { status: 200, body: docFixture('bybit-instruments-info-spot.json'), delayMs: 5000 });
    const failure = await firstValueFrom(
      readVenueList('listings', { exchange: 'bybit', restUrl: server.url, pacer: pacerOf('bybit'), timeoutMs: 300, scheduler: asyncScheduler }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((failure as Error).message).toBe(`${server.url}${INSTRUMENTS}: no answer in 300 ms`);
    // The server hears of the abort when its loop next reads the socket: at once on an idle machine.
    await until('the server heard of the abort', () => server.requests[0]?.abandoned === true, 5_000, 20);
    expect(server.requests).toEqual([{ path: INSTRUMENTS, abandoned: true }]);
  });

  it('holds every Bybit request for 10 minutes after its 403, asking the venue nothing meanwhile', async () => {
    server.answer(INSTRUMENTS, { status: 403, body: 'access too frequent' });
    const pacer = pacerOf('bybit');
    const ask = (path: 'listings' | 'volumes') =>
      firstValueFrom(readVenueList(path, { exchange: 'bybit', restUrl: server.url, pacer, timeoutMs: 500, scheduler: asyncScheduler })).then(
        () => undefined,
        (e: unknown) => (e as Error).message,
      );
    expect(await ask('listings')).toBe(
      `${server.url}${INSTRUMENTS}: no answer in 500 ms (rate limited: ${server.url}${INSTRUMENTS}: HTTP 403 "access too frequent" (Bybit's IP ban for access too frequent: waiting 600000 ms))`,
    );
    expect(await ask('volumes')).toBe(`${server.url}/v5/market/tickers?category=spot: no answer in 500 ms`);
    expect(server.requests.map((r) => r.path)).toEqual([INSTRUMENTS]);
  });

  it("reads both venues' documented 24 h quote volumes", async () => {
    const volumes = await Promise.all(
      (['binance', 'bybit'] as const).map((exchange) =>
        firstValueFrom(readVenueList('volumes', { exchange, restUrl: server.url, pacer: pacerOf(exchange), timeoutMs: 2000, scheduler: asyncScheduler })),
      ),
    );
    expect(volumes.map((v) => [...v.volumes])).toEqual([[['BNBBTC', 15.3]], [['BTCUSDT', Number('243765620.65899866')]]]);
  });
});
