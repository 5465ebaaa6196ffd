import { describe, expect, it } from 'vitest';
import { bybitOptionTestVenue, recordedOption } from './__fixtures__/bybit-option-test-venue.js';

const SYMBOL = /^(BTC|ETH|SOL)-\d{1,2}[A-Z]{3}\d{2}-\d+(\.\d+)?-[CP]-USDT$/;
/** A decimal string as Bybit writes one: no exponent, no trailing zeros after a point. */
const DECIMAL = /^-?\d+(\.\d*[1-9])?$/;
const keys = (value: unknown): string[] => Object.keys(value as object);
const onStep = (text: string, step: number): boolean => Math.abs(Number(text) / step - Math.round(Number(text) / step)) < 1e-6;

const [recordedTicker] = recordedOption('bybit-option-tickers.ndjson');
const [recordedTrade] = recordedOption('bybit-option-publicTrade.ndjson');
const recordedBook = recordedOption('bybit-option-orderbook.ndjson');

/** A venue trading for a few seconds, and the BTC options it lists (an at-the-money one of the second expiry, a far put of the first). */
function tradingVenue() {
  const test = bybitOptionTestVenue();
  const list = (test.get('/v5/market/instruments-info?category=option&baseCoin=BTC').result.list ?? []).map((i) => String(i['symbol']));
  const tickers = test.get('/v5/market/tickers?category=option&baseCoin=BTC').result.list ?? [];
  const noBid = tickers.find((t) => t['bid1Price'] === '0');
  const expiries = [...new Set(list.map((s) => s.split('-')[1]))];
  const second = list.filter((s) => s.split('-')[1] === expiries[1]);
  const atm = second[Math.floor(second.length / 2)] ?? '';
  return { ...test, list, atm, noBid: typeof noBid?.['symbol'] === 'string' ? noBid['symbol'] : '' };
}

