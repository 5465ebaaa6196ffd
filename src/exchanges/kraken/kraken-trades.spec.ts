import { describe, expect, it } from 'vitest';
import { FrameParseError } from '../frame-parse-error.js';
import { restExample } from './__fixtures__/recorded-frames.js';
import { krakenTradesUrl, readKrakenTrades } from './kraken-trades.js';

describe('krakenTradesUrl', () => {
  it('asks for a pair by REST key, a count and, when given, a since in nanoseconds', () => {
    expect(krakenTradesUrl('https://api.kraken.com/', 'XXBTZUSD', 1000)).toBe('https://api.kraken.com/0/public/Trades?pair=XXBTZUSD&count=1000');
    expect(krakenTradesUrl('https://api.kraken.com', 'XXBTZUSD', 1, '1688671969993150842')).toBe(
      'https://api.kraken.com/0/public/Trades?pair=XXBTZUSD&count=1&since=1688671969993150842',
    );
  });
});

describe('readKrakenTrades', () => {
  it("reads the documented answer: ids, decimals as written, times in ms, b/s as the taker's side, last as the cursor", () => {
    const page = readKrakenTrades(restExample('kraken-trades.json'));
    expect(page.last).toBe('1688671969993150842');
    expect(page.trades.map(({ id, price, qty, time, isBuyerMaker }) => ({ id, price, qty, time, isBuyerMaker }))).toEqual([
      { id: 61044952, price: '30243.40000', qty: '0.34507674', time: 1688669597827, isBuyerMaker: false },
      { id: 61044953, price: '30243.30000', qty: '0.00376960', time: 1688669598280, isBuyerMaker: true },
      { id: 61044956, price: '30243.30000', qty: '0.01235716', time: 1688669602698, isBuyerMaker: true },
    ]);
    // Microseconds, from 1688669597.8277369 s: within a microsecond of 1688669597827736.
    expect(Math.abs((page.trades[0]?.micros ?? 0) - 1688669597827736)).toBeLessThanOrEqual(1);
  });

  it('refuses rows of the older six-element form (no trade_id), and rows it cannot believe, naming the place', () => {
    const refused = (row: unknown[]) => {
      try {
        readKrakenTrades({ error: [], result: { XXBTZUSD: [row], last: '1' } });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refused(['3535.50000', '0.00300000', 1548111751.5556, 'b', 'm', ''])).toBe(
      '$.result.XXBTZUSD[0]: expected [price, volume, time, side, ordertype, misc, trade_id]',
    );
    expect(refused(['0', '1', 1, 'b', 'm', '', 1])).toBe('$.result.XXBTZUSD[0][0]: expected a positive decimal string');
    expect(refused(['1', '1', '1', 'b', 'm', '', 1])).toBe('$.result.XXBTZUSD[0][2]: expected seconds since the epoch');
    expect(refused(['1', '1', 1, 'buy', 'm', '', 1])).toBe('$.result.XXBTZUSD[0][3]: expected "b" or "s"');
    expect(refused(['1', '1', 1, 'b', 'm', '', '7'])).toBe('$.result.XXBTZUSD[0][6]: expected a trade id');
  });

  it('refuses an answer without trades or cursor, or with errors', () => {
    expect(() => readKrakenTrades({ error: [], result: { last: '1' } })).toThrow(new FrameParseError('$.result', "expected the pair's trades"));
    expect(() => readKrakenTrades({ error: [], result: { XXBTZUSD: [], last: 'x' } })).toThrow(
      new FrameParseError('$.result.last', 'expected a decimal cursor'),
    );
    expect(() => readKrakenTrades({ error: ['EQuery:Unknown asset pair'] })).toThrow(/EQuery:Unknown asset pair/);
  });
});
