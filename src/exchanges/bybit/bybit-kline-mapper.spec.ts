import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBybitFrame } from './bybit-frames.js';
import { bybitKlineChannel } from './bybit-kline-frames.js';
import { mapBybitFrame } from './bybit-mappers.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'bybit', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const documented = readFileSync(new URL('../../../test/fixtures/exchange-frames/bybit-kline.ndjson', import.meta.url), 'utf8').trim();
const doc = JSON.parse(documented) as { data: Record<string, unknown>[] } & Record<string, unknown>;
const candle = doc.data[0] ?? {};

function map(frame: unknown) {
  const parsed = parseBybitFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!parsed.ok) throw new Error(parsed.error);
  return mapBybitFrame(parsed.frame, RECEIVED, context);
}

describe('mapBybitFrame on kline.{interval}.{SYMBOL} frames', () => {
  it('maps the documented 5-minute candle: symbol from the topic, turnover as quote volume, no trade count, open', () => {
    expect(map(documented)).toEqual([
      {
        type: 'kline',
        exchange: 'bybit',
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1672324988882,
        receivedTs: RECEIVED,
        isFallback: false,
        env: 'prod',
        connectionId: 'c1',
        interval: '5m',
        intervalMs: 300_000,
        openTime: 1672324800000,
        closeTime: 1672325099999,
        open: 16649.5,
        high: 16677,
        low: 16608,
        close: 16677,
        volume: 2.081,
        quoteVolume: 34666.4005,
        closed: false,
      },
    ]);
  });

  it('reads confirm:true as a closed candle and maps kline.1 as 1m', () => {
    const closed = { ...doc, topic: 'kline.1.BTCUSDT', data: [{ ...candle, interval: '1', start: 1672324800000, end: 1672324859999, confirm: true }] };
    expect(map(closed)).toMatchObject([{ interval: '1m', intervalMs: 60_000, closed: true, closeTime: 1672324859999 }]);
  });

  it('subscribes kline.1 for 1m, kline.60 for 1h and kline.D for 1d', () => {
    expect([bybitKlineChannel('1m'), bybitKlineChannel('1h'), bybitKlineChannel('1d')]).toEqual(['kline.1', 'kline.60', 'kline.D']);
  });

  it('ignores the monthly candle it does not serve, and refuses a candle whose interval contradicts its topic', () => {
    expect(map({ ...doc, topic: 'kline.M.BTCUSDT', data: [{ ...candle, interval: 'M' }] })).toEqual([]);
    expect(parseBybitFrame(JSON.stringify({ ...doc, topic: 'kline.1.BTCUSDT' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('interval') as unknown,
    });
    // An interval that is no string, not even one to convert (an object whose toString is no function), is refused by its path.
    const odd = { ...doc, topic: 'kline.1.BTCUSDT', data: [{ ...candle, interval: [{ toString: false }] }] };
    expect(parseBybitFrame(JSON.stringify(odd))).toEqual({ ok: false, error: '$.data[0].interval: does not match the topic' });
  });

  it('refuses a negative volume or a missing confirm flag, naming the field', () => {
    expect(parseBybitFrame(JSON.stringify({ ...doc, data: [{ ...candle, volume: '-2' }] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('volume') as unknown,
    });
    const { confirm: _dropped, ...noConfirm } = candle;
    expect(parseBybitFrame(JSON.stringify({ ...doc, data: [noConfirm] }))).toMatchObject({ ok: false, error: expect.stringContaining('confirm') as unknown });
  });
});
