import { readFileSync } from 'node:fs';
import { from, lastValueFrom, toArray } from 'rxjs';
import { compute, computeBookSnapshots, computeTradeBars, normalizeBookChanges, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { FeedEvent, FeedStatus, OrderBookView } from '../../src/model/index.js';
import type { BookUpdate } from '../../src/exchanges/book-update.js';
import { bookOutputEvent } from '../../src/exchanges/book-output-event.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, initialBinanceBook, stepBinanceBook, type BinanceBookState } from '../../src/exchanges/binance/binance-book-sequencer.js';
import { gateBookUpdate, readGateBookSnapshot } from '../../src/exchanges/gate/gate-book.js';
import { parseGateFrame } from '../../src/exchanges/gate/gate-frames.js';
import { venuePartsLookup } from '../../src/exchanges/venue-parts-lookup.js';
import { derivedDataType, type DerivedDataType } from '../../src/derived/data-types.js';
import { bookDerivedData, tradeBars, type BookDataType, type BookDerivedRecord, type TradeDataType } from '../../src/derived/derived-data.js';
import { hyperliquidNormalizer } from './hyperliquid-interop.js';
import { okxNormalizer } from './okx-interop.js';
import { recordedLines, type TardisMapper } from './tardis-records.js';

/**
 * Our derived data (`src/derived/`: book changes, book snapshots and quotes at a cadence, trade bars) against
 * tardis-node's own (`tardis-dev`'s `compute` with `computeBookSnapshots` and `computeTradeBars`, on its
 * normalization of the same recorded frames), record for record and field by field: name, venue time, the
 * receive time of the message that made it, and every level or figure. tardis-machine always removes crossed
 * levels; ours never holds a crossed book (it resyncs instead), so the option is given as tardis-machine gives it.
 * Where the two cannot be compared on a venue's recordings, `docs/derived-data.md` says why.
 */

/** The data types compared on every venue: snapshots at three cadences (one every change), grouped, and quotes. */
const BOOK_TYPES = ['book_snapshot_5_100ms', 'book_snapshot_10_1s', 'book_snapshot_3_0ms', 'quote', 'quote_1s'];
const BAR_TYPES = ['trade_bar_100ms', 'trade_bar_1s', 'trade_bar_2ticks', 'trade_bar_1vol'];

const read = (name: string): DerivedDataType => {
  const type = derivedDataType(name);
  if ('error' in type) throw new Error(type.error);
  return type;
};

interface TardisSnapshot {
  readonly type: 'book_snapshot';
  readonly name: string;
  readonly bids: readonly { readonly price?: number; readonly amount?: number }[];
  readonly asks: readonly { readonly price?: number; readonly amount?: number }[];
  readonly timestamp: Date;
  readonly localTimestamp: Date;
}
interface TardisBar {
  readonly type: 'trade_bar';
  readonly name: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  readonly vwap: number;
  readonly openTimestamp: Date;
  readonly closeTimestamp: Date;
  readonly timestamp: Date;
  readonly localTimestamp: Date;
}
interface TardisChange {
  readonly type: 'book_change';
  readonly isSnapshot: boolean;
  readonly bids: readonly { readonly price: number; readonly amount: number }[];
  readonly asks: readonly { readonly price: number; readonly amount: number }[];
  readonly timestamp: Date;
  readonly localTimestamp: Date;
}

/** One record as both sides are compared: the data type, the venue time, the receive time and the levels or figures. */
type Row = readonly unknown[];

async function* each<T>(items: readonly T[]): AsyncIterableIterator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** tardis's records of these computables on its normalized messages, those of `type` kept. */
async function tardisComputed<T>(messages: readonly unknown[], computables: Parameters<typeof compute>[1][], type: string): Promise<T[]> {
  const out: T[] = [];
  for await (const message of compute(each(messages as never[]), ...computables)) if ((message as { type: string }).type === type) out.push(message);
  return out;
}

const pairs = (side: readonly { readonly price?: number; readonly amount?: number }[]): Row => side.filter((l) => l.price !== undefined).map((l) => [l.price, l.amount]);
const ourPairs = (side: readonly { readonly price: number; readonly size: number }[]): Row => side.map((l) => [l.price, l.size]);
const sorted = (side: readonly { readonly price: number; readonly amount?: number; readonly size?: number }[]): Row =>
  side.map((l) => [l.price, l.amount ?? l.size]).sort((a, b) => Number(a[0]) - Number(b[0]));

function ourSampleRow(record: BookDerivedRecord): Row | undefined {
  if (record.type === 'interval_book_snapshot') return [record.name, record.exchangeTs, record.receivedTs, ourPairs(record.bids), ourPairs(record.asks)];
  if (record.type === 'quote') {
    const side = (price?: number, size?: number): Row => (price === undefined ? [] : [[price, size]]);
    return [record.name, record.exchangeTs, record.receivedTs, side(record.bidPrice, record.bidSize), side(record.askPrice, record.askSize)];
  }
  return undefined;
}

/** Our frames' events and tardis's normalized messages of the same frames, each at the same receive time. */
interface Replayed {
  readonly ours: readonly FeedEvent[];
  readonly changes: readonly unknown[];
  readonly trades: readonly unknown[];
}

function replayed(
  normalize: FrameNormalizer,
  frames: readonly string[],
  localTs: number,
  books?: TardisMapper<unknown>,
  trades?: TardisMapper<unknown>,
  theirText = (text: string) => text,
  ourText = (text: string) => text,
): Replayed {
  const ours: FeedEvent[] = [];
  const changes: unknown[] = [];
  const theirTrades: unknown[] = [];
  frames.forEach((text, n) => {
    const out = normalize(ourText(text), localTs + n);
    if (out.ok) ours.push(...out.frame);
    else ours.push(...out.events);
    const message: unknown = JSON.parse(theirText(text));
    const local = new Date(localTs + n);
    if (books?.canHandle(message) === true) changes.push(...(books.map(message, local) ?? []));
    if (trades?.canHandle(message) === true) theirTrades.push(...(trades.map(message, local) ?? []));
  });
  return { ours, changes, trades: theirTrades };
}

async function ourBookRecords(events: readonly FeedEvent[], names: readonly string[]): Promise<BookDerivedRecord[]> {
  const input = events.filter((e): e is OrderBookView | FeedStatus => e.type === 'order_book' || e.type === 'feed_status');
  return lastValueFrom(from(input).pipe(bookDerivedData(names.map(read) as BookDataType[]), toArray()));
}

/** Both sides' sampled tops of every book type, and a grouped snapshot at the venue's `grouping` step, as rows, ours first. */
async function sampledBoth(run: Replayed, grouping: number): Promise<{ readonly ours: readonly Row[]; readonly theirs: readonly Row[] }> {
  const names = [...BOOK_TYPES, `book_snapshot_3_grouped${grouping}_100ms`];
  const ours = (await ourBookRecords(run.ours, names)).flatMap((record) => {
    const row = ourSampleRow(record);
    return row === undefined ? [] : [row];
  });
  const theirs: Row[] = [];
  // One computable at a time, so each type's records keep their own order (ours are interleaved by book update).
  for (const name of names) {
    const type = read(name);
    if (type.kind !== 'book_snapshot' && type.kind !== 'quote') continue;
    const depth = type.kind === 'quote' ? 1 : type.depth;
    const grouped = type.kind === 'book_snapshot' && type.grouping !== undefined ? { grouping: type.grouping } : {};
    const snapshots = await tardisComputed<TardisSnapshot>(
      run.changes,
      [computeBookSnapshots({ depth, interval: type.intervalMs, name, removeCrossedLevels: true, ...grouped })],
      'book_snapshot',
    );
    theirs.push(...snapshots.map((s) => [s.name, s.timestamp.valueOf(), s.localTimestamp.valueOf(), pairs(s.bids), pairs(s.asks)]));
  }
  return { ours: names.flatMap((name) => ours.filter((row) => row[0] === name)), theirs };
}

async function barsBoth(run: Replayed): Promise<{ readonly ours: readonly Row[]; readonly theirs: readonly Row[] }> {
  const types = BAR_TYPES.map(read) as TradeDataType[];
  const ourBars = await lastValueFrom(from(run.ours).pipe(tradeBars(types), toArray()));
  const row = (name: string, ts: number, local: number, figures: readonly number[]): Row => [name, ts, local, ...figures];
  const ours = BAR_TYPES.flatMap((name) =>
    ourBars
      .filter((bar) => bar.name === name)
      .map((bar) => row(name, bar.exchangeTs, bar.receivedTs, [bar.open, bar.high, bar.low, bar.close, bar.volume, bar.buyVolume, bar.sellVolume, bar.trades, bar.vwap, bar.openTs, bar.closeTs])),
  );
  const theirs: Row[] = [];
  for (const type of types) {
    const kind = type.barKind === 'tick' ? 'tick' : type.barKind === 'volume' ? 'volume' : 'time';
    const bars = await tardisComputed<TardisBar>(run.trades, [computeTradeBars({ kind, interval: type.interval, name: type.name })], 'trade_bar');
    theirs.push(
      ...bars.map((bar) =>
        row(bar.name, bar.timestamp.valueOf(), bar.localTimestamp.valueOf(), [
          bar.open,
          bar.high,
          bar.low,
          bar.close,
          bar.volume,
          bar.buyVolume,
          bar.sellVolume,
          bar.trades,
          bar.vwap,
          bar.openTimestamp.valueOf(),
          bar.closeTimestamp.valueOf(),
        ]),
      ),
    );
  }
  return { ours, theirs };
}

/**
 * Our book changes against tardis's normalized ones: snapshot or not, venue and receive time, the levels (as
 * sets: a snapshot of ours is best first). A snapshot of ours holds the book as kept, `keptDepth` levels a side
 * where the venue's book is kept to the depth subscribed; tardis's the whole frame.
 */
async function changesBoth(run: Replayed, keptDepth = Infinity): Promise<{ readonly ours: readonly Row[]; readonly theirs: readonly Row[] }> {
  const ours = (await ourBookRecords(run.ours, ['book_change'])).flatMap((record) =>
    record.type === 'book_change' ? [[record.isSnapshot, record.exchangeTs, record.receivedTs, sorted(record.bids), sorted(record.asks)]] : [],
  );
  const kept = (c: TardisChange, side: 'bids' | 'asks') =>
    c.isSnapshot ? [...c[side]].sort((a, b) => (side === 'bids' ? b.price - a.price : a.price - b.price)).slice(0, keptDepth) : c[side];
  const theirs = (run.changes as TardisChange[]).map((c) => [c.isSnapshot, c.timestamp.valueOf(), c.localTimestamp.valueOf(), sorted(kept(c, 'bids')), sorted(kept(c, 'asks'))]);
  return { ours, theirs };
}

const VENUE_FIXTURES = new URL('../../src/exchanges/', import.meta.url);
const fixture = (path: string): readonly string[] =>
  readFileSync(new URL(path, VENUE_FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

describe("our derived data against tardis-node's computables on its normalization of the same recorded frames", () => {
  it('okx: 98 recorded `books` frames (a snapshot, then updates checked by CRC32): every book change, every snapshot and quote alike', async () => {
    const local = 1_800_000_000_000;
    const run = replayed(okxNormalizer('okx'), recordedLines('okx-books.ndjson'), local, normalizeBookChanges('okex', new Date(local)));
    expect(run.changes).toHaveLength(98);
    const changes = await changesBoth(run);
    expect(changes.ours).toEqual(changes.theirs);
    const sampled = await sampledBoth(run, 10);
    expect(sampled.theirs.length).toBeGreaterThan(150);
    expect(sampled.ours).toEqual(sampled.theirs);
  });

  it.each([
    // One OKX `trades` record merges two fills of one taker order (`count` 2): tardis reads it as one trade, ours as an
    // aggregate trade (`agg_trade`, not in bars); the frame is left out of both.
    ['okx', () => okxNormalizer('okx'), recordedLines('okx-trades.ndjson').filter((text) => !text.includes('"count"')), 'okex'],
    ['bybit_linear', () => createFrameNormalizer('bybit_linear', 'c1'), recordedLines('bybit-linear-publicTrade.ndjson'), 'bybit'],
  ] as const)('%s: the recorded trades: every time, tick and volume bar alike, to the last bit of vwap', async (_venue, normalizer, frames, tardisId) => {
    const local = 1_800_000_000_000;
    const run = replayed(normalizer(), frames, local, undefined, normalizeTrades(tardisId, new Date(local)));
    const bars = await barsBoth(run);
    expect(bars.theirs.length).toBeGreaterThan(5);
    expect(bars.ours).toEqual(bars.theirs);
  });

  it("bybit_linear: the whole recorded orderbook.200 session (a snapshot and 413 deltas): every book change, snapshot and quote alike, tardis given Bybit's matching-engine time (`cts`) as ours is", async () => {
    const local = 1_800_000_000_000;
    // tardis stamps a Bybit book change with the frame's `ts` (the time the venue sent it); ours with `cts`
    // (when its matching engine made it), the venue's time of the change itself. tardis is given `cts` as
    // `ts` so that both sample the same times.
    // The session was recorded at depth 200; both read it as the depth they subscribe, `orderbook.50` (the frames
    // are the same but for the topic).
    const at50 = (text: string): string => text.replace('"orderbook.200.', '"orderbook.50.');
    const withCts = (text: string): string => {
      const frame = JSON.parse(at50(text)) as { ts: number; cts?: number };
      return JSON.stringify({ ...frame, ts: frame.cts ?? frame.ts });
    };
    const run = replayed(
      createFrameNormalizer('bybit_linear', 'c1'),
      fixture('bybit/__fixtures__/bybit-linear-orderbook.ndjson'),
      local,
      normalizeBookChanges('bybit', new Date(local)),
      undefined,
      withCts,
      at50,
    );
    expect(run.changes).toHaveLength(414);
    // Bybit linear's books are kept to the 50 levels a side subscribed: the recorded 200-level snapshot is cut to its best 50.
    const changes = await changesBoth(run, 50);
    expect(changes.ours).toEqual(changes.theirs);
    // Grouped by 1 (ten 0.1 ticks a group), so three groups lie within the 50 levels kept.
    const sampled = await sampledBoth(run, 1);
    expect(sampled.theirs.length).toBeGreaterThan(400);
    expect(sampled.ours).toEqual(sampled.theirs);
  });

  it("gate: a recorded spot order_book_update run and its REST snapshot (tardis records the snapshot beside the run, as its own message): every book change, snapshot and quote alike", async () => {
    // Ours: Gate's book sync (Binance US's rule, `gate-book-plan.ts`), the first push asking for the snapshot, answered at once.
    const local = Date.UTC(2026, 0, 1);
    const frames = recordedLines('gate-order_book_update.ndjson').filter((text) => text.includes('"OMG_USDT"'));
    const [restText = 'null'] = recordedLines('gate-order_book-rest.ndjson');
    const body: unknown = JSON.parse(restText);
    const snapshot: BookUpdate = readGateBookSnapshot(body, 'OMG_USDT', local);
    const stamp = { exchange: 'gate' as const, env: 'prod' as const, connectionId: 'c1', partsOf: venuePartsLookup('gate') };
    const events: FeedEvent[] = [];
    let state: BinanceBookState = initialBinanceBook('OMG_USDT');
    const step = (update: BookUpdate): boolean => {
      const next = stepBinanceBook(state, update, { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, rule: 'us' });
      state = next.state;
      for (const output of next.outputs) {
        const event = bookOutputEvent(output, stamp);
        if (event !== undefined) events.push(event);
      }
      return next.fetch;
    };
    // tardis: the same pushes, and the snapshot where ours took it, as tardis records one (`event: snapshot`, `generated`).
    const mapper = normalizeBookChanges('gate-io', new Date(local)) as TardisMapper<unknown>;
    const changes: unknown[] = [];
    const theirs = (message: unknown, at: number): void => void changes.push(...(mapper.map(message, new Date(at)) ?? []));
    frames.forEach((text, n) => {
      const parsed = parseGateFrame(text);
      if (!parsed.ok || parsed.frame.kind !== 'book_update') throw new Error(`line ${n + 1} is no depth push`);
      const fetch = step(gateBookUpdate(parsed.frame, local + n));
      theirs(JSON.parse(text), local + n);
      if (fetch) {
        step(snapshot);
        // The recorded REST answer has no `update` (its time); ours stamps such a snapshot with its receive time, tardis with `update`.
        theirs({ channel: 'spot.order_book_update', event: 'snapshot', generated: true, symbol: 'OMG_USDT', result: { ...(body as object), update: local } }, local);
      }
    });
    const run: Replayed = { ours: events, changes, trades: [] };
    expect(events.filter((e) => e.type === 'feed_status')).toEqual([]);
    const both = await changesBoth(run);
    expect(both.ours.length).toBeGreaterThan(40);
    expect(both.ours).toEqual(both.theirs);
    const sampled = await sampledBoth(run, 0.01);
    expect(sampled.ours).toEqual(sampled.theirs);
  });

  it("hyperliquid: both recorded l2Book snapshots: each a whole book for both, and every sample alike", async () => {
    const local = 1_786_540_000_000;
    const run = replayed(hyperliquidNormalizer(), recordedLines('hyperliquid-l2Book.ndjson'), local, normalizeBookChanges('hyperliquid', new Date(local)));
    const changes = await changesBoth(run);
    expect(changes.ours.map((row) => row[0])).toEqual([true, true]);
    expect(changes.ours).toEqual(changes.theirs);
    const sampled = await sampledBoth(run, 10);
    expect(sampled.ours).toEqual(sampled.theirs);
  });
});

