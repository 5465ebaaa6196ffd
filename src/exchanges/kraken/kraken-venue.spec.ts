import { describe, expect, it } from 'vitest';
import { restExample } from './__fixtures__/recorded-frames.js';
import { KRAKEN_BOOK_DEPTH_OPTION } from './kraken-options.js';
import { KRAKEN_REST_PACER_CONFIG, KRAKEN_REST_URL, krakenVenue } from './kraken-venue.js';

describe('krakenVenue', () => {
  it('connects to Kraken v2 and its REST API, one request a second', () => {
    expect(krakenVenue.ws.url).toBe('wss://ws.kraken.com/v2');
    expect(KRAKEN_REST_URL).toBe('https://api.kraken.com');
    expect(krakenVenue.catalog).toMatchObject({ restUrl: 'https://api.kraken.com', pacer: { weightPerMinute: 60, minIntervalMs: 1000 } });
    expect(KRAKEN_REST_PACER_CONFIG.minIntervalMs).toBe(1000);
  });

  it('lists pairs from AssetPairs and volumes from Ticker', () => {
    const { listings, volumes } = krakenVenue.catalog;
    expect([listings.path, volumes.path]).toEqual(['/0/public/AssetPairs', '/0/public/Ticker']);
    expect(listings.read(restExample('kraken-asset-pairs.json'), 'kraken').listings.map((l) => l.symbol)).toEqual(['ETH/BTC', 'BTC/USD']);
    expect([...volumes.read(restExample('kraken-ticker.json'), 'kraken').volumes.keys()]).toEqual(['XXBTZUSD']);
  });

  it('finds holes by consecutive trade id and reads history by id and by time', () => {
    expect(krakenVenue.tradeIds.rule).toBe('consecutive');
    expect(krakenVenue.tradeHistory).toBeDefined();
  });

  it('subscribes books at the configured depth, and takes only the depths Kraken serves', () => {
    const protocol = krakenVenue.protocolWith?.of({ options: { [KRAKEN_BOOK_DEPTH_OPTION.key]: 500 } });
    expect(protocol?.connection.subscribe?.subscribeRequest(['book:BTC/USD'], '1').text).toContain('"depth":500');
    expect(krakenVenue.ownOptions?.table).toContain(KRAKEN_BOOK_DEPTH_OPTION);
    expect(KRAKEN_BOOK_DEPTH_OPTION.flag).toBe('kraken-book-depth');
    expect(KRAKEN_BOOK_DEPTH_OPTION.parse('25')).toEqual({ ok: true, value: 25 });
    expect(KRAKEN_BOOK_DEPTH_OPTION.parse('20')).toEqual({ ok: false, allowed: 'one of 10, 25, 100, 500, 1000' });
  });
});
