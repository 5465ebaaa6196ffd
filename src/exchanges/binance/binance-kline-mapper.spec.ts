import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBinanceFrame } from './binance-frames.js';
import { mapBinanceFrame } from './binance-mappers.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'binance', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const documented = readFileSync(new URL('../../../test/fixtures/exchange-frames/binance-kline.ndjson', import.meta.url), 'utf8').trim();
const doc = JSON.parse(documented) as { k: Record<string, unknown> } & Record<string, unknown>;

function map(frame: unknown) {
  const parsed = parseBinanceFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!parsed.ok) throw new Error(parsed.error);
  return mapBinanceFrame(parsed.frame, RECEIVED, context);
}

describe('mapBinanceFrame on <sym>@kline_<interval> frames', () => {
  it('maps the documented 1m kline: times, OHLC, base and quote volume, trade count, open (x:false)', () => {
    expect(map(documented)).toEqual([
      {
        type: 'kline',
        exchange: 'binance',
        symbol: 'BNBBTC',
        coin: 'BNB',
        quote: 'BTC',
        exchangeTs: 1672515782136,
        receivedTs: RECEIVED,
        isFallback: false,
        env: 'prod',
        connectionId: 'c1',
        interval: '1m',
        intervalMs: 60_000,
        openTime: 1672515780000,
        closeTime: 1672515839999,
        open: 0.001,
        high: 0.0025,
        low: 0.0015,
        close: 0.002,
        volume: 1000,
        quoteVolume: 1,
        tradeCount: 100,
        closed: false,
      },
    ]);
  });

  it('unwraps the combined envelope and reads x:true as a closed candle', () => {
    const combined = { stream: 'bnbbtc@kline_1m', data: { ...doc, k: { ...doc.k, x: true } } };
    expect(map(combined)).toMatchObject([{ symbol: 'BNBBTC', closed: true, openTime: 1672515780000 }]);
  });

  it('maps the other served intervals with their length', () => {
    const hourly = { ...doc, k: { ...doc.k, i: '1h', T: 1672515780000 + 3_600_000 - 1 } };
    expect(map(hourly)).toMatchObject([{ interval: '1h', intervalMs: 3_600_000 }]);
  });

  it('ignores candles of intervals it does not serve (1s, 1M) instead of refusing them', () => {
    expect(map({ ...doc, k: { ...doc.k, i: '1s' } })).toEqual([]);
    expect(map({ ...doc, k: { ...doc.k, i: '1M' } })).toEqual([]);
  });

  it('refuses a candle with a negative volume, a zero price or a close time before its start, naming the field', () => {
    expect(parseBinanceFrame(JSON.stringify({ ...doc, k: { ...doc.k, v: '-1' } }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('v') as unknown,
    });
    expect(parseBinanceFrame(JSON.stringify({ ...doc, k: { ...doc.k, o: '0' } }))).toMatchObject({ ok: false, error: expect.stringContaining('o') as unknown });
    expect(parseBinanceFrame(JSON.stringify({ ...doc, k: { ...doc.k, T: 1 } }))).toMatchObject({ ok: false, error: expect.stringContaining('T') as unknown });
  });
});
