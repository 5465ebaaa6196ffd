import pino from 'pino';
import { asyncScheduler, Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import { mapBinanceDepthSnapshot } from '../binance/binance-book-mappers.js';
import { parseBinanceDepthSnapshot } from '../binance/binance-depth-frames.js';
import { stepBook } from '../binance/__fixtures__/binance-book-steps.js';
import { parseBinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import { coinmContext, RECEIVED, runLines } from './__fixtures__/coinm-context.js';
import { binanceCoinmBookPlan, binanceCoinmDepthUpdates } from './binance-coinm-book-plan.js';

/** The recorded BCHUSD_PERP run (cryptofeed, dstream 2021-07-22): 215 depthUpdates and the REST snapshot that starts it. */
const deltaLines = runLines('binance-coinm-depthUpdate-run.ndjson');
const [snapshotText = ''] = runLines('binance-coinm-depth-snapshot.ndjson');
const BCH_CONTRACT_USD = 10;

interface Delta {
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly b: readonly (readonly [string, string])[];
  readonly a: readonly (readonly [string, string])[];
}

const deltas = deltaLines.map((line) => (JSON.parse(line) as { data: Delta }).data);
const snapshotBody = JSON.parse(snapshotText) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };

/**
 * ccxt's futures book (`js/src/pro/binance.js`, ccxt 4.5.84), transcribed: the snapshot's levels with
 * nonce `lastUpdateId`; buffered events with `u < nonce` dropped, then one applied when `U <= nonce <= u`
 * or `pu === nonce` (`fetchOrderBookSnapshot`); afterwards an event with `u >= nonce` applied when
 * `U <= nonce` or `pu === nonce` (`handleOrderBook`, "future"), else a checksum error; `handleDelta` stores
 * each `[price, amount]`, amount 0 deleting the price; the nonce becomes `u`. Sizes are contracts, as ccxt
 * keeps them. Returns the book after each event it applied, by that event's `u`.
 */
function ccxtBooks(): Map<number, { bids: Map<number, number>; asks: Map<number, number> }> {
  const bids = new Map<number, number>(snapshotBody.bids.map(([p, s]) => [Number(p), Number(s)]));
  const asks = new Map<number, number>(snapshotBody.asks.map(([p, s]) => [Number(p), Number(s)]));
  const store = (side: Map<number, number>, levels: Delta['b']) => {
    for (const [price, amount] of levels) {
      if (Number(amount) === 0) side.delete(Number(price));
      else side.set(Number(price), Number(amount));
    }
  };
  let nonce = snapshotBody.lastUpdateId;
  let started = false;
  const after = new Map([[nonce, { bids: new Map(bids), asks: new Map(asks) }]]);
  for (const { U, u, pu, b, a } of deltas) {
    if (u < nonce) continue;
    const applies = started ? U <= nonce || pu === nonce : (U <= nonce && u >= nonce) || pu === nonce;
    if (!applies) throw new Error(`ccxt: checksum error at u ${u}`);
    store(asks, a);
    store(bids, b);
    nonce = u;
    started = true;
    after.set(u, { bids: new Map(bids), asks: new Map(asks) });
  }
  return after;
}

/** A ccxt book's best `n` levels a side, best first, sizes told in the coin or left in contracts. */
function top(book: { bids: Map<number, number>; asks: Map<number, number> }, n: number, inCoin: boolean) {
  const size = (price: number, contracts: number) => (inCoin ? (contracts * BCH_CONTRACT_USD) / price : contracts);
  const side = (levels: Map<number, number>, descending: boolean) =>
    [...levels]
      .sort(([p], [q]) => (descending ? q - p : p - q))
      .slice(0, n)
      .map(([price, contracts]) => [price, size(price, contracts)]);
  return { bids: side(book.bids, true), asks: side(book.asks, false) };
}

const context = coinmContext();
const updatesOf = (line: string): readonly BookUpdate[] => {
  const parsed = parseBinanceUsdmFrame(line);
  if (!parsed.ok) throw new Error(parsed.error);
  return binanceCoinmDepthUpdates(parsed.frame, RECEIVED, context);
};

const snapshotUpdate = (): BookUpdate => {
  const parsed = parseBinanceDepthSnapshot(snapshotText);
  if (!parsed.ok) throw new Error(parsed.error);
  return mapBinanceDepthSnapshot('BCHUSD_PERP', parsed.frame, RECEIVED);
};

const sides = (o: BookOutput | undefined) =>
  o?.type === 'book_view' ? { bids: o.bids.map((l) => [l.price, l.size]), asks: o.asks.map((l) => [l.price, l.size]) } : o;

describe('a COIN-M book rebuilt from the recorded snapshot and depthUpdates', () => {
  const expected = ccxtBooks();

  it("drops the 7 updates before lastUpdateId 167006089178, then equals ccxt's book at the snapshot and after every one of the 208 it applies (contracts)", () => {
    const updates = deltaLines.flatMap(updatesOf);
    expect(updates).toHaveLength(215);
    // The snapshot arrives once the first update asked for it; ccxt buffers alike.
    const { outputs } = stepBook([updates[0] as BookInput, snapshotUpdate(), ...updates.slice(1)], { rule: 'futures', viewLevels: 1000 });
    const views = outputs.filter((o) => o.type === 'book_view');
    expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
    expect(views).toHaveLength(expected.size);
    expect(expected.size).toBe(209);
    for (const view of views)
      expect(sides(view), `after u ${view.updateId}`).toEqual(top(expected.get(view.updateId) ?? { bids: new Map(), asks: new Map() }, 1000, false));
  });

  it('publishes each view in BCH through the plan: every level its contracts of 10 USD over its own price', async () => {
    const fetchSnapshot: typeof fetch = () => Promise.resolve(new Response(snapshotText, { status: 200 }));
    const plan = binanceCoinmBookPlan({ fetch: fetchSnapshot, book: { viewLevels: 20 } });
    const inputs = new Subject<BookInput>();
    const logger = pino({ level: 'silent' });
    const views: BookOutput[] = [];
    const subscription = plan
      .sync({ exchange: 'binance_coinm', scheduler: asyncScheduler, logger, restUrl: 'http://coinm.test', resubscribe: () => undefined })(inputs)
      .subscribe((output) => views.push(output));
    // The updates up to the one holding lastUpdateId wait in the buffer while the snapshot is fetched.
    deltaLines
      .slice(0, 8)
      .flatMap(updatesOf)
      .forEach((u) => inputs.next(u));
    await vi.waitUntil(() => views.length > 0, { timeout: 5000 });
    deltaLines
      .slice(8)
      .flatMap(updatesOf)
      .forEach((u) => inputs.next(u));
    subscription.unsubscribe();
    // The snapshot and the buffered update holding its id make one view, then one per update.
    expect(views).toHaveLength(208);
    const last = views.at(-1);
    expect(last?.type).toBe('book_view');
    const want = top(expected.get(last?.updateId ?? 0) ?? { bids: new Map(), asks: new Map() }, 20, true);
    const got = sides(last) as { bids: number[][]; asks: number[][] };
    expect(got.bids.map(([p]) => p)).toEqual(want.bids.map(([p]) => p));
    got.bids.forEach(([, size], n) => expect(size).toBeCloseTo(want.bids[n]?.[1] ?? NaN, 12));
    got.asks.forEach(([, size], n) => expect(size).toBeCloseTo(want.asks[n]?.[1] ?? NaN, 12));
  });

  it('reads a depthUpdate as a chained delta in contracts with its contract size, and none for a symbol whose size is unknown', () => {
    const [line = ''] = deltaLines;
    expect(updatesOf(line)[0]).toMatchObject({
      symbol: 'BCHUSD_PERP',
      action: 'delta',
      updateId: 167006084895,
      firstUpdateId: 167006084465,
      previousUpdateId: 167006084238,
      contractSize: 10,
      bids: expect.arrayContaining([{ price: 427.53, size: 260 }]) as unknown,
    });
    const parsed = parseBinanceUsdmFrame(line);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(binanceCoinmDepthUpdates(parsed.frame, RECEIVED, coinmContext(true))).toEqual([]);
  });
});
