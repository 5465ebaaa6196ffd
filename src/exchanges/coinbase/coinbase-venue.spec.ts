import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { COINBASE_BOOK_LEVELS_OPTION } from './coinbase-options.js';
import { COINBASE_REST_PACER_CONFIG, COINBASE_REST_URL, coinbaseVenue } from './coinbase-venue.js';

const products = JSON.parse(readFileSync(new URL('./__fixtures__/coinbase-products.json', import.meta.url), 'utf8')) as unknown;

describe('coinbaseVenue', () => {
  it('connects to the Advanced Trade market data socket and its REST API', () => {
    expect(coinbaseVenue.ws.url).toBe('wss://advanced-trade-ws.coinbase.com');
    expect(COINBASE_REST_URL).toBe('https://api.coinbase.com');
    expect(coinbaseVenue.catalog.restUrl).toBe(COINBASE_REST_URL);
    expect(coinbaseVenue.protocol.id).toBe('coinbase-advanced-trade');
  });

  it('reads listings and volumes from the one products list, each request weighing 1', () => {
    const { listings, volumes } = coinbaseVenue.catalog;
    expect([listings.path, listings.weight, volumes.path, volumes.weight]).toEqual([
      '/api/v3/brokerage/market/products',
      1,
      '/api/v3/brokerage/market/products',
      1,
    ]);
    expect(listings.read(products, 'coinbase').listings).toHaveLength(26);
    expect(volumes.read(products, 'coinbase').volumes.get('BTC-USD')).toBe(186637571.25);
  });

  it('paces public REST at 8 requests a second, below the 10 Coinbase allows', () => {
    expect(coinbaseVenue.catalog.pacer).toEqual(COINBASE_REST_PACER_CONFIG);
    expect(COINBASE_REST_PACER_CONFIG.weightPerMinute / 60).toBe(8);
    expect(1000 / COINBASE_REST_PACER_CONFIG.minIntervalMs).toBe(8);
  });

  it('keeps at most 16 products a connection, opens one socket a second, sends at most 4 messages a second on each', () => {
    const limits = coinbaseVenue.connectionLimits;
    expect(limits).toEqual({ maxTopics: 48, maxTopicsPerRequest: 16, requestsPerSecond: 4, connectionsPerWindow: 1, connectionWindowMs: 1000 });
    expect(limits.maxTopics / 3).toBe(16);
    expect(limits.maxTopics).toBeLessThanOrEqual(coinbaseVenue.caps.maxTopics);
    expect(limits.maxTopicsPerRequest).toBeLessThanOrEqual(coinbaseVenue.caps.maxTopicsPerRequest);
  });

  it('names holes by time and repairs them from the latest trades', () => {
    expect(coinbaseVenue.tradeIds.rule).toBe('by_time');
  });

  it('offers its book depth option and follows it', () => {
    expect(coinbaseVenue.ownOptions?.table).toEqual([COINBASE_BOOK_LEVELS_OPTION]);
    expect([COINBASE_BOOK_LEVELS_OPTION.flag, COINBASE_BOOK_LEVELS_OPTION.key, COINBASE_BOOK_LEVELS_OPTION.default]).toEqual([
      'coinbase-book-levels',
      'books.coinbaseLevels',
      1000,
    ]);
    expect(COINBASE_BOOK_LEVELS_OPTION.parse('40')).toEqual({ ok: false, allowed: 'a whole number from 50 to 50000' });
    expect(COINBASE_BOOK_LEVELS_OPTION.parse('200')).toEqual({ ok: true, value: 200 });
    const protocol = coinbaseVenue.protocolWith?.of({ options: { [COINBASE_BOOK_LEVELS_OPTION.key]: 200 } });
    expect(protocol?.book?.channel).toBe('level2');
  });

  it("reads a product's latest trades through the venue's pacer", async () => {
    const answer = readFileSync(new URL('./__fixtures__/coinbase-market-trades-btc-usd.json', import.meta.url), 'utf8');
    const asked: string[] = [];
    const history = coinbaseVenue.tradeHistory?.({
      exchange: 'coinbase',
      restUrl: 'http://venue.test',
      pacer: restWeightPacer(asyncScheduler, COINBASE_REST_PACER_CONFIG),
      timeoutMs: 1000,
      scheduler: asyncScheduler,
      options: {},
      fetch: (input) => {
        asked.push(input instanceof Request ? input.url : input.toString());
        return Promise.resolve(new Response(answer, { status: 200 }));
      },
    });
    const recent = history?.recent;
    if (recent === undefined) throw new Error('no recent trades read');
    const trades = await firstValueFrom(recent('BTC-USD'));
    expect(asked).toEqual(['http://venue.test/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1000']);
    expect(trades).toHaveLength(3);
  });
});