describe("Bybit's simulated option frames, as recorded and documented", () => {
  it('pushes tickers.{symbol} snapshots in the recorded envelope with every field of the Option tab, every value a string', () => {
    const { connect, run, atm } = tradingVenue();
    expect(atm).toMatch(SYMBOL);
    const client = connect();
    client.send({ op: 'subscribe', args: [`tickers.${atm}`], req_id: 't1' });
    run(2_000);
    const tickers = client.frames().filter((f) => f.topic === `tickers.${atm}`);
    expect(tickers.length).toBeGreaterThanOrEqual(2);
    for (const frame of tickers) {
      expect(keys(frame)).toEqual(keys(recordedTicker));
      expect(frame.type).toBe('snapshot');
      expect(frame.id).toMatch(new RegExp(`^tickers\\.${atm}-\\d+-${String(frame.ts)}$`));
      expect(keys(frame.data)).toEqual(keys(recordedTicker?.data));
      for (const [field, value] of Object.entries(frame.data as object)) expect([field, typeof value]).toEqual([field, 'string']);
      const data = frame.data as Record<string, string>;
      for (const field of keys(data).filter((f) => f !== 'symbol')) expect([field, data[field]]).toEqual([field, expect.stringMatching(DECIMAL)]);
      expect(Number(data['markPriceIv'])).toBeGreaterThan(0.05);
      expect(Number(data['markPriceIv'])).toBeLessThan(3);
      expect(data['markPriceIv']).toMatch(/^\d+(\.\d{1,4})?$/);
      expect(onStep(data['bidPrice'] ?? '', 5) && onStep(data['askPrice'] ?? '', 5)).toBe(true);
      expect(onStep(data['bidSize'] ?? '', 0.01) && onStep(data['askSize'] ?? '', 0.01)).toBe(true);
      expect(Number(data['bidPrice'])).toBeLessThan(Number(data['markPrice']));
      expect(Number(data['askPrice'])).toBeGreaterThan(Number(data['markPrice']));
      const call = atm.endsWith('-C-USDT');
      expect(Number(data['delta'])).toBeGreaterThan(call ? 0 : -1);
      expect(Number(data['delta'])).toBeLessThan(call ? 1 : 0);
      expect([Number(data['gamma']) > 0, Number(data['vega']) > 0, Number(data['theta']) < 0]).toEqual([true, true, true]);
    }
  });

  it('writes an option with nothing bid as the documented empty side: "0" price, size and IV, an empty b in its book', () => {
    const { connect, run, noBid } = tradingVenue();
    expect(noBid).toMatch(SYMBOL);
    const client = connect();
    client.send({ op: 'subscribe', args: [`tickers.${noBid}`, `orderbook.25.${noBid}`] });
    run(200);
    const ticker = client.frames().find((f) => f.topic === `tickers.${noBid}`)?.data as Record<string, string>;
    expect([ticker['bidPrice'], ticker['bidSize'], ticker['bidIv']]).toEqual(['0', '0', '0']);
    expect(Number(ticker['askPrice'])).toBeGreaterThan(0);
    const book = client.frames().find((f) => f.topic === `orderbook.25.${noBid}`)?.data as { b: unknown[]; a: unknown[] };
    expect(book.b).toEqual([]);
    expect(book.a.length).toBeGreaterThan(0);
  });

  it("carries every option's trades of a coin on publicTrade.{baseCoin}, each trade the documented option fields", () => {
    const { connect, run, control } = tradingVenue();
    const client = connect();
    client.send({ op: 'subscribe', args: ['publicTrade.BTC', 'publicTrade.ETH'] });
    control.setTradeRate('bybit_options', 0.5);
    run(3_000);
    const frames = client.frames().filter((f) => String(f.topic).startsWith('publicTrade.'));
    expect(frames.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (const frame of frames) {
      expect(keys(frame)).toEqual(keys(recordedTrade));
      expect(frame.id).toMatch(new RegExp(`^${String(frame.topic)}-\\d+-${String(frame.ts)}$`));
      for (const trade of frame.data as Record<string, unknown>[]) {
        expect(keys(trade)).toEqual(['T', 's', 'S', 'v', 'p', 'i', 'BT', 'RPI', 'seq', 'mP', 'iP', 'mIv', 'iv']);
        expect(keys(trade)).toEqual(expect.arrayContaining(keys((recordedTrade?.data as object[])[0])));
        const symbol = String(trade['s']);
        expect(symbol).toMatch(SYMBOL);
        expect(frame.topic).toBe(`publicTrade.${symbol.split('-')[0] ?? ''}`);
        expect([typeof trade['T'], typeof trade['BT'], typeof trade['RPI'], typeof trade['seq']]).toEqual(['number', 'boolean', 'boolean', 'number']);
        for (const field of ['v', 'p', 'mP', 'iP', 'mIv', 'iv']) expect([field, trade[field]]).toEqual([field, expect.stringMatching(DECIMAL)]);
        expect(trade['i']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(['Buy', 'Sell']).toContain(trade['S']);
        seen.add(String(frame.topic));
      }
    }
    expect([...seen].sort()).toEqual(['publicTrade.BTC', 'publicTrade.ETH']);
  });

  it('sends orderbook.25 and orderbook.100 as a snapshot then deltas, u one up a frame, in the recorded envelope with seq and cts', () => {
    const { connect, run, atm } = tradingVenue();
    const client = connect();
    client.send({ op: 'subscribe', args: [`orderbook.25.${atm}`, `orderbook.100.${atm}`] });
    run(5_000);
    for (const depth of [25, 100]) {
      const frames = client.frames().filter((f) => f.topic === `orderbook.${depth}.${atm}`);
      expect(frames[0]?.type).toBe('snapshot');
      expect(frames.slice(1).every((f) => f.type === 'delta')).toBe(true);
      expect(frames.length).toBeGreaterThan(2);
      const us = frames.map((f) => (f.data as { u: number }).u);
      expect(us).toEqual(us.map((_, n) => (us[0] ?? 0) + n));
      for (const frame of frames) {
        expect(keys(frame)).toEqual([...keys(recordedBook[0]), 'cts']);
        expect(keys(frame.data)).toEqual([...keys(recordedBook[0]?.data), 'seq']);
        const data = frame.data as { b: string[][]; a: string[][]; seq: number };
        expect(frame.id).toBe(`orderbook.${depth}.${atm}-${data.seq}-${String(frame.ts)}`);
        for (const [price, size] of [...data.b, ...data.a]) {
          expect([price, size]).toEqual([expect.stringMatching(DECIMAL), expect.stringMatching(DECIMAL)]);
          expect(onStep(price ?? '', 5) && onStep(size ?? '', 0.01)).toBe(true);
        }
      }
      const snapshot = frames[0]?.data as { b: unknown[]; a: unknown[] };
      expect(snapshot.a.length).toBeLessThanOrEqual(depth);
    }
  });

  it('pushes a ticker only when it changed: about one a mark step with no trades, never more often than every 100 ms', () => {
    const { connect, run, atm, control } = tradingVenue();
    control.setTradeRate('bybit_options', 0);
    const client = connect();
    client.send({ op: 'subscribe', args: [`tickers.${atm}`] });
    run(5_000);
    const ts = client
      .frames()
      .filter((f) => f.topic === `tickers.${atm}`)
      .map((f) => Number(f.ts));
    // The snapshot on subscribe, then one per mark step (1 s).
    expect(ts.length).toBeGreaterThanOrEqual(5);
    expect(ts.length).toBeLessThanOrEqual(7);
    expect(ts.slice(2).every((t, n) => t - (ts[n + 1] ?? 0) >= 100)).toBe(true);
  });
});
