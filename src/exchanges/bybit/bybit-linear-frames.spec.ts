import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBybitLinearFrame, type BybitLinearFrame } from './bybit-linear-frames.js';

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parsed(line: string): BybitLinearFrame {
  const result = parseBybitLinearFrame(line);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

/** The recorded snapshot of `tickers.BTCUSDT`, as an object to vary field by field. */
const snapshot = (): { topic: string; type: string; data: Record<string, unknown>; ts: number } =>
  JSON.parse(fixture('bybit-linear-tickers.ndjson')[0] ?? '') as { topic: string; type: string; data: Record<string, unknown>; ts: number };

describe('parseBybitLinearFrame', () => {
  it.each([
    ['bybit-linear-publicTrade.ndjson', 'trade'],
    ['bybit-linear-tickers.ndjson', 'linear_ticker'],
    ['bybit-linear-orderbook.ndjson', 'book'],
    ['bybit-linear-kline.ndjson', 'kline'],
    ['bybit-linear-allLiquidation.ndjson', 'liquidation'],
    ['bybit-linear-subscribe-ack.ndjson', 'ack'],
  ])('reads every frame of %s as a %s frame', (file, kind) => {
    const lines = fixture(file);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => parseBybitLinearFrame(line)).filter((result) => !result.ok)).toEqual([]);
    expect(new Set(lines.map((line) => parsed(line).kind))).toEqual(new Set([kind]));
  });

  it("reads the recorded snapshot's figures as sent, leaving out the empty pre-listing fields and the ones it does not read", () => {
    expect(parsed(fixture('bybit-linear-tickers.ndjson')[0] ?? '')).toEqual({
      kind: 'linear_ticker',
      topic: 'tickers.BTCUSDT',
      type: 'snapshot',
      ts: 1786310817583,
      data: {
        symbol: 'BTCUSDT',
        lastPrice: '65114.30',
        markPrice: '65117.44',
        indexPrice: '65137.76',
        fundingRate: '0.0001',
        nextFundingTime: '1786320000000',
        openInterest: '59891.732',
        openInterestValue: '3899996265.01',
        prevPrice24h: '65008.70',
        highPrice24h: '65282.30',
        lowPrice24h: '64694.40',
        volume24h: '17573.9120',
        turnover24h: '1142118412.9021',
        price24hPcnt: '0.001624',
      },
    });
  });

  it('reads a delta of best bid/ask alone as a frame without figures', () => {
    expect(parsed(fixture('bybit-linear-tickers.ndjson')[1] ?? '')).toEqual({
      kind: 'linear_ticker',
      topic: 'tickers.BTCUSDT',
      type: 'delta',
      ts: 1786310817883,
      data: { symbol: 'BTCUSDT' },
    });
  });

  it('reads an empty, null or absent figure, and a next funding time of "0", as not sent; a negative funding rate as sent', () => {
    const frame = snapshot();
    Object.assign(frame.data, { markPrice: '', indexPrice: null, nextFundingTime: '0', fundingRate: '-0.00375' });
    delete frame.data['openInterest'];
    const data = (parsed(JSON.stringify(frame)) as Extract<BybitLinearFrame, { kind: 'linear_ticker' }>).data;
    expect([data.markPrice, data.indexPrice, data.nextFundingTime, data.openInterest, data.fundingRate]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      '-0.00375',
    ]);
  });

  it.each([
    ['a mark price of 0', { markPrice: '0' }, '$.data.markPrice: expected a positive decimal string'],
    ['a last price that is not a number', { lastPrice: 'abc' }, '$.data.lastPrice: expected a positive decimal string'],
    ['a negative open interest', { openInterest: '-1' }, '$.data.openInterest: expected a non-negative decimal string'],
    ['a funding rate that is not a number', { fundingRate: 'NaN' }, '$.data.fundingRate: expected a decimal string'],
    [
      'a next funding time that is not epoch ms',
      { nextFundingTime: '2026-08-09T16:00:00Z' },
      '$.data.nextFundingTime: expected epoch milliseconds as a decimal string',
    ],
    ['a numeric next funding time', { nextFundingTime: 1786320000000 }, '$.data.nextFundingTime: expected epoch milliseconds as a decimal string'],
    ['a ticker without its symbol', { symbol: '' }, '$.data.symbol: expected a non-empty string'],
  ])('refuses a ticker with %s, naming the field', (_name, change, error) => {
    const frame = snapshot();
    Object.assign(frame.data, change);
    expect(parseBybitLinearFrame(JSON.stringify(frame))).toEqual({ ok: false, error });
  });

  it('refuses a ticker that is neither a snapshot nor a delta', () => {
    expect(parseBybitLinearFrame(JSON.stringify({ ...snapshot(), type: 'update' }))).toEqual({ ok: false, error: '$.type: expected "snapshot" or "delta"' });
  });

  const documented = (): { topic: string; type: string; ts: number; data: Record<string, unknown>[] } =>
    JSON.parse(fixture('bybit-linear-allLiquidation.ndjson')[0] ?? '') as { topic: string; type: string; ts: number; data: Record<string, unknown>[] };

  it('reads the documented allLiquidation example: T, s, S, v and p of each liquidation', () => {
    expect(parsed(fixture('bybit-linear-allLiquidation.ndjson')[0] ?? '')).toEqual({
      kind: 'liquidation',
      topic: 'allLiquidation.ROSEUSDT',
      ts: 1739502303204,
      data: [{ T: 1739502302929, s: 'ROSEUSDT', S: 'Sell', v: '20000', p: '0.04499' }],
    });
  });

  it.each([
    ['an unknown side', { S: 'Long' }, '$.data[0].S: expected "Buy" or "Sell"'],
    ['a size of 0', { v: '0' }, '$.data[0].v: expected a positive decimal string'],
    ['a negative price', { p: '-0.04499' }, '$.data[0].p: expected a positive decimal string'],
    ['a time in a string', { T: '1739502302929' }, '$.data[0].T: expected a non-negative integer'],
  ])('refuses a liquidation with %s, naming the field', (_name, change, error) => {
    const frame = documented();
    Object.assign(frame.data[0] ?? {}, change);
    expect(parseBybitLinearFrame(JSON.stringify(frame))).toEqual({ ok: false, error });
  });

  it('reads the retired liquidation.{SYMBOL} topic (its documented example, an object of one liquidation) as a frame it does not use', () => {
    // bybit-exchange/docs docs/v5/websocket/public/liquidation.mdx, removed in 3651d205 ("remove deprecated liquidation websocket").
    const retired = {
      topic: 'liquidation.BTCUSDT',
      type: 'snapshot',
      ts: 1703485237953,
      data: { updatedTime: 1703485237953, symbol: 'BTCUSDT', side: 'Sell', size: '0.003', price: '43511.70' },
    };
    expect(parseBybitLinearFrame(JSON.stringify(retired))).toEqual({ ok: true, frame: { kind: 'other' } });
  });

  it('reads the linear subscribe ack (ret_msg "", req_id "" when none was sent) and pong', () => {
    expect(parsed(fixture('bybit-linear-subscribe-ack.ndjson')[0] ?? '')).toEqual({ kind: 'ack', op: 'subscribe', success: true, retMsg: '' });
    expect(parsed(fixture('bybit-pong.ndjson')[1] ?? '')).toEqual({ kind: 'pong' });
  });
});
