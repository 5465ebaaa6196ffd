import pino from 'pino';
import { Subject, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { SINCE_MARGIN_MS, type GapHandover } from '../operators/index.js';
import type { AcceptedTrade } from '../sink/last-trade-ids.js';
import { trade } from '../operators/__fixtures__/market-events.js';
import { gapHandovers } from './gap-handovers.js';
import type { ShardMove } from './shard-hand-over-states.js';
import { shardOf } from './shard-of.js';

const SHARDS = 8;
const moved = (shard: number): ShardMove => ({ kind: 'moved', shard });
const taken = (shard: number, at: number): ShardMove => ({ kind: 'taken', shard, at });
/** Two instruments of different shards, and their shards. */
const BTC = 'BTC-USDT';
const ETH = 'ETH-USDT';
const btcShard = shardOf(BTC, SHARDS);
const ethShard = shardOf(ETH, SHARDS);

/** A read that answers (or fails) when told to, recording what its `accept` took. */
function controlledReads() {
  const reads: {
    readonly accept: (trade: AcceptedTrade) => boolean;
    readonly answer: (trades: readonly TradeEvent[]) => void;
    readonly fail: (error: Error) => void;
  }[] = [];
  return {
    reads,
    readLastTrades: (accept: (trade: AcceptedTrade) => boolean) => new Promise<readonly TradeEvent[]>((answer, fail) => reads.push({ accept, answer, fail })),
  };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));
/** Collects what is told but the `awaiting` each taken shard's read begins with (a case of its own below). */
const collect =
  (seen: GapHandover[]) =>
  (handover: GapHandover): void => {
    if (handover.kind !== 'awaiting') seen.push(handover);
  };

