import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readVenueList } from '../../catalog/read-venue-list.js';
import { FrameParseError } from '../frame-parse-error.js';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { BYBIT_LINEAR_INSTRUMENTS_PATH, bybitLinearNextPage, readBybitLinearInstrumentsInfo } from './bybit-linear-listings.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';

interface Answer {
  retCode: number;
  retMsg: string;
  result: { category: string; list: Record<string, unknown>[]; nextPageCursor: string };
}
/** See __fixtures__/README.md: page 1 the documented pre-market answer, page 2 the documented perpetual with two recorded entries. */
const answer = (name: string): Answer => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Answer;
const page1 = () => answer('bybit-instruments-info-linear-page1.json');
const page2 = () => answer('bybit-instruments-info-linear-page2.json');

describe('readBybitLinearInstrumentsInfo', () => {
  it('reads the perpetuals of the last page, USDT and USDC settled, tick from priceFilter and step from lotSizeFilter.qtyStep, leaving out the dated future', () => {
    expect(readBybitLinearInstrumentsInfo(page2())).toEqual({
      listings: [
        { exchange: 'bybit_linear', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', state: 'trading', venueStatus: 'Trading', tickSize: 0.1, lotStep: 0.001 },
        { exchange: 'bybit_linear', symbol: 'BTCPERP', base: 'BTC', quote: 'USDC', state: 'trading', venueStatus: 'Trading', tickSize: 0.1, lotStep: 0.001 },
      ],
      skipped: [],
    });
  });

  it('reads the pre-market BIOUSDT of the first page as listed but halted (PreLaunch), tick 0.0001, step 1', () => {
    expect(readBybitLinearInstrumentsInfo(page1()).listings).toEqual([
      { exchange: 'bybit_linear', symbol: 'BIOUSDT', base: 'BIO', quote: 'USDT', state: 'halted', venueStatus: 'PreLaunch', tickSize: 0.0001, lotStep: 1 },
    ]);
  });

  it('skips and records an entry without a contract type, tick or step, keeping the others', () => {
    const [btc = {}] = page2().result.list;
    const read = readBybitLinearInstrumentsInfo({
      ...page2(),
      result: { ...page2().result, list: [{ ...btc, contractType: undefined }, { ...btc, lotSizeFilter: { qtyStep: '0' } }, btc] },
    });
    expect(read.listings.map((l) => l.symbol)).toEqual(['BTCUSDT']);
    expect(read.skipped).toEqual([
      { path: '$.result.list[0].contractType', problem: 'expected a non-empty string' },
      { path: '$.result.list[1].lotSizeFilter.qtyStep', problem: 'expected a positive decimal string' },
    ]);
  });

  it('refuses an answer whose retCode is not 0', () => {
    expect(() => readBybitLinearInstrumentsInfo({ retCode: 10001, retMsg: 'params error', result: {} })).toThrow(
      new FrameParseError('$.retCode', '10001 (params error), expected 0'),
    );
  });
});

describe('bybitLinearNextPage', () => {
  it('asks for the next page with the answer\'s cursor as Bybit sent it (already percent-encoded), and for none after a cursor of ""', () => {
    expect(bybitLinearNextPage(page1(), BYBIT_LINEAR_INSTRUMENTS_PATH)).toBe(
      '/v5/market/instruments-info?category=linear&limit=1000&cursor=first%3DBIOUSDT%26last%3DBIOUSDT',
    );
    expect(bybitLinearNextPage(page2(), `${BYBIT_LINEAR_INSTRUMENTS_PATH}&cursor=first%3DBIOUSDT%26last%3DBIOUSDT`)).toBeUndefined();
  });

  it('replaces the cursor of the page read rather than adding a second, and encodes one that is not URL-safe', () => {
    const json = { ...page1(), result: { ...page1().result, nextPageCursor: 'a=b&c' } };
    expect(bybitLinearNextPage(json, `${BYBIT_LINEAR_INSTRUMENTS_PATH}&cursor=x`)).toBe(
      '/v5/market/instruments-info?category=linear&limit=1000&cursor=a%3Db%26c',
    );
    expect(bybitLinearNextPage({ retCode: 0, result: { list: [] } }, BYBIT_LINEAR_INSTRUMENTS_PATH)).toBeUndefined();
  });
});

describe("the catalog's read of the bybit_linear list", () => {
  it('reads both pages in turn, the second at the cursor of the first, into one list of perpetuals', async () => {
    const asked: string[] = [];
    const pages = [page1(), page2()];
    const send: typeof fetch = (url) => {
      asked.push(url instanceof Request ? url.url : url.toString());
      return Promise.resolve(new Response(JSON.stringify(pages[asked.length - 1] ?? {}), { status: 200 }));
    };
    const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 7200 });
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'bybit_linear', restUrl: 'http://venue.test', pacer, timeoutMs: 2000, scheduler: asyncScheduler, fetch: send }),
    );
    expect(asked).toEqual([
      'http://venue.test/v5/market/instruments-info?category=linear&limit=1000',
      'http://venue.test/v5/market/instruments-info?category=linear&limit=1000&cursor=first%3DBIOUSDT%26last%3DBIOUSDT',
    ]);
    expect(read.listings.map((l) => [l.symbol, l.state])).toEqual([
      ['BIOUSDT', 'halted'],
      ['BTCUSDT', 'trading'],
      ['BTCPERP', 'trading'],
    ]);
  });
});

describe('readBybitQuoteVolumes on the documented Linear/Inverse tickers answer', () => {
  it('reads turnover24h per symbol', () => {
    const json = answer('bybit-tickers-inverse.json');
    expect(readBybitQuoteVolumes(json)).toEqual({ volumes: new Map([['BTCUSD', 115.6907]]), skipped: [] });
  });
});
