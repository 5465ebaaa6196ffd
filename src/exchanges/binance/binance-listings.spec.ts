import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { binanceListingState, readBinanceExchangeInfo } from './binance-listings.js';

/** The doc's example answer (see __fixtures__/README.md). */
const docAnswer = (): { symbols: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(new URL('./__fixtures__/binance-exchange-info.json', import.meta.url), 'utf8')) as { symbols: Record<string, unknown>[] };
const ethBtc = () => docAnswer().symbols[0] ?? {};

describe('readBinanceExchangeInfo', () => {
  it("reads the doc's ETHBTC: trading, tick 0.000001 from PRICE_FILTER, step 0.001 from LOT_SIZE", () => {
    expect(readBinanceExchangeInfo(docAnswer(), 'binance')).toEqual({
      listings: [
        { exchange: 'binance', symbol: 'ETHBTC', base: 'ETH', quote: 'BTC', state: 'trading', venueStatus: 'TRADING', tickSize: 0.000001, lotStep: 0.001 },
      ],
      skipped: [],
    });
  });

  it('tags listings with the venue it read them for (Binance US and the testnet share the shape)', () => {
    expect(readBinanceExchangeInfo(docAnswer(), 'binance_us').listings.map((l) => l.exchange)).toEqual(['binance_us']);
  });

  it('lists every status: TRADING trades; HALT, BREAK, END_OF_DAY, CANCEL_ONLY and an unknown word are halted', () => {
    const statuses = ['TRADING', 'HALT', 'BREAK', 'END_OF_DAY', 'CANCEL_ONLY', 'PRE_TRADING'];
    const body = { symbols: statuses.map((status, n) => ({ ...ethBtc(), symbol: `C${n}BTC`, baseAsset: `C${n}`, status })) };
    expect(readBinanceExchangeInfo(body, 'binance').listings.map((l) => [l.venueStatus, l.state])).toEqual([
      ['TRADING', 'trading'],
      ['HALT', 'halted'],
      ['BREAK', 'halted'],
      ['END_OF_DAY', 'halted'],
      ['CANCEL_ONLY', 'halted'],
      ['PRE_TRADING', 'halted'],
    ]);
    expect(binanceListingState('trading')).toBe('halted');
  });

  it('skips and records a symbol without a usable tick or step, keeping the others', () => {
    const filters = ethBtc()['filters'] as Record<string, unknown>[];
    const withTick = (tickSize: unknown) => filters.map((f) => (f['filterType'] === 'PRICE_FILTER' ? { ...f, tickSize } : f));
    const body = {
      symbols: [
        { ...ethBtc(), symbol: 'ZEROTICK', filters: withTick('0.00000000') },
        { ...ethBtc(), symbol: 'BADTICK', filters: withTick('abc') },
        { ...ethBtc(), symbol: 'NOLOT', filters: filters.filter((f) => f['filterType'] !== 'LOT_SIZE') },
        { ...ethBtc(), symbol: 'NOBASE', baseAsset: undefined },
        'not a symbol',
        ethBtc(),
      ],
    };
    const read = readBinanceExchangeInfo(body, 'binance');
    expect(read.listings.map((l) => l.symbol)).toEqual(['ETHBTC']);
    expect(read.skipped).toEqual([
      { path: '$.symbols[0].filters[0].tickSize', problem: 'expected a positive decimal string' },
      { path: '$.symbols[1].filters[0].tickSize', problem: 'expected a positive decimal string' },
      { path: '$.symbols[2].filters', problem: 'no LOT_SIZE filter' },
      { path: '$.symbols[3].baseAsset', problem: 'expected a non-empty string' },
      { path: '$.symbols[4]', problem: 'expected an object' },
    ]);
  });

  it('refuses a body without a symbols array, naming the path', () => {
    expect(() => readBinanceExchangeInfo({ code: -1121, msg: 'Invalid symbol.' }, 'binance')).toThrow(new FrameParseError('$.symbols', 'expected an array'));
    expect(() => readBinanceExchangeInfo([], 'binance')).toThrow(new FrameParseError('$', 'expected an object'));
  });
});