describe('gapHandovers', () => {
  it("says a taken shard's instruments await their seed as its read begins, and warns when stopped before the read answered", () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const subscription = gapHandovers({ moves$, shards: SHARDS, readLastTrades, logger }).subscribe((handover) => seen.push(handover));

    moves$.next(moved(btcShard));
    moves$.next({ kind: 'taken', shard: btcShard, at: 1_000, continuous: true });
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);
    moves$.next(taken(btcShard, 1_000));
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'awaiting']);
    expect([seen[1]?.instruments(BTC), seen[1]?.instruments(ETH)]).toEqual([true, false]);
    expect(reads).toHaveLength(1);
    subscription.unsubscribe();
    expect(lines.map((line) => [line['msg'], line['shards']])).toEqual([[expect.stringContaining('stopped before the previous owners'), [btcShard]]]);
  });

  it('says an assigned shard moved at once, then, when it is taken without a release, seeds it with the ids read of trades received before it was taken', async () => {
    expect(btcShard).not.toBe(ethShard);
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));

    moves$.next(moved(btcShard));
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);
    expect(seen[0]?.instruments(BTC)).toBe(true);
    expect(seen[0]?.instruments(ETH)).toBe(false);
    expect(reads).toHaveLength(0);
    moves$.next(taken(btcShard, 1_000));
    expect(reads).toHaveLength(1);
    const { accept, answer } = reads[0]!;
    expect(accept({ coin: 'BTC', quote: 'USDT', receivedTs: 999 })).toBe(true);
    expect(accept({ coin: 'BTC', quote: 'USDT', receivedTs: 1_000 })).toBe(false);
    expect(accept({ coin: 'ETH', quote: 'USDT', receivedTs: 10 })).toBe(false);

    const binance = trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '41', exchangeTs: 900 });
    const bybit = trade({ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: '2290000000012345678', exchangeTs: 950 });
    answer([binance, bybit]);
    await flush();
    expect(seen[1]).toMatchObject({ kind: 'seed', lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 41 }], lastTrades: [binance, bybit] });
    expect(seen[1]?.instruments(BTC)).toBe(true);
    // A symbol of the shard nothing of which was published: its hole from the shard's last trade published, less the margin.
    const seed = seen[1];
    expect(seed?.kind === 'seed' ? [seed.since?.(BTC), seed.since?.(ETH)] : []).toEqual([950 - SINCE_MARGIN_MS, undefined]);
  });

  it("names a symbol's hole from its previous owner's last trade of any shard taken from it, read then or before: a killed instance's shards are taken within moments", async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    const third = [...Array(SHARDS).keys()].find((shard) => shard !== btcShard && shard !== ethShard)!;
    const solLike = ['SOL', 'XRP', 'ADA', 'DOT', 'AVAX', 'LINK', 'TRX', 'LTC'].find((coin) => shardOf(`${coin}-USDT`, SHARDS) === third);
    // Taken from b: BTC's and ETH's shards (nothing of ETH's published); from c: the third, with nothing at all published.
    moves$.next({ kind: 'taken', shard: btcShard, at: 1_000, from: 'b' });
    moves$.next({ kind: 'taken', shard: ethShard, at: 1_000, from: 'b' });
    moves$.next({ kind: 'taken', shard: third, at: 1_000, from: 'c' });
    reads[0]!.answer([trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '41', exchangeTs: 900 })]);
    await flush();
    reads[1]?.answer([]);
    await flush();
    const seeds = seen.filter((handover) => handover.kind === 'seed');
    const since = (instrument: string): number | undefined =>
      seeds.map((seed) => (seed.instruments(instrument) ? seed.since?.(instrument) : undefined)).find((at) => at !== undefined);
    expect(since(BTC)).toBe(900 - SINCE_MARGIN_MS);
    expect(since(ETH)).toBe(900 - SINCE_MARGIN_MS);
    if (solLike !== undefined) expect(since(`${solLike}-USDT`)).toBeUndefined();
  });

  it('seeds a shard handed over continuously (its giver stopped after this instance was subscribed) with the released ids at once, reading nothing and looking for nothing by time; ids that are no safe integers are left out', () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    moves$.next(moved(btcShard));
    moves$.next({
      kind: 'taken',
      shard: btcShard,
      at: 5,
      continuous: true,
      last: [
        { exchange: 'binance', symbol: 'BTCUSDT', instrument: BTC, tradeId: '41', exchangeTs: 1 },
        { exchange: 'bybit', symbol: 'BTCUSDT', instrument: BTC, tradeId: '2290000000012345678', exchangeTs: 1 },
      ],
    });
    expect(reads).toHaveLength(0);
    expect(seen[1]).toEqual({
      kind: 'seed',
      instruments: expect.any(Function) as unknown,
      lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 41, instrument: BTC }],
    });
    expect(seen[1]?.instruments(BTC)).toBe(true);
  });

  it("seeds a shard whose giver stopped before this instance was subscribed with what was read back, each symbol's trade replaced by the one the release named, less the symbols the taker held up to the cut; a symbol never published has its hole named since the giver's last sign of life", async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    const released = { exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: BTC, tradeId: '9000', exchangeTs: 2_000, price: 5 };
    const overlappedByTaker = { exchange: 'bybit' as const, symbol: 'BTCUSDC', instrument: 'BTC-USDC', tradeId: '77', exchangeTs: 1_500 };
    moves$.next({
      kind: 'taken',
      shard: btcShard,
      at: 1_000,
      from: 'a',
      continuous: false,
      last: [released, overlappedByTaker],
      overlapped: new Set(['bybit\u0000BTCUSDC']),
    });
    expect(reads).toHaveLength(1);
    const older = trade({ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: '8000', exchangeTs: 900 });
    const binance = trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '41', exchangeTs: 950 });
    reads[0]!.answer([older, binance]);
    await flush();
    const seed = seen.find((handover) => handover.kind === 'seed');
    expect(seed).toMatchObject({
      kind: 'seed',
      lastIds: [
        { exchange: 'bybit', tradeId: 9000 },
        { exchange: 'binance', tradeId: 41 },
      ],
      lastTrades: [released, binance],
    });
    // The giver's last sign of life: the newest trade it named or published, less the margin.
    expect(seed?.kind === 'seed' ? seed.since?.(BTC) : undefined).toBe(2_000 - SINCE_MARGIN_MS);
  });

  it('looks for the holes a continuous take inherited (open instruments) by reading back, those alone by time and since; the others by id as handed over', async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    const sameShard = [...Array(200).keys()].map((n) => `C${n}`).find((coin) => shardOf(`${coin}-USDT`, SHARDS) === btcShard);
    expect(sameShard).toBeDefined();
    const other = `${sameShard ?? ''}-USDT`;
    const released = { exchange: 'bybit' as const, symbol: `${sameShard ?? ''}USDT`, instrument: other, tradeId: '70', exchangeTs: 1_900 };
    moves$.next({ kind: 'taken', shard: btcShard, at: 2_000, from: 'b', continuous: true, last: [released], open: new Set([BTC]) });
    expect(reads).toHaveLength(1);
    const btcBefore = trade({ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: '12', exchangeTs: 500 });
    reads[0]!.answer([btcBefore]);
    await flush();
    const seed = seen.find((handover) => handover.kind === 'seed');
    expect(seed).toMatchObject({ kind: 'seed', lastTrades: [btcBefore], lastIds: [{ tradeId: 12 }, { tradeId: 70 }] });
    expect(seed?.kind === 'seed' ? [seed.since?.(BTC), seed.since?.(other)] : []).toEqual([1_900 - SINCE_MARGIN_MS, undefined]);
  });

  it('seeds a shard nobody was known to serve (a first start) with nothing, and reads nothing', () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    moves$.next(moved(btcShard));
    moves$.next({ kind: 'taken', shard: btcShard, at: 5, continuous: true });
    expect(reads).toHaveLength(0);
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);
  });

  it('seeds a shard whose giver stopped first with what its release named when there is nothing to read back with', () => {
    const moves$ = new Subject<ShardMove>();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS }).subscribe(collect(seen));
    const released = { exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: BTC, tradeId: '9000', exchangeTs: 2_000 };
    moves$.next({ kind: 'taken', shard: btcShard, at: 1_000, continuous: false, last: [released] });
    expect(seen).toEqual([
      { kind: 'seed', instruments: expect.any(Function) as unknown, lastIds: [expect.objectContaining({ tradeId: 9000 })], lastTrades: [released] },
    ]);
  });

  it('reads one at a time: shards taken during a read are read together by the next, a shard given up before its read is not read', async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    const third = [...Array(SHARDS).keys()].find((shard) => shard !== btcShard && shard !== ethShard)!;

    moves$.next(taken(third, 100));
    moves$.next(taken(btcShard, 200));
    moves$.next(taken(ethShard, 200));
    moves$.next(moved(ethShard));
    expect(reads).toHaveLength(1);
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);

    reads[0]!.answer([]);
    await flush();
    expect(reads).toHaveLength(2);
    expect(reads[1]!.accept({ coin: 'BTC', quote: 'USDT', receivedTs: 199 })).toBe(true);
    expect(reads[1]!.accept({ coin: 'ETH', quote: 'USDT', receivedTs: 1 })).toBe(false);
    reads[1]!.answer([]);
    await flush();
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'seed', 'seed']);
    expect(reads).toHaveLength(2);
  });

  it('only says moves when it has nothing to read the last ids with', () => {
    const moves$ = new Subject<ShardMove>();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS }).subscribe(collect(seen));
    moves$.next(moved(btcShard));
    moves$.next(taken(btcShard, 1));
    moves$.next(moved(btcShard));
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved']);
  });

  it('reads back a trade of a listing at an equivalent quote by the shard of the instrument it was published under', async () => {
    const usd = 'BTC-USD';
    const usdShard = shardOf(usd, SHARDS);
    expect(usdShard).not.toBe(btcShard);
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades }).subscribe(collect(seen));
    moves$.next(taken(btcShard, 1_000));
    const { accept, answer } = reads[0]!;
    expect(accept({ coin: 'BTC', quote: 'USD', instrument: BTC, receivedTs: 999 })).toBe(true);
    expect(accept({ coin: 'BTC', quote: 'USD', receivedTs: 999 })).toBe(false);
    const coinbase = trade({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: BTC, tradeId: '7', exchangeTs: 900 });
    answer([coinbase]);
    await flush();
    const seed = seen.find((handover) => handover.kind === 'seed');
    expect(seed?.kind === 'seed' ? seed.since?.(BTC) : undefined).toBe(900 - SINCE_MARGIN_MS);
  });

  it('reads again, until a read succeeds, when one cannot read every partition to its end: nothing is seeded from a failed read, so a busy symbol of a partition not read is never taken for one nothing of which was published', async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const scheduler = new VirtualTimeScheduler();
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades, readAgainMs: 1_000, scheduler, logger }).subscribe(collect(seen));

    moves$.next(taken(btcShard, 1_000));
    reads[0]!.fail(new Error('read 2 of 3 partitions of the trades topic: timed out'));
    await flush();
    expect(seen).toEqual([]);
    expect(reads).toHaveLength(1);
    expect(lines.map((line) => line['msg'])).toEqual([expect.stringContaining('could not be read back in full')]);
    scheduler.flush();
    await flush();
    expect(reads).toHaveLength(2);
    reads[1]!.fail(new Error('no partition of the topic found'));
    await flush();
    scheduler.flush();
    await flush();
    // Said once, not at each try.
    expect(lines).toHaveLength(1);
    expect(reads).toHaveLength(3);
    expect(reads[2]!.accept({ coin: 'BTC', quote: 'USDT', receivedTs: 999 })).toBe(true);
    const binance = trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '41', exchangeTs: 900 });
    reads[2]!.answer([binance]);
    await flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'seed', lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 41 }], lastTrades: [binance] });
    expect(lines.map((line) => [line['msg'], line['tries']])).toEqual([
      [expect.stringContaining('could not be read back in full'), undefined],
      [expect.stringContaining('read back; their holes looked for'), 3],
    ]);
  });

  it('does not seed a shard from a read made before it was given up or taken anew: given up, it is not read again; taken anew, it is read for its new move', async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const scheduler = new VirtualTimeScheduler();
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades, scheduler }).subscribe(collect(seen));

    // Given up while its read fails: read no more.
    moves$.next(taken(ethShard, 100));
    reads[0]!.fail(new Error('timed out'));
    await flush();
    moves$.next(moved(ethShard));
    scheduler.flush();
    await flush();
    expect(reads).toHaveLength(1);
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);

    // Given up and taken anew while it is read: that read seeds nothing, the next reads what was received before the new take.
    moves$.next(taken(btcShard, 200));
    expect(reads).toHaveLength(2);
    moves$.next(moved(btcShard));
    moves$.next(taken(btcShard, 5_000));
    reads[1]!.answer([trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '41', exchangeTs: 150 })]);
    await flush();
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved']);
    expect(reads).toHaveLength(3);
    expect(reads[2]!.accept({ coin: 'BTC', quote: 'USDT', receivedTs: 4_999 })).toBe(true);
    reads[2]!.answer([trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '97', exchangeTs: 4_900 })]);
    await flush();
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved', 'seed']);
    expect(seen[2]).toMatchObject({ lastIds: [{ symbol: 'BTCUSDT', tradeId: 97 }] });
  });

  it("reads back only once this instance's own writes from before the moves are in Kafka: a shard lost and given back, its trades held up by a broker's failover, is not seeded short of them", async () => {
    const moves$ = new Subject<ShardMove>();
    const { reads, readLastTrades } = controlledReads();
    const scheduler = new VirtualTimeScheduler();
    const asked: number[] = [];
    let oldestUnacked: number | undefined = 800;
    const deliveredBefore = (at: number): boolean => {
      asked.push(at);
      return oldestUnacked === undefined || oldestUnacked >= at;
    };
    const seen: GapHandover[] = [];
    gapHandovers({ moves$, shards: SHARDS, readLastTrades, scheduler, deliveredBefore }).subscribe(collect(seen));

    moves$.next(moved(btcShard));
    moves$.next(taken(btcShard, 1_000));
    expect(reads).toHaveLength(0);
    scheduler.flush();
    await flush();
    // Taken meanwhile: its own writes are waited for too.
    moves$.next(taken(ethShard, 1_500));
    oldestUnacked = 1_200;
    scheduler.flush();
    await flush();
    expect(reads).toHaveLength(0);
    expect(asked.at(-1)).toBe(1_500);
    oldestUnacked = undefined;
    scheduler.flush();
    await flush();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.accept({ coin: 'BTC', quote: 'USDT', receivedTs: 999 })).toBe(true);
    expect(reads[0]!.accept({ coin: 'ETH', quote: 'USDT', receivedTs: 1_499 })).toBe(true);
    reads[0]!.answer([trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: '547', exchangeTs: 990 })]);
    await flush();
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'seed']);
    expect(seen[1]).toMatchObject({ lastIds: [{ symbol: 'BTCUSDT', tradeId: 547 }] });
  });
});
