import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import { okxLine, okxRestExample } from './__fixtures__/okx-frames-at-hand.js';
import { readOkxQuoteVolumes, readOkxSpotInstruments, readOkxSwapInstruments, splitOkxSwapSymbol } from './okx-listings.js';
import { OKX_REST_DIALECT, okxData } from './okx-rest-dialect.js';

describe('readOkxSpotInstruments', () => {
  it('reads the documentation\u2019s example: BTC-USDT, live, tick 0.1, lot 0.00000001', () => {
    expect(readOkxSpotInstruments(okxRestExample('okx-instruments-spot.json'))).toEqual({
      listings: [
        { exchange: 'okx', symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', state: 'trading', venueStatus: 'live', tickSize: 0.1, lotStep: 0.00000001 },
      ],
      skipped: [],
    });
  });

  it('holds `suspend` and `preopen` halted, leaves `test` pairs out, and skips an entry it cannot use, naming the field', () => {
    const example = okxRestExample('okx-instruments-spot.json') as { data: Record<string, string>[] };
    const entry = example.data[0] ?? {};
    const answer = {
      code: '0',
      msg: '',
      data: [
        { ...entry, instId: 'ETH-USDT', baseCcy: 'ETH', state: 'suspend' },
        { ...entry, instId: 'NEW-USDT', baseCcy: 'NEW', state: 'preopen' },
        { ...entry, instId: 'TST-USDT', baseCcy: 'TST', state: 'test' },
        { ...entry, instId: 'BAD-USDT', baseCcy: 'BAD', tickSz: '' },
      ],
    };
    const read = readOkxSpotInstruments(answer);
    expect(read.listings.map((l) => [l.symbol, l.state, l.venueStatus])).toEqual([
      ['ETH-USDT', 'halted', 'suspend'],
      ['NEW-USDT', 'halted', 'preopen'],
    ]);
    expect(read.skipped).toEqual([{ path: '$.data[3].tickSz', problem: 'expected a positive decimal string' }]);
  });

  it('throws on an answer whose code is not "0", with its words', () => {
    expect(() => readOkxSpotInstruments({ code: '51001', msg: 'Instrument ID does not exist', data: [] })).toThrow(
      '$.code: "51001" (Instrument ID does not exist), expected "0"',
    );
  });
});

describe('readOkxSwapInstruments', () => {
  const read = readOkxSwapInstruments(okxRestExample('okx-instruments-swap.json'));

  it('reads the recorded 2022 answer\u2019s 126 linear USDT swaps and leaves the 40 inverse ones out', () => {
    expect(read.skipped).toEqual([]);
    expect(read.listings).toHaveLength(126);
    expect(read.listings.every((l) => l.symbol.endsWith('-USDT-SWAP') && l.quote === 'USDT')).toBe(true);
    expect(read.listings.find((l) => l.symbol === 'BTC-USD-SWAP')).toBeUndefined();
  });

  it('gives each its contract value in the base currency, and its lot step in the base currency too', () => {
    // BTC-USDT-SWAP: ctVal 0.01 BTC, ctMult 1, lotSz 1 contract, tickSz 0.1; REN-USDT-SWAP: ctVal 10 REN.
    expect(read.listings.find((l) => l.symbol === 'BTC-USDT-SWAP')).toEqual({
      exchange: 'okx_swap',
      symbol: 'BTC-USDT-SWAP',
      base: 'BTC',
      quote: 'USDT',
      state: 'trading',
      venueStatus: 'live',
      tickSize: 0.1,
      lotStep: 0.01,
      contractValue: 0.01,
    });
    expect(read.listings.find((l) => l.symbol === 'REN-USDT-SWAP')).toMatchObject({ base: 'REN', contractValue: 10, lotStep: 10 });
  });
});

describe('readOkxQuoteVolumes', () => {
  it('reads a swap\u2019s quote volume as its base volume `volCcy24h` at the last price (the documentation\u2019s example)', () => {
    // LTC-USD-SWAP and BTC-USD-SWAP: volCcy24h 2222 (base), last 9999.99.
    expect(readOkxQuoteVolumes(okxRestExample('okx-tickers-swap.json'))).toEqual({
      volumes: new Map([
        ['LTC-USD-SWAP', 2222 * 9999.99],
        ['BTC-USD-SWAP', 2222 * 9999.99],
      ]),
      skipped: [],
    });
  });

  it('reads a spot pair\u2019s quote volume as `volCcy24h`, already the quote currency', () => {
    // The recorded ticker record of okx-tickers.ndjson line 1 in the REST answer's envelope (the same fields).
    const record = (JSON.parse(okxLine('okx-tickers.ndjson', 1)) as { data: unknown[] }).data[0];
    expect(readOkxQuoteVolumes({ code: '0', msg: '', data: [record] }).volumes).toEqual(new Map([['BTC-USDT', Number('525802090.62716611')]]));
  });
});

describe('splitOkxSwapSymbol', () => {
  it('splits a swap\u2019s id into base and quote, and nothing else', () => {
    expect(splitOkxSwapSymbol('BTC-USDT-SWAP')).toEqual({ coin: 'BTC', quote: 'USDT' });
    expect(splitOkxSwapSymbol('1000SATS-USDT-SWAP')).toEqual({ coin: '1000SATS', quote: 'USDT' });
    expect(splitOkxSwapSymbol('BTC-USDT')).toBeUndefined();
    expect(splitOkxSwapSymbol('BTC-USD-230929')).toBeUndefined();
  });
});

describe('the OKX REST dialect', () => {
  it('reads HTTP 429, and code 50011 in a body, as the rate limit', () => {
    const url = 'https://www.okx.com/api/v5/market/tickers?instType=SPOT';
    expect(OKX_REST_DIALECT.refusalOf({ url, status: 429, headers: new Headers(), text: '{"msg":"Too Many Requests","code":"50011"}' })).toBeInstanceOf(
      RestRateLimitedError,
    );
    expect(OKX_REST_DIALECT.refusalOf({ url, status: 200, headers: new Headers(), text: '{}' })).toBeUndefined();
    expect(OKX_REST_DIALECT.bodyRefusalOf?.({ code: '50011', msg: 'Rate limit reached.', data: [] }, url)).toBeInstanceOf(RestRateLimitedError);
    expect(OKX_REST_DIALECT.bodyRefusalOf?.({ code: '0', msg: '', data: [] }, url)).toBeUndefined();
  });

  it('reads the `data` of an answer', () => {
    expect(okxData({ code: '0', msg: '', data: [1, 2] })).toEqual([1, 2]);
    expect(() => okxData({ code: '0', msg: '' })).toThrow('$.data: expected an array');
  });
});
