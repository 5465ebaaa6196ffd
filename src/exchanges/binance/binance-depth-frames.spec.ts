import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapBinanceDepthFrame, mapBinanceDepthSnapshot } from './binance-book-mappers.js';
import { parseBinanceDepthSnapshot, type BinanceDepthFrame } from './binance-depth-frames.js';
import { parseBinanceFrame } from './binance-frames.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8');
const depthLines = fixture('binance-depthUpdate.ndjson')
  .split('\n')
  .filter((line) => line !== '');

function depthFrame(text: string): BinanceDepthFrame {
  const result = parseBinanceFrame(text);
  if (!result.ok) throw new Error(result.error);
  if (result.frame.kind !== 'depth') throw new Error(`not a depth frame: ${result.frame.kind}`);
  return result.frame;
}

function refusal(text: string): string {
  const result = parseBinanceFrame(text);
  return result.ok ? `accepted as ${result.frame.kind}` : result.error;
}

const documented = { e: 'depthUpdate', E: 1672515782136, s: 'BNBBTC', U: 157, u: 160, b: [['0.0024', '10']], a: [['0.0026', '100']] };
const withData = (change: Record<string, unknown>) => JSON.stringify({ stream: 'bnbbtc@depth@100ms', data: { ...documented, ...change } });

describe('Binance depth frames', () => {
  it('reads the documented depthUpdate, raw and in the combined-stream wrapper, as the same frame', () => {
    const expected = { kind: 'depth', E: 1672515782136, s: 'BNBBTC', U: 157, u: 160, b: [{ price: 0.0024, size: 10 }], a: [{ price: 0.0026, size: 100 }] };
    expect(depthFrame(depthLines[0] ?? '')).toEqual(expected);
    expect(depthFrame(depthLines[1] ?? '')).toEqual(expected);
  });

  it('accepts the older documented levels that carry a third, ignored element', () => {
    const frame = depthFrame(depthLines[2] ?? '');
    expect(frame).toMatchObject({ E: 123456789 });
    expect(mapBinanceDepthFrame(frame, 5000)).toMatchObject({ bids: [{ price: 0.0024, size: 10 }], asks: [{ price: 0.0026, size: 100 }] });
  });

  it('maps a depthUpdate to a delta with U as firstUpdateId, u as updateId, E as venue time and numbers for levels', () => {
    expect(mapBinanceDepthFrame(depthFrame(depthLines[1] ?? ''), 5000)).toEqual({
      type: 'book_update',
      symbol: 'BNBBTC',
      action: 'delta',
      bids: [{ price: 0.0024, size: 10 }],
      asks: [{ price: 0.0026, size: 100 }],
      updateId: 160,
      firstUpdateId: 157,
      exchangeTs: 1672515782136,
      receivedTs: 5000,
    });
  });

  it('keeps quantity "0" (a delete) in a depthUpdate', () => {
    expect(mapBinanceDepthFrame(depthFrame(withData({ b: [['0.0024', '0.00000000']] })), 1).bids).toEqual([{ price: 0.0024, size: 0 }]);
  });

  it('refuses a depthUpdate whose fields are missing or malformed, naming the field', () => {
    expect(refusal(withData({ U: 161 }))).toBe('$.data.U: first update id 161 is after final update id 160');
    expect(refusal(withData({ u: undefined }))).toBe('$.data.u: expected a non-negative integer');
    expect(refusal(withData({ U: '157' }))).toBe('$.data.U: expected a non-negative integer');
    expect(refusal(withData({ s: '' }))).toBe('$.data.s: expected a non-empty string');
    expect(refusal(withData({ b: [['abc', '1']] }))).toBe('$.data.b[0].price: expected a positive decimal string');
    expect(refusal(withData({ a: [['0.0026', '-1']] }))).toBe('$.data.a[0].quantity: expected a non-negative decimal string');
    expect(refusal(withData({ a: [['0.0026']] }))).toBe('$.data.a[0]: expected [price, quantity]');
    expect(refusal(withData({ b: [[0.0024, 10]] }))).toBe('$.data.b[0].price: expected a positive decimal string');
    expect(refusal(withData({ a: 'none' }))).toBe('$.data.a: expected an array');
  });

  it('reads the documented REST depth body and maps it to a snapshot of the requested symbol', () => {
    const parsed = parseBinanceDepthSnapshot(fixture('binance-depth-snapshot.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.frame).toEqual({ lastUpdateId: 1027024, bids: [{ price: 4, size: 431 }], asks: [{ price: 4.000002, size: 12 }] });
    expect(mapBinanceDepthSnapshot('BNBBTC', parsed.frame, 7000)).toEqual({
      type: 'book_update',
      symbol: 'BNBBTC',
      action: 'snapshot',
      bids: [{ price: 4, size: 431 }],
      asks: [{ price: 4.000002, size: 12 }],
      updateId: 1027024,
      exchangeTs: 7000,
      receivedTs: 7000,
    });
  });

  it('refuses a REST depth body that is not JSON, lacks lastUpdateId or holds an empty level', () => {
    const refused = (text: string) => {
      const parsed = parseBinanceDepthSnapshot(text);
      return parsed.ok ? 'accepted' : parsed.error;
    };
    // JSON.parse's own reason, passed through
    expect(refused('<html>')).toBe('Unexpected token \'<\', "<html>" is not valid JSON');
    expect(refused('{"bids":[],"asks":[]}')).toBe('$.lastUpdateId: expected a non-negative integer');
    expect(refused('{"lastUpdateId":1,"bids":[["4.0","0"]],"asks":[]}')).toBe('$.bids[0].quantity: expected a positive decimal string');
    expect(refused('{"code":-1121,"msg":"Invalid symbol."}')).toBe('$.lastUpdateId: expected a non-negative integer');
  });
});
