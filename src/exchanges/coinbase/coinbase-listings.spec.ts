import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { readCoinbaseProducts } from './coinbase-listings.js';
import { readCoinbaseQuoteVolumes } from './coinbase-quote-volumes.js';

interface Answer {
  products: Record<string, unknown>[];
}
/** 30 products of the recorded answer (see __fixtures__/README.md). */
const recorded = (): Answer => JSON.parse(readFileSync(new URL('./__fixtures__/coinbase-products.json', import.meta.url), 'utf8')) as Answer;
const product = (id: string): Record<string, unknown> => recorded().products.find((p) => p['product_id'] === id) ?? {};

describe('readCoinbaseProducts', () => {
  const read = readCoinbaseProducts(recorded());

  it('lists every product without an alias, in the answer order', () => {
    expect(read.listings.map((l) => l.symbol)).toEqual([
      'BTC-USD',
      'ETH-USD',
      'SOL-USD',
      'XRP-USD',
      'PUMP-USD',
      'USDT-USD',
      'SUI-USD',
      'USDC-EUR',
      'DOGE-USD',
      'BTC-EUR',
      'USDT-USDC',
      'BTC-GBP',
      'ETH-EUR',
      'USDC-INR',
      'EURC-USDC',
      'BTC-USDT',
      'IOTX-USD',
      'ETH-USDT',
      'BTC-INR',
      'SOL-USDT',
      'KITE-USD',
      'ETH-BTC',
      'BAT-BTC',
      'DAI-USD',
      'EOS-USD',
      'MKR-USD',
    ]);
  });

  it('reads base and quote ids, tick size from price_increment and lot step from base_increment', () => {
    const bySymbol = new Map(read.listings.map((l) => [l.symbol, l]));
    expect(bySymbol.get('BTC-USD')).toEqual({
      exchange: 'coinbase',
      symbol: 'BTC-USD',
      base: 'BTC',
      quote: 'USD',
      state: 'trading',
      venueStatus: 'online',
      tickSize: 0.01,
      lotStep: 0.00000001,
    });
    expect(bySymbol.get('ETH-USDT')).toMatchObject({ base: 'ETH', quote: 'USDT', state: 'trading', tickSize: 0.01, lotStep: 0.00000001 });
    expect(bySymbol.get('BTC-EUR')).toMatchObject({ base: 'BTC', quote: 'EUR', tickSize: 0.01, lotStep: 0.00000001 });
    expect(bySymbol.get('PUMP-USD')).toMatchObject({ tickSize: 0.000001, lotStep: 1 });
    expect(bySymbol.get('ETH-BTC')).toMatchObject({ base: 'ETH', quote: 'BTC', tickSize: 0.000001, lotStep: 0.00000001 });
  });

  it('reads delisted products as halted, and limit-only ones as trading', () => {
    expect(read.listings.filter((l) => l.state === 'halted').map((l) => [l.symbol, l.venueStatus])).toEqual([
      ['DAI-USD', 'delisted, trading_disabled'],
      ['EOS-USD', 'delisted, trading_disabled'],
      ['MKR-USD', 'delisted, trading_disabled'],
    ]);
    expect(read.listings.find((l) => l.symbol === 'BTC-INR')).toMatchObject({ state: 'trading', venueStatus: 'online', tickSize: 1 });
  });

  it('skips and records each aliased product: its frames come back under the product it aliases', () => {
    expect(read.skipped).toEqual([
      { path: '$.products[1].alias', problem: 'BTC-USDC is an alias of BTC-USD, whose frames Coinbase sends for it: listed as BTC-USD' },
      { path: '$.products[2].alias', problem: 'ETH-USDC is an alias of ETH-USD, whose frames Coinbase sends for it: listed as ETH-USD' },
      { path: '$.products[26].alias', problem: 'DAI-USDC is an alias of DAI-USD, whose frames Coinbase sends for it: listed as DAI-USD' },
      { path: '$.products[29].alias', problem: 'RNDR-USDC is an alias of RNDR-USD, whose frames Coinbase sends for it: listed as RNDR-USD' },
    ]);
  });

  it('reads an online product that is disabled, cancel-only or view-only as halted, naming the flag', () => {
    const flagged = ['trading_disabled', 'is_disabled', 'cancel_only', 'view_only'].map((flag) => ({ ...product('BTC-USD'), [flag]: true }));
    expect(readCoinbaseProducts({ products: flagged }).listings.map((l) => [l.state, l.venueStatus])).toEqual([
      ['halted', 'online, trading_disabled'],
      ['halted', 'online, is_disabled'],
      ['halted', 'online, cancel_only'],
      ['halted', 'online, view_only'],
    ]);
  });

  it('leaves out products that are not spot, and skips an entry without a usable increment, keeping the others', () => {
    const listed = readCoinbaseProducts({
      products: [
        { ...product('BTC-USD'), product_id: 'BIT-28NOV26-CDE', product_type: 'FUTURE' },
        { ...product('BTC-USD'), price_increment: '' },
        { ...product('BTC-USD'), base_increment: '-1' },
        product('ETH-USD'),
      ],
    });
    expect(listed.listings.map((l) => l.symbol)).toEqual(['ETH-USD']);
    expect(listed.skipped).toEqual([
      { path: '$.products[1].price_increment', problem: 'expected a positive decimal string' },
      { path: '$.products[2].base_increment', problem: 'expected a positive decimal string' },
    ]);
  });

  it('refuses a body without products, naming the path and what the venue said', () => {
    expect(() => readCoinbaseProducts({ error: 'INTERNAL', code: 13, message: 'internal error', details: [] })).toThrow(
      new FrameParseError('$.products', 'expected an array (the venue said "internal error")'),
    );
    expect(() => readCoinbaseProducts({})).toThrow(new FrameParseError('$.products', 'expected an array'));
    expect(() => readCoinbaseProducts('<html>')).toThrow(new FrameParseError('$', 'expected an object'));
  });
});

describe('readCoinbaseQuoteVolumes', () => {
  const read = readCoinbaseQuoteVolumes(recorded());

  it('reads approximate_quote_24h_volume per listed product, never the aliased twin', () => {
    expect(read.volumes.get('BTC-USD')).toBe(186637571.25);
    expect(read.volumes.get('ETH-USD')).toBe(38342310.9);
    expect(read.volumes.get('BTC-USDT')).toBe(441577.99);
    expect(read.volumes.get('USDC-EUR')).toBe(3871825.8065);
    expect(read.volumes.has('BTC-USDC')).toBe(false);
    expect(read.volumes.size).toBe(22);
  });

  it('skips and records the products whose volume is empty', () => {
    expect(read.skipped).toEqual(
      [24, 25, 27, 28].map((n) => ({ path: `$.products[${n}].approximate_quote_24h_volume`, problem: 'expected a non-negative decimal string' })),
    );
  });
});
