import { readFileSync } from 'node:fs';
import pino from 'pino';
import { asyncScheduler, firstValueFrom, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../book-update.js';
import { CatalogReadError } from '../rest/catalog-read-error.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { recordingPacer } from './__fixtures__/recording-pacer.js';
import { binanceUsdmBookPlan } from './binance-usdm-book-plan.js';
import { parseBinanceUsdmFrame } from './binance-usdm-frames.js';
import { binanceUsdmProtocol } from './binance-usdm-protocol.js';
import { binanceUsdmVenue } from './binance-usdm-venue.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const { connection } = binanceUsdmProtocol;

describe('binanceUsdmProtocol: streams on the route that carries them', () => {
  it('declares the two routes, books on /public', () => {
    expect(connection.routes).toEqual([
      { name: 'public', path: '/public', books: true },
      { name: 'market', path: '/market' },
    ]);
  });

  it('puts the best bid/ask on /public and every other stream on /market; markPrice@1s is pushed every second', () => {
    expect(binanceUsdmProtocol.streams.map((s) => [binanceUsdmProtocol.topic('BTCUSDT', s), s.record, s.route, s.cadenceMs])).toEqual([
      ['btcusdt@aggTrade', 'trade', 'market', undefined],
      ['btcusdt@ticker', 'price_tick', 'market', undefined],
      ['btcusdt@bookTicker', 'book_ticker', 'public', undefined],
      ['btcusdt@kline_1m', 'kline', 'market', undefined],
      ['btcusdt@markPrice@1s', 'derivative_ticker', 'market', 1000],
      ['btcusdt@forceOrder', 'liquidation', 'market', undefined],
    ]);
    expect(binanceUsdmProtocol.streams[3]?.channelFor?.('5m')).toBe('kline_5m');
  });

  it("opens each route as a combined-stream socket at the base URL plus the route's path, subscribing the rest by integer-id requests", () => {
    expect(connection.url('wss://fstream.binance.com/market', ['btcusdt@aggTrade', 'btcusdt@markPrice@1s'])).toBe(
      'wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s',
    );
    expect(connection.subscribe?.subscribeRequest(['btcusdt@forceOrder'], '3').text).toBe('{"method":"SUBSCRIBE","params":["btcusdt@forceOrder"],"id":3}');
    expect(connection.subscribe?.requestsPerSecond).toBe(5);
    expect(connection.rotation).toEqual({ lifetimeMs: 23 * 60 * 60 * 1000, overlapMs: 5000 });
  });

  it('reads acks, refusals and serverShutdown as the connection, market frames as none of its business', () => {
    const control = (text: string) => {
      const parsed = parseBinanceUsdmFrame(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return binanceUsdmProtocol.control(parsed.frame);
    };
    expect(control('{"result":null,"id":1}')).toEqual({ kind: 'subscribe_ack', success: true, message: '', requestId: '1' });
    expect(control('{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":2}')).toMatchObject({ kind: 'venue_error', requestId: '2' });
    expect(control('{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}')).toEqual({ kind: 'rotate', reason: 'serverShutdown' });
    expect(control(fixture('binance-usdm-markPrice.ndjson').split('\n')[0] ?? '')).toBeUndefined();
    expect(control(fixture('binance-usdm-forceOrder.ndjson').split('\n')[0] ?? '')).toBeUndefined();
  });

  it('polls open interest by default every 60 s at weight 1, and every configured interval', () => {
    expect(binanceUsdmProtocol.polls?.map((p) => [p.intervalMs, p.weight, p.path('btcusdt')])).toEqual([[60_000, 1, '/fapi/v1/openInterest?symbol=BTCUSDT']]);
    const configured = binanceUsdmVenue.protocolWith?.of({ options: { 'binanceUsdm.openInterestMs': 5000 } });
    expect(configured?.polls?.map((p) => p.intervalMs)).toEqual([5000]);
  });
});

describe('binanceUsdmVenue', () => {
  it('is the linear market, with consecutive trade ids, its REST lists and 2,400 weight a minute', () => {
    expect(binanceUsdmVenue.market).toBe('linear');
    expect(binanceUsdmVenue.tradeIds).toEqual({ rule: 'consecutive', ordered: true });
    const { catalog } = binanceUsdmVenue;
    expect([catalog.restUrl, catalog.pacer, catalog.listings.path, catalog.listings.weight, catalog.volumes.path, catalog.volumes.weight]).toEqual([
      'https://fapi.binance.com',
      { weightPerMinute: 2400 },
      '/fapi/v1/exchangeInfo',
      1,
      '/fapi/v1/ticker/24hr',
      40,
    ]);
  });

  it('takes its stream count and REST budget from its own options only', () => {
    expect(binanceUsdmVenue.connectionLimits.maxTopics).toBe(200);
    expect(binanceUsdmVenue.caps.maxTopics).toBe(1024);
    expect(binanceUsdmVenue.ownOptions?.limitsOf?.({ 'connections.binanceUsdmMaxStreams': 1024, 'connections.binanceMaxStreams': 10 })).toEqual({
      maxTopics: 1024,
    });
    expect(binanceUsdmVenue.ownOptions?.pacerOf?.({ 'binanceBook.restWeightPerMinute': 900 })).toEqual({});
    expect(binanceUsdmVenue.ownOptions?.pacerOf?.({ 'binanceUsdm.restWeightPerMinute': 1200 })).toEqual({ weightPerMinute: 1200 });
  });

  it('fails a list answered 451 (a restricted location) for good, naming the status', async () => {
    const error = await firstValueFrom(
      fetchVenueList({
        exchange: 'binance_usdm',
        url: 'https://fapi.binance.com/fapi/v1/exchangeInfo',
        dialect: binanceUsdmVenue.catalog.dialect,
        read: (json) => binanceUsdmVenue.catalog.listings.read(json, 'binance_usdm'),
        fetch: () => Promise.resolve(new Response('{"code":0,"msg":"Service unavailable from a restricted location"}', { status: 451 })),
      }),
    ).then(
      () => 'no error',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogReadError);
    expect([(error as CatalogReadError).retriable, (error as CatalogReadError).info.status]).toEqual([false, 451]);
  });

  it('keeps its books with /fapi/v1/depth?limit=1000 snapshots (weight 20) on the venue pacer, under the pu chain', async () => {
    const urls: string[] = [];
    const restPacer = recordingPacer();
    expect(binanceUsdmVenue.protocolWith?.of({ options: {}, restPacer }).book?.channel).toBe('depth@100ms');
    const plan = binanceUsdmBookPlan({
      restPacer,
      fetch: (input) => {
        urls.push(urlOf(input));
        return Promise.resolve(new Response('{"lastUpdateId":158,"E":1,"T":1,"bids":[["0.0023","5"]],"asks":[["0.0026","7"]]}', { status: 200 }));
      },
    });
    const source = new Subject<BookUpdate>();
    const outputs = firstValueFrom(
      source.pipe(
        plan.sync({
          exchange: 'binance_usdm',
          scheduler: asyncScheduler,
          logger: pino({ level: 'silent' }),
          resubscribe: () => undefined,
          restUrl: 'https://fapi.binance.com',
        }),
        take(1),
        toArray(),
      ),
    );
    // The documented depthUpdate (U 157, u 160) and a snapshot at 158, which it brackets.
    const parsed = parseBinanceUsdmFrame(fixture('binance-usdm-depthUpdate.ndjson').trim());
    if (!parsed.ok) throw new Error(parsed.error);
    for (const update of plan.updates(parsed.frame, 1)) source.next(update);
    const [view] = await outputs;
    expect(view).toMatchObject({
      type: 'book_view',
      updateId: 160,
      bids: [
        { price: 0.0024, size: 10 },
        { price: 0.0023, size: 5 },
      ],
      asks: [{ price: 0.0026, size: 100 }],
    });
    expect(urls).toEqual(['https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000']);
    expect(restPacer.weights).toEqual([20]);
  });
});

/** The URL a `fetch` was asked for. */
function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}
