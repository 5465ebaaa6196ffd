import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { restExample } from './__fixtures__/recorded-frames.js';
import { krakenAssetName, krakenPairsBySymbol, readKrakenAssetPairs, readKrakenPairs } from './kraken-listings.js';

interface Answer {
  error: unknown[];
  result: Record<string, Record<string, unknown>>;
}
/** The documented answer (see __fixtures__/README.md). */
const docAnswer = (): Answer => restExample('kraken-asset-pairs.json') as Answer;
const btcUsd = () => docAnswer().result['XXBTZUSD'] ?? {};
const withResult = (result: Record<string, unknown>) => ({ error: [], result });

describe('readKrakenAssetPairs', () => {
  it('reads the documented pairs under their v2 names (XBT is BTC), with tick_size and 10^-lot_decimals', () => {
    expect(readKrakenAssetPairs(docAnswer())).toEqual({
      listings: [
        { exchange: 'kraken', symbol: 'ETH/BTC', base: 'ETH', quote: 'BTC', state: 'trading', venueStatus: 'online', tickSize: 0.00001, lotStep: 0.00000001 },
        { exchange: 'kraken', symbol: 'BTC/USD', base: 'BTC', quote: 'USD', state: 'trading', venueStatus: 'online', tickSize: 0.1, lotStep: 0.00000001 },
      ],
      skipped: [],
    });
  });

  it('reads every status but online as halted', () => {
    for (const status of ['cancel_only', 'post_only', 'limit_only', 'reduce_only']) {
      expect(readKrakenAssetPairs(withResult({ XXBTZUSD: { ...btcUsd(), status } })).listings[0]).toMatchObject({ state: 'halted', venueStatus: status });
    }
  });

  it('skips and records dark pools, pairs without a wsname and pairs without usable decimals, keeping the others', () => {
    const read = readKrakenAssetPairs(
      withResult({
        'XXBTZUSD.d': { ...btcUsd(), altname: 'XBTUSD.d' },
        NOWS: { ...btcUsd(), wsname: undefined },
        ODDWS: { ...btcUsd(), wsname: 'XBTUSD' },
        BADLOT: { ...btcUsd(), lot_decimals: -1 },
        XXBTZUSD: btcUsd(),
      }),
    );
    expect(read.listings.map((l) => l.symbol)).toEqual(['BTC/USD']);
    expect(read.skipped).toEqual([
      { path: '$.result.XXBTZUSD.d', problem: 'a dark-pool pair, not on the WebSocket' },
      { path: '$.result.NOWS.wsname', problem: 'expected a non-empty string' },
      { path: '$.result.ODDWS.wsname', problem: 'expected BASE/QUOTE' },
      { path: '$.result.BADLOT.lot_decimals', problem: 'expected a non-negative integer' },
    ]);
  });

  it('takes 10^-pair_decimals as the tick size when tick_size is absent', () => {
    expect(readKrakenAssetPairs(withResult({ XXBTZUSD: { ...btcUsd(), tick_size: undefined } })).listings[0]?.tickSize).toBe(0.1);
  });

  it('refuses an answer with errors, naming them', () => {
    expect(() => readKrakenAssetPairs({ error: ['EQuery:Unknown asset pair'], result: {} })).toThrow(
      new FrameParseError('$.error', 'the venue answered "EQuery:Unknown asset pair"'),
    );
    expect(() => readKrakenAssetPairs({ error: [] })).toThrow(new FrameParseError('$.result', 'expected an object'));
  });
});

describe('readKrakenPairs', () => {
  it('gives each pair its REST key, altname and precisions (what Trades and the book checksum need)', () => {
    const pairs = krakenPairsBySymbol(readKrakenPairs(docAnswer()).pairs);
    expect(pairs.get('BTC/USD')).toEqual({
      symbol: 'BTC/USD',
      base: 'BTC',
      quote: 'USD',
      restKey: 'XXBTZUSD',
      altname: 'XBTUSD',
      status: 'online',
      precision: { price: 1, qty: 8 },
      tickSize: 0.1,
      lotStep: 0.00000001,
    });
    expect(pairs.get('ETH/BTC')).toMatchObject({ restKey: 'XETHXXBT', precision: { price: 5, qty: 8 } });
  });

  it('names XDG DOGE, like XBT BTC', () => {
    expect([krakenAssetName('XBT'), krakenAssetName('XDG'), krakenAssetName('USDT')]).toEqual(['BTC', 'DOGE', 'USDT']);
    expect(readKrakenPairs(withResult({ XDGUSD: { ...btcUsd(), wsname: 'XDG/USD' } })).pairs[0]?.symbol).toBe('DOGE/USD');
  });
});
