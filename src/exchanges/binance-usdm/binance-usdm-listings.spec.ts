import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBinanceUsdmExchangeInfo } from './binance-usdm-listings.js';

/** The documented shape of `GET /fapi/v1/exchangeInfo` with a dated future, a delisted and an unopened perpetual (`__fixtures__/README.md`). */
const BODY = JSON.parse(readFileSync(new URL('./__fixtures__/binance-usdm-exchangeInfo.json', import.meta.url), 'utf8')) as unknown;

describe('readBinanceUsdmExchangeInfo (GET /fapi/v1/exchangeInfo)', () => {
  const read = readBinanceUsdmExchangeInfo(BODY, 'binance_usdm');

  it('lists the perpetuals only: the CURRENT_QUARTER and NEXT_QUARTER contracts are not this market', () => {
    expect(read.listings.map((l) => l.symbol)).toEqual(['BLZUSDT', 'BTCUSDT', 'SRMUSDT', 'NEWUSDT']);
  });

  it("reads each perpetual's assets, PRICE_FILTER tick and LOT_SIZE step, TRADING as trading", () => {
    expect(read.listings[0]).toEqual({
      exchange: 'binance_usdm',
      symbol: 'BLZUSDT',
      base: 'BLZ',
      quote: 'USDT',
      state: 'trading',
      venueStatus: 'TRADING',
      tickSize: 0.0001,
      lotStep: 1,
    });
    expect(read.listings[1]).toMatchObject({ symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.1, lotStep: 0.001, state: 'trading' });
  });

  it('holds a delisted (SETTLING) and a not yet open (PENDING_TRADING) perpetual as halted, with the venue status kept', () => {
    expect(read.listings.slice(2).map((l) => [l.symbol, l.state, l.venueStatus])).toEqual([
      ['SRMUSDT', 'halted', 'SETTLING'],
      ['NEWUSDT', 'halted', 'PENDING_TRADING'],
    ]);
  });

  it('skips a perpetual without a PRICE_FILTER and names it by its index in the whole list', () => {
    expect(read.skipped).toEqual([{ path: '$.symbols[6].filters', problem: 'no PRICE_FILTER filter' }]);
  });

  it('refuses a body without symbols', () => {
    expect(() => readBinanceUsdmExchangeInfo({ code: -1003, msg: 'Too many requests' }, 'binance_usdm')).toThrow('$.symbols');
  });
});
