import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBybitFrame } from './bybit-frames.js';

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

const book = (type: string, b: unknown, a: unknown, u: unknown = 5): string =>
  JSON.stringify({ topic: 'orderbook.50.BTCUSDT', ts: 10, type, data: { s: 'BTCUSDT', b, a, u, seq: 7 }, cts: 9 });

describe('parseBybitFrame on depth-N order books', () => {
  it('reads the recorded spot orderbook.200 snapshot with all its levels, u, seq and cts', () => {
    const [snapshot] = fixture('bybit-orderbook.ndjson');
    const result = parseBybitFrame(snapshot ?? '');
    if (!result.ok || result.frame.kind !== 'book') throw new Error(`not a book frame: ${JSON.stringify(result)}`);
    const frame = result.frame;
    expect({ type: frame.type, ts: frame.ts, cts: frame.cts, s: frame.data.s, u: frame.data.u, seq: frame.data.seq }).toEqual({
      type: 'snapshot',
      ts: 1786310816516,
      cts: 1786310816512,
      s: 'BTCUSDT',
      u: 62505424,
      seq: 112488545843,
    });
    expect(frame.data.b).toHaveLength(200);
    expect(frame.data.a).toHaveLength(200);
    expect(frame.data.b[0]).toEqual({ price: 65140.4, size: 0.885797 });
    expect(frame.data.a.at(-1)).toEqual({ price: 65239.1, size: 0.123013 });
  });

  it('reads a recorded delta with an empty side and a size-"0" delete', () => {
    const [, , second] = fixture('bybit-orderbook.ndjson');
    const result = parseBybitFrame(second ?? '');
    expect(result).toEqual({
      ok: true,
      frame: {
        kind: 'book',
        topic: 'orderbook.200.BTCUSDT',
        type: 'delta',
        ts: 1786310816816,
        cts: 1786310816779,
        data: {
          s: 'BTCUSDT',
          b: [],
          a: [
            { price: 65140.5, size: 0.472215 },
            { price: 65145.7, size: 0.03 },
            { price: 65150.2, size: 0.000231 },
            { price: 65239, size: 0 },
          ],
          u: 62505426,
          seq: 112488545879,
        },
      },
    });
  });

  it('reads the documentation examples (linear key order, type before ts)', () => {
    const lines = fixture('bybit-orderbook.ndjson').slice(-2);
    const kinds = lines.map((line) => {
      const result = parseBybitFrame(line);
      return result.ok && result.frame.kind === 'book' ? `${result.frame.type} ${result.frame.data.u}` : JSON.stringify(result);
    });
    expect(kinds).toEqual(['snapshot 18521288', 'delta 177400507']);
  });

  it('keeps orderbook.1 as the best bid/ask frame, not a depth book', () => {
    const result = parseBybitFrame('{"topic":"orderbook.1.BTCUSDT","ts":1,"type":"snapshot","data":{"s":"BTCUSDT","b":[["1","1"]],"a":[["2","1"]],"u":3}}');
    expect(result.ok && result.frame.kind).toBe('orderbook');
  });

  it.each([
    ['a snapshot level of size 0', book('snapshot', [['100', '0']], []), '$.data.b[0].size: expected a positive decimal string'],
    [
      'a zero price',
      book(
        'delta',
        [],
        [
          ['101', '1'],
          ['0', '1'],
        ],
      ),
      '$.data.a[1].price: expected a positive decimal string',
    ],
    ['a negative size in a delta', book('delta', [['100', '-1']], []), '$.data.b[0].size: expected a non-negative decimal string'],
    ['a number instead of a decimal string', book('delta', [[100, '1']], []), '$.data.b[0].price: expected a positive decimal string'],
    ['a level that is not a pair', book('delta', [['100']], []), '$.data.b[0]: expected [price, size]'],
    ['a missing side', book('delta', [], undefined), '$.data.a: expected an array'],
    ['u = 0', book('delta', [], [], 0), '$.data.u: expected a positive integer'],
    ['a fractional u', book('delta', [], [], 1.5), '$.data.u: expected a positive integer'],
    ['an unknown type', book('partial', [], []), '$.type: expected "snapshot" or "delta"'],
  ])('refuses %s, naming the field and what was wrong with it', (_name, line, error) => {
    expect(parseBybitFrame(line)).toEqual({ ok: false, error });
  });

  it('accepts a size-"0" delete in a delta', () => {
    const result = parseBybitFrame(book('delta', [['100', '0']], []));
    expect(result.ok && result.frame.kind === 'book' && result.frame.data.b).toEqual([{ price: 100, size: 0 }]);
  });
});
