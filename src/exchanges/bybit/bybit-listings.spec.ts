import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { readBybitInstrumentsInfo } from './bybit-listings.js';

interface Answer {
  retCode: number;
  retMsg: string;
  result: { list: Record<string, unknown>[] };
}
/** The doc's example answer (see __fixtures__/README.md). */
const docAnswer = (): Answer => JSON.parse(readFileSync(new URL('./__fixtures__/bybit-instruments-info-spot.json', import.meta.url), 'utf8')) as Answer;
const btcUsdt = () => docAnswer().result.list[0] ?? {};
const withList = (list: unknown[]) => ({ ...docAnswer(), result: { category: 'spot', list } });

describe('readBybitInstrumentsInfo', () => {
  it("reads the doc's BTCUSDT: trading, tick 0.1 from priceFilter, step 0.000001 from lotSizeFilter.basePrecision", () => {
    expect(readBybitInstrumentsInfo(docAnswer())).toEqual({
      listings: [
        { exchange: 'bybit', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', state: 'trading', venueStatus: 'Trading', tickSize: 0.1, lotStep: 0.000001 },
      ],
      skipped: [],
    });
  });

  it('skips and records an entry without a usable tick or precision, keeping the others', () => {
    const read = readBybitInstrumentsInfo(
      withList([
        { ...btcUsdt(), symbol: 'NOTICKUSDT', priceFilter: {} },
        { ...btcUsdt(), symbol: 'BADSTEPUSDT', lotSizeFilter: { basePrecision: '-1' } },
        { ...btcUsdt(), symbol: 'NOFILTERUSDT', priceFilter: undefined },
        btcUsdt(),
      ]),
    );
    expect(read.listings.map((l) => l.symbol)).toEqual(['BTCUSDT']);
    expect(read.skipped).toEqual([
      { path: '$.result.list[0].priceFilter.tickSize', problem: 'expected a positive decimal string' },
      { path: '$.result.list[1].lotSizeFilter.basePrecision', problem: 'expected a positive decimal string' },
      { path: '$.result.list[2].priceFilter', problem: 'expected an object' },
    ]);
  });

  it('reads a status other than Trading as halted', () => {
    expect(readBybitInstrumentsInfo(withList([{ ...btcUsdt(), status: 'PreLaunch' }])).listings[0]).toMatchObject({
      state: 'halted',
      venueStatus: 'PreLaunch',
    });
  });

  it('refuses an answer whose retCode is not 0, naming the code and message', () => {
    expect(() => readBybitInstrumentsInfo({ retCode: 10001, retMsg: 'params error', result: {} })).toThrow(
      new FrameParseError('$.retCode', '10001 (params error), expected 0'),
    );
  });

  it('refuses a body without result.list, naming the path', () => {
    expect(() => readBybitInstrumentsInfo({ retCode: 0, retMsg: 'OK', result: { category: 'spot' } })).toThrow(
      new FrameParseError('$.result.list', 'expected an array'),
    );
    expect(() => readBybitInstrumentsInfo('<html>')).toThrow(new FrameParseError('$', 'expected an object'));
  });
});
