import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { readBinanceQuoteVolumes } from '../binance/binance-quote-volumes.js';
import { readBybitQuoteVolumes } from '../bybit/bybit-quote-volumes.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), 'utf8'));

describe('readBinanceQuoteVolumes', () => {
  it("reads the doc's BNBBTC quoteVolume 15.3", () => {
    expect(readBinanceQuoteVolumes(fixture('binance/__fixtures__/binance-ticker-24hr.json'))).toEqual({ volumes: new Map([['BNBBTC', 15.3]]), skipped: [] });
  });

  it('skips and records a ticker without a usable quoteVolume; refuses a body that is not an array', () => {
    const read = readBinanceQuoteVolumes([
      { symbol: 'AUSDT', quoteVolume: '-1' },
      { symbol: 'BUSDT', quoteVolume: '0' },
    ]);
    expect(read).toEqual({ volumes: new Map([['BUSDT', 0]]), skipped: [{ path: '$[0].quoteVolume', problem: 'expected a non-negative decimal string' }] });
    expect(() => readBinanceQuoteVolumes({ symbol: 'BNBBTC' })).toThrow(new FrameParseError('$', 'expected an array of tickers'));
  });
});

describe('readBybitQuoteVolumes', () => {
  it("reads the doc's BTCUSDT turnover24h 243765620.65899866", () => {
    expect(readBybitQuoteVolumes(fixture('bybit/__fixtures__/bybit-tickers-spot.json'))).toEqual({
      volumes: new Map([['BTCUSDT', Number('243765620.65899866')]]),
      skipped: [],
    });
  });

  it('skips and records a ticker without turnover; refuses a retCode other than 0', () => {
    const read = readBybitQuoteVolumes({ retCode: 0, result: { list: [{ symbol: 'XUSDT', turnover24h: '' }] } });
    expect(read.skipped).toEqual([{ path: '$.result.list[0].turnover24h', problem: 'expected a non-negative decimal string' }]);
    expect(() => readBybitQuoteVolumes({ retCode: 10006, retMsg: 'Too many visits!' })).toThrow('$.retCode: 10006 (Too many visits!), expected 0');
  });
});
