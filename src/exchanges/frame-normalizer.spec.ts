import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent } from '../model/index.js';
import { createFrameNormalizer } from './frame-normalizer.js';

/** Lines 1-21: a recorded orderbook.200 snapshot and its 20 deltas, u 62505424-62505444 without a gap. */
const recorded = readFileSync(new URL('../../test/fixtures/exchange-frames/bybit-orderbook.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .slice(0, 21);

const simulated = (file: string): string => readFileSync(new URL(`../../simulator/__fixtures__/${file}`, import.meta.url), 'utf8');
const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const describeOutput = (e: FeedEvent): string =>
  e.type === 'order_book' ? `view ${e.updateId}` : e.type === 'feed_status' ? `${e.state} ${e.reason.split(':')[0] ?? ''}` : e.type;

function normalizeAll(lines: readonly string[], depth: 50 | 200): FeedEvent[] {
  const normalize = createFrameNormalizer('bybit', 'file', { options: { 'books.bybitDepth': depth } });
  return lines.flatMap((line) => {
    const result = normalize(line, 1_800_000_000_000);
    if (!result.ok) throw new Error(result.error);
    return result.frame;
  });
}

describe('createFrameNormalizer on Bybit depth frames', () => {
  it('prints one order_book view per applied frame, with provenance and the update id', () => {
    const events = normalizeAll(recorded, 200);
    expect(events).toHaveLength(21);
    expect(events.map((e) => (e.type === 'order_book' ? e.updateId : -1))).toEqual(Array.from({ length: 21 }, (_, i) => 62505424 + i));
    expect(events[0]).toMatchObject({
      type: 'order_book',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      env: 'prod',
      connectionId: 'file',
      isFallback: false,
      exchangeTs: 1786310816512,
      receivedTs: 1_800_000_000_000,
    });
    const first = events[0];
    expect(first?.type === 'order_book' ? first.bids[0] : undefined).toEqual({ price: 65140.4, size: 0.885797 });
    // The second line sets the best bid's size to 0.875077 (an absolute size, not a change).
    const second = events[1];
    expect(second?.type === 'order_book' ? second.bids[0] : undefined).toEqual({ price: 65140.4, size: 0.875077 });
  });

  it('prints one book_resync for a dropped delta and nothing for that symbol until the next snapshot', () => {
    const withGap = [...recorded.slice(0, 4), ...recorded.slice(5), recorded[0] ?? ''];
    const events = normalizeAll(withGap, 200);
    expect(
      events.map((e) => (e.type === 'order_book' ? `view ${e.updateId}` : e.type === 'feed_status' ? `${e.state} ${e.symbol ?? ''} ${e.reason}` : e.type)),
    ).toEqual([
      'view 62505424',
      'view 62505425',
      'view 62505426',
      'view 62505427',
      'book_resync BTCUSDT gap: expected u 62505428, got 62505429',
      'view 62505424',
    ]);
  });

  it('on a refused depth line (its snapshot or a delta lost) prints its book_resync with the refusal, then nothing for that symbol until the next snapshot', () => {
    const normalize = createFrameNormalizer('bybit', 'file', { options: { 'books.bybitDepth': 200 } });
    const run = (line: string) => {
      const result = normalize(line, 1_800_000_000_000);
      return result.ok ? result.frame.map(describeOutput) : [`refused`, ...result.events.map(describeOutput)];
    };
    // The snapshot cut short: it still names its topic.
    const [snapshot = '', ...deltas] = recorded;
    expect(run(snapshot.slice(0, 200))).toEqual(['refused', 'book_resync refused']);
    expect(deltas.slice(0, 3).flatMap(run)).toEqual([]);
    expect(run(snapshot)).toEqual(['view 62505424']);
    // A delta whose u is not one: refused, and its book goes down at once (not one delta later, as a gap would).
    expect(run((deltas[0] ?? '').replace('"u":62505425', '"u":0'))).toEqual(['refused', 'book_resync refused']);
    expect(deltas.slice(1, 3).flatMap(run)).toEqual([]);
    // A line that names no book refuses alone.
    expect(run('not json')).toEqual(['refused']);
  });

  it('prints one book_resync for a delta before any snapshot (the snapshot missing from the input), not silence', () => {
    const events = normalizeAll(recorded.slice(1, 4), 200);
    expect(events.map(describeOutput)).toEqual(['book_resync no_snapshot']);
  });

  it('leaves depth frames of another depth topic alone', () => {
    expect(normalizeAll(recorded, 50)).toEqual([]);
  });

  it("ends, on frames recorded from the simulator, in the simulator's own book", () => {
    const events = normalizeAll(linesOf(simulated('sim-bybit-orderbook.ndjson')), 50);
    const book = JSON.parse(simulated('sim-bybit-orderbook.book.json')) as { updateId: number; bids: string[][]; asks: string[][] };
    const last = events.at(-1);
    const levels = (side: string[][]) => side.map(([price, size]) => ({ price: Number(price), size: Number(size) }));
    expect(events.every((e) => e.type === 'order_book')).toBe(true);
    expect(last?.type === 'order_book' ? { updateId: last.updateId, bids: last.bids, asks: last.asks } : undefined).toEqual({
      updateId: book.updateId,
      bids: levels(book.bids),
      asks: levels(book.asks),
    });
  });

  it("goes through the simulator's faults: a dropped delta and a crossed delta each give one book_resync; a resubscribe's snapshot and a u = 1 restart give views again", () => {
    const outputs = normalizeAll(linesOf(simulated('sim-bybit-orderbook-faults.ndjson')), 50).map(describeOutput);
    expect(outputs.map((o) => o.split(' ')[0])).toEqual([
      ...Array<string>(6).fill('view'),
      'book_resync',
      ...Array<string>(4).fill('view'),
      ...Array<string>(4).fill('view'),
      'book_resync',
    ]);
    expect(outputs.filter((o) => o.startsWith('book_resync'))).toEqual(['book_resync gap', 'book_resync crossed']);
    expect(outputs[11]).toBe('view 1');
  });
});

describe('createFrameNormalizer on perpetual tickers, merged as live', () => {
  const frames = (file: string): string[] => linesOf(readFileSync(new URL(`../../test/fixtures/exchange-frames/${file}`, import.meta.url), 'utf8'));
  const normalizeLines = (exchange: 'bybit_linear' | 'binance_usdm', lines: readonly string[]): FeedEvent[] => {
    const normalize = createFrameNormalizer(exchange, 'file');
    return lines.flatMap((line) => {
      const result = normalize(line, 1_800_000_000_000);
      if (!result.ok) throw new Error(result.error);
      return result.frame;
    });
  };

  it("merges Bybit linear's recorded ticker deltas into whole derivative tickers and price ticks (the snapshot's figures carried on)", () => {
    const lines = frames('bybit-linear-tickers.ndjson');
    const events = normalizeLines('bybit_linear', lines.slice(0, 3));
    // Line 1 the snapshot (a ticker and a tick), line 2 best bid/ask alone (nothing), line 3 a new mark price.
    expect(events.map((e) => e.type)).toEqual(['derivative_ticker', 'price_tick', 'derivative_ticker']);
    expect(events.every((e) => !('bybitTicker' in e))).toBe(true);
    expect(events[2]).toMatchObject({
      type: 'derivative_ticker',
      exchange: 'bybit_linear',
      symbol: 'BTCUSDT',
      exchangeTs: 1786310818183,
      markPrice: 65117.43,
      openInterestValue: 3899995666.09,
      // Not in line 3: the snapshot's, carried on.
      indexPrice: 65137.76,
      fundingRate: 0.0001,
      nextFundingTs: 1786320000000,
      openInterest: 59891.732,
      openInterestTs: 1786310817583,
      openInterestSource: 'stream',
    });
    const all = normalizeLines('bybit_linear', lines);
    const tickers = all.filter((e) => e.type === 'derivative_ticker');
    expect(tickers.length).toBeGreaterThan(10);
    for (const t of tickers)
      expect(t).toMatchObject({ markPrice: expect.any(Number) as number, indexPrice: expect.any(Number) as number, fundingRate: 0.0001 });
  });

  it('maps a Binance USD-M mark price without an index price (the early frames) with the index left out', () => {
    const early =
      '{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1569888003001,"s":"BTCUSDT","p":"8291.34697815","r":"0.00010000","T":1569916800000}}';
    const [ticker, ...rest] = normalizeLines('binance_usdm', [early]);
    expect(rest).toEqual([]);
    expect(ticker).toMatchObject({
      type: 'derivative_ticker',
      exchangeTs: 1569888003001,
      markPrice: 8291.34697815,
      fundingRate: 0.0001,
      nextFundingTs: 1569916800000,
    });
    expect(ticker !== undefined && 'indexPrice' in ticker).toBe(false);
  });
});

describe('createFrameNormalizer on one connection', () => {
  it("prints every data frame, also one that repeats or goes back in time (no two sockets' overlap to drop)", () => {
    const normalize = createFrameNormalizer('binance_usdm', 'file');
    const later =
      '{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1597536008000,"s":"BTCUSDT","p":"11857.56","i":"11851.86","r":"0.0001564","T":1597564800000}}';
    const earlier =
      '{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1569888003001,"s":"BTCUSDT","p":"8291.34697815","r":"0.00010000","T":1569916800000}}';
    const times = [later, earlier, later].map((line) => {
      const result = normalize(line, 1_800_000_000_000);
      return result.ok ? result.frame.map((e) => (e.type === 'derivative_ticker' ? e.exchangeTs : e.type)) : [result.error];
    });
    expect(times).toEqual([[1597536008000], [1569888003001], [1597536008000]]);
  });
});

describe('createFrameNormalizer names instruments as live', () => {
  const one = (exchange: 'bybit' | 'bybit_linear', line: string): FeedEvent | undefined => {
    const result = createFrameNormalizer(exchange, 'file')(line, 1_800_000_000_000);
    if (!result.ok) throw new Error(result.error);
    return result.frame[0];
  };
  // A recorded linear trade (test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson, line 1).
  const linearTrade = linesOf(readFileSync(new URL('../../test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson', import.meta.url), 'utf8'))[0] ?? '';

  it("keys a perpetual's records by its instrument (BTC-USDT-PERP), a spot venue's by base and quote alone", () => {
    expect(one('bybit_linear', linearTrade)).toMatchObject({
      type: 'trade',
      exchange: 'bybit_linear',
      coin: 'BTC',
      quote: 'USDT',
      instrument: 'BTC-USDT-PERP',
    });
    const spot = one('bybit', linearTrade);
    expect(spot).toMatchObject({ type: 'trade', exchange: 'bybit', coin: 'BTC', quote: 'USDT' });
    expect(spot !== undefined && 'instrument' in spot).toBe(false);
  });

  it("splits Bybit's USDC perpetuals (BTCPERP: BTC quoted in USDC), which no quote suffix splits", () => {
    const usdc = linearTrade.replaceAll('BTCUSDT', 'BTCPERP');
    expect(one('bybit_linear', usdc)).toMatchObject({ type: 'trade', symbol: 'BTCPERP', coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDC-PERP' });
    expect(one('bybit', usdc)).toBeUndefined();
  });
});
