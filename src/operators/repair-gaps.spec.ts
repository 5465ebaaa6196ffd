import { Observable, Subject, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { status, trade } from './__fixtures__/market-events.js';
import { detectGaps, type GapHandover } from './detect-gaps.js';
import { detectReconnectGaps } from './detect-reconnect-gaps.js';
import { withGapDetails } from './gap-details.js';
import { emptyRepairCounters, repairGaps, type HistoryTrade, type RecentTrade, type RepairGapsConfig } from './repair-gaps.js';

const live = (id: number, price = 100 + id / 100): TradeEvent => trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: String(id), price, exchangeTs: id });
const gap = (from: number, to: number): FeedStatus =>
  status('gap', { exchange: 'binance', symbol: 'BTCUSDT', missingFrom: from, missingTo: to, reason: `trade ids ${from}..${to} missing` });
/** A gap as `detectGaps` names it, from id `from` up to the live trade that revealed it, followed by that trade. */
const revealed = (from: number, revealer: TradeEvent): FeedEvent[] => [withGapDetails(gap(from, Number(revealer.tradeId) - 1), { revealer }), revealer];
/** The venue's history of BTCUSDT: every id at the live price formula, as strings. */
const venueTrade = (id: number): HistoryTrade => ({ id, price: String(100 + id / 100), qty: '0.5', time: id, isBuyerMaker: id % 2 === 0 });
const venue =
  (asked: [number, number][] = [], from = 1): RepairGapsConfig['history'] =>
  (_exchange, _symbol, fromId, limit) => {
    asked.push([fromId, limit]);
    const ids = Array.from({ length: limit }, (_, k) => fromId + k).filter((id) => id >= from);
    return of(ids.map(venueTrade));
  };

/** Runs `events` through the operator and collects what it emits until every repair is done. */
async function run(events: readonly FeedEvent[], config: Parameters<typeof repairGaps>[0]): Promise<FeedEvent[]> {
  const input = new Subject<FeedEvent>();
  const out: FeedEvent[] = [];
  const subscription = input.pipe(repairGaps(config)).subscribe((event) => out.push(event));
  for (const event of events) input.next(event);
  for (let turn = 0; turn < 50 && !out.some((e) => e.type === 'feed_status' && (e.state === 'gap_repaired' || e.state === 'gap_unrepaired')); turn++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  subscription.unsubscribe();
  return out;
}
const ids = (events: readonly FeedEvent[]) =>
  events.flatMap((e) => (e.type === 'trade' ? [`${e.source ?? 'live'} ${e.tradeId}`] : e.type === 'feed_status' ? [e.state] : []));

describe('repairGaps', () => {
  it('fetches the missing ids after the revealing trade, publishes them marked repair, then gap_repaired', async () => {
    const counters = emptyRepairCounters();
    const asked: [number, number][] = [];
    const out = await run([live(10), ...revealed(11, live(14)), live(15)], { history: venue(asked), counters });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 14', 'live 15', 'repair 11', 'repair 12', 'repair 13', 'gap_repaired']);
    // Asked through the revealing id, whose price is checked against the live one.
    expect(asked).toEqual([[11, 4]]);
    const repaired = out.filter((e): e is TradeEvent => e.type === 'trade' && e.source === 'repair');
    expect(repaired[0]).toMatchObject({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      tradeId: '11',
      price: 100.11,
      quantity: 0.5,
      exchangeTs: 11,
      side: 'BUY',
      isBuyerMaker: false,
      connectionId: 'rest-history',
    });
    expect(out.at(-1)).toMatchObject({ state: 'gap_repaired', missingFrom: 11, missingTo: 13, reason: "3 trades repaired from the venue's history" });
    expect(counters).toMatchObject({ repaired: 1, repairedTrades: 3 });
  });

  it('pages a large gap by pageSize, one page at a time', async () => {
    const asked: [number, number][] = [];
    const out = await run([live(1), ...revealed(2, live(2501))], { history: venue(asked), pageSize: 1000 });
    expect(asked).toEqual([
      [2, 1000],
      [1002, 1000],
      [2002, 500],
    ]);
    expect(out.filter((e) => e.type === 'trade' && e.source === 'repair')).toHaveLength(2499);
  });

  it('refuses a page whose revealing trade has another price than the venue sent live, publishing nothing of it', async () => {
    const counters = emptyRepairCounters();
    const out = await run([live(10), ...revealed(11, live(13, 999))], { history: venue(), counters });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(out.at(-1)).toMatchObject({ reason: expect.stringContaining('answer refused: trade 13 at 100.13, sent live at 999') as string });
    expect(counters.unrepaired.refused).toBe(1);
  });

  it('refuses a page holding ids outside the range asked for', async () => {
    const wrong: RepairGapsConfig['history'] = () => of([venueTrade(11), venueTrade(40)]);
    const out = await run([live(10), ...revealed(11, live(13))], { history: wrong });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(out.at(-1)).toMatchObject({ reason: expect.stringContaining('got 40 where 12 was due') as string });
  });

  it("says gap_unrepaired (history) when the venue's history no longer reaches back, after publishing what it holds", async () => {
    const out = await run([live(10), ...revealed(11, live(15))], { history: venue([], 13) });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 15', 'gap_unrepaired']);
  });

  it('says gap_unrepaired (venue error) when the venue fails, and (budget) for a gap larger than maxTradesPerGap', async () => {
    const counters = emptyRepairCounters();
    const failing: RepairGapsConfig['history'] = (): Observable<readonly HistoryTrade[]> => throwError(() => new Error('HTTP 503'));
    expect(ids(await run([live(10), ...revealed(11, live(13))], { history: failing, counters }))).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(ids(await run([live(10), ...revealed(11, live(501))], { history: venue(), maxTradesPerGap: 100, counters }))).toEqual([
      'live 10',
      'gap',
      'gap_unrepaired',
      'live 501',
    ]);
    expect(counters.unrepaired).toMatchObject({ venue_error: 1, budget: 1 });
  });

  it('waits for an idle REST budget before each page', async () => {
    let idle = false;
    const asked: [number, number][] = [];
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const subscription = input.pipe(repairGaps({ history: venue(asked), idle: () => idle, idleCheckMs: 5 })).subscribe((event) => out.push(event));
    for (const event of [live(10), ...revealed(11, live(13))]) input.next(event);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(asked).toEqual([]);
    idle = true;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(asked).toEqual([[11, 3]]);
    expect(ids(out).at(-1)).toBe('gap_repaired');
    subscription.unsubscribe();
  });

  it('repairs a gap named after its revealing trade passed (a shard handover) from what the gap detector knew', async () => {
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const handovers = new Subject<{
      kind: 'seed';
      instruments: (instrument: string) => boolean;
      lastIds: { exchange: 'binance'; symbol: string; tradeId: number }[];
    }>();
    const subscription = input.pipe(detectGaps({ handovers$: handovers }), repairGaps({ history: venue() })).subscribe((event) => out.push(event));
    input.next(live(20));
    input.next(live(21));
    handovers.next({ kind: 'seed', instruments: () => true, lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 17 }] });
    await new Promise((resolve) => setTimeout(resolve, 30));
    subscription.unsubscribe();
    expect(ids(out)).toEqual(['live 20', 'live 21', 'gap', 'repair 18', 'repair 19', 'gap_repaired']);
  });

  it('repairs the hole of a symbol nothing of which was published before its shard was taken: its first id since the hole began from the venue, then by id', async () => {
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const asked: [number, number][] = [];
    // The venue made ids 1.. at their id as time: the first made at or after 15 is 15.
    const firstIdSince: RepairGapsConfig['firstIdSince'] = (_exchange, _symbol, since, until) => {
      asked.push([since, until]);
      return of(since <= until ? Math.max(1, Math.ceil(since)) : undefined);
    };
    const handovers = new Subject<GapHandover>();
    const subscription = input
      .pipe(detectGaps({ handovers$: handovers }), repairGaps({ history: venue(), firstIdSince }))
      .subscribe((event) => out.push(event));
    input.next(live(20));
    handovers.next({ kind: 'seed', instruments: () => true, lastIds: [], since: () => 15 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    subscription.unsubscribe();
    expect(ids(out)).toEqual(['live 20', 'gap', 'repair 15', 'repair 16', 'repair 17', 'repair 18', 'repair 19', 'gap_repaired']);
    expect(asked).toEqual([[15, 20]]);
    expect(out[1]).toMatchObject({ state: 'gap', missingTo: 19, lastEventTs: 15 });
    // The answer names the gap it answers (its end and the moment it began) and says where the venue's history put its first id.
    expect(out.at(-1)).toMatchObject({
      state: 'gap_repaired',
      missingFrom: 15,
      missingTo: 19,
      lastEventTs: 15,
      reason: "5 trades repaired from the venue's history",
    });
  });

  it('says a hole by time repaired with none when the venue made no trade in it, and unrepaired when the venue cannot say or fails', async () => {
    const since = (revealer: TradeEvent, at: number): FeedEvent[] => [
      withGapDetails(status('gap', { exchange: 'binance', symbol: 'BTCUSDT', missingTo: Number(revealer.tradeId) - 1, lastEventTs: at, reason: 'since' }), {
        revealer,
        since: at,
      }),
      revealer,
    ];
    const none = await run(since(live(20), 15), { history: venue(), firstIdSince: () => of(20) });
    expect(ids(none)).toEqual(['gap', 'live 20', 'gap_repaired']);
    expect(none.at(-1)).toMatchObject({
      missingTo: 19,
      lastEventTs: 15,
      reason: "0 trades repaired from the venue's history, which holds no trade of it from 1970-01-01T00:00:00.015Z before id 20",
    });
    expect(ids(await run(since(live(20), 15), { history: venue() })).at(-1)).toBe('gap_unrepaired');
    const failed = await run(since(live(20), 15), { history: venue(), firstIdSince: () => throwError(() => new Error('HTTP 500')) });
    expect(failed.at(-1)).toMatchObject({ state: 'gap_unrepaired', reason: 'venue_error: HTTP 500' });
    // The first id found, then a history that fails by id: the answer still names the gap (its end and moment).
    const cut = await run(since(live(20), 15), { history: () => throwError(() => new Error('HTTP 503')), firstIdSince: () => of(15) });
    expect(cut.at(-1)).toMatchObject({
      state: 'gap_unrepaired',
      missingFrom: 15,
      missingTo: 19,
      lastEventTs: 15,
      reason: 'venue_error: after 0 of 5 trades: HTTP 503',
    });
  });

  it('passes on, and asks nothing for, a gap no detector upstream described', async () => {
    const asked: [number, number][] = [];
    const out = await run([live(10), gap(11, 12), live(13)], { history: venue(asked) });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 13']);
    expect(asked).toEqual([]);
  });

  it('says gap_unrepaired (stopped) for every gap still waiting when the feed ends, then completes', () => {
    const counters = emptyRepairCounters();
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    let completed = false;
    input
      .pipe(repairGaps({ history: venue(), idle: () => false, idleCheckMs: 5, counters }))
      .subscribe({ next: (event) => out.push(event), complete: () => (completed = true) });
    for (const event of [live(10), ...revealed(11, live(13)), ...revealed(14, live(21)), ...revealed(22, live(24))]) input.next(event);
    input.complete();
    expect(completed).toBe(true);
    expect(ids(out).slice(-3)).toEqual(['gap_unrepaired', 'gap_unrepaired', 'gap_unrepaired']);
    expect(out.slice(-3)).toEqual([
      expect.objectContaining({ missingFrom: 11, reason: 'stopped: the feed stopped before the gap was repaired' }),
      expect.objectContaining({ missingFrom: 14 }),
      expect.objectContaining({ missingFrom: 22 }),
    ]);
    expect(counters.unrepaired.stopped).toBe(3);
  });

  it("lets go of the request in flight when the feed ends (it leaves the venue's REST line), says its gap unrepaired (stopped) and asks nothing more", async () => {
    const counters = emptyRepairCounters();
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    // Each page waits in the venue's REST line and never answers; what matters is whether it is let go.
    const requests: { fromId: number; open: boolean }[] = [];
    const waiting: RepairGapsConfig['history'] = (_exchange, _symbol, fromId) =>
      new Observable<readonly HistoryTrade[]>(() => {
        const request = { fromId, open: true };
        requests.push(request);
        return () => (request.open = false);
      });
    let completed = false;
    input.pipe(repairGaps({ history: waiting, counters })).subscribe({ next: (event) => out.push(event), complete: () => (completed = true) });
    for (const event of [live(10), ...revealed(11, live(13)), ...revealed(14, live(21))]) input.next(event);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toEqual([{ fromId: 11, open: true }]);
    input.complete();
    expect(completed).toBe(true);
    expect(requests).toEqual([{ fromId: 11, open: false }]);
    expect(out.slice(-2)).toEqual([
      expect.objectContaining({ state: 'gap_unrepaired', missingFrom: 11, reason: 'stopped: the feed stopped before the gap was repaired' }),
      expect.objectContaining({ state: 'gap_unrepaired', missingFrom: 14, reason: 'stopped: the feed stopped before the gap was repaired' }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(1);
    expect(counters.unrepaired.stopped).toBe(2);
  });
});

describe('repairGaps on a gap known by time (Bybit)', () => {
  const BASE = 2_290_000_000_007_000_000n;
  /** Bybit-like ids: increasing by 3, beyond 2^53. */
  const idAt = (k: number) => String(BASE + BigInt(3 * k));
  const bybit = (k: number, price = 50 + k / 10): TradeEvent => trade({ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: idAt(k), price, exchangeTs: 1_000 + k });
  const recentTrade = (k: number): RecentTrade => ({ id: idAt(k), price: String(50 + k / 10), qty: '0.25', time: 1_000 + k, isBuyerMaker: k % 2 === 1 });
  /** The venue's last `keep` trades when trades 0..`upTo` were made, newest first, as Bybit answers. */
  const latest =
    (upTo: number, keep = 60): RepairGapsConfig['recent'] =>
    () =>
      of(Array.from({ length: Math.min(keep, upTo + 1) }, (_, k) => recentTrade(upTo - k)));
  const disconnect = status('disconnected', { exchange: 'bybit', reason: 'socket closed' });

  async function repair(events: readonly FeedEvent[], recent: RepairGapsConfig['recent']): Promise<FeedEvent[]> {
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const subscription = input
      .pipe(detectReconnectGaps(), repairGaps({ history: () => undefined, ...(recent === undefined ? {} : { recent }) }))
      .subscribe((event) => out.push(event));
    for (const event of events) input.next(event);
    await new Promise((resolve) => setTimeout(resolve, 30));
    subscription.unsubscribe();
    return out;
  }
  const shown = (events: readonly FeedEvent[]) =>
    events.flatMap((e) => (e.type === 'trade' ? [`${e.source ?? 'live'} ${e.exchangeTs - 1_000}`] : e.type === 'feed_status' ? [e.state] : []));

  it('repairs an outage shorter than the venue keeps completely: the trades between the last before and the first after', async () => {
    const out = await repair([bybit(0), bybit(1), disconnect, bybit(5), bybit(6)], latest(6));
    expect(shown(out)).toEqual(['live 0', 'live 1', 'disconnected', 'gap', 'live 5', 'live 6', 'repair 2', 'repair 3', 'repair 4', 'gap_repaired']);
    expect(out.find((e) => e.type === 'trade' && e.source === 'repair')).toMatchObject({
      tradeId: idAt(2),
      price: 50.2,
      quantity: 0.25,
      side: 'BUY',
      exchangeTs: 1_002,
    });
    expect(out.find((e) => e.type === 'feed_status' && e.state === 'gap')).toMatchObject({
      symbol: 'BTCUSDT',
      lastEventTs: 1_001,
      reason: expect.stringContaining('across a reconnect') as string,
    });
    expect(out.at(-1)).toMatchObject({ state: 'gap_repaired', reason: "3 trades repaired from the venue's last 7 trades" });
  });

  it('repairs the newest missing trades of a longer outage and says gap_unrepaired (history) for the rest', async () => {
    const out = await repair([bybit(0), bybit(1), disconnect, bybit(100)], latest(100));
    const repaired = out.filter((e) => e.type === 'trade' && e.source === 'repair').map((e) => (e as TradeEvent).exchangeTs - 1_000);
    expect(repaired).toEqual(Array.from({ length: 59 }, (_, k) => 41 + k));
    expect(out.at(-1)).toMatchObject({
      state: 'gap_unrepaired',
      reason: expect.stringMatching(/^history: the venue's last 60 trades do not reach back/) as string,
    });
  });

  it('publishes nothing when the venue prices a trade sent live otherwise, or no longer holds the first trade after', async () => {
    const moved: RepairGapsConfig['recent'] = () => of([recentTrade(5), { ...recentTrade(4) }, recentTrade(3), { ...recentTrade(1), price: '1' }]);
    expect(shown(await repair([bybit(0), bybit(1), disconnect, bybit(5)], moved))).toEqual([
      'live 0',
      'live 1',
      'disconnected',
      'gap',
      'live 5',
      'gap_unrepaired',
    ]);
    const gone = await repair([bybit(0), bybit(1), disconnect, bybit(5)], () => of([recentTrade(80), recentTrade(79)]));
    expect(gone.at(-1)).toMatchObject({ state: 'gap_unrepaired', reason: expect.stringMatching(/^history: /) as string });
    expect(gone.filter((e) => e.type === 'trade' && e.source === 'repair')).toEqual([]);
  });

  it('repairs by time where ids are not numbers (Bybit linear UUIDs): trades between the two live ones, those of one millisecond in the venue order', async () => {
    const uuid = (k: number): string => `${k.toString(16).padStart(8, '0')}-6c1c-5a8e-9f1b-0c2d3e4f5a6b`.split('').reverse().join('');
    // Two trades a millisecond: trade k at 1,000 + floor(k / 2).
    const linear = (k: number): TradeEvent =>
      trade({ exchange: 'bybit_linear', symbol: 'BTCUSDT', tradeId: uuid(k), price: 50 + k / 10, exchangeTs: 1_000 + Math.floor(k / 2) });
    const made = (k: number): RecentTrade => ({ id: uuid(k), price: String(50 + k / 10), qty: '0.25', time: 1_000 + Math.floor(k / 2), isBuyerMaker: false });
    const newestFirst =
      (upTo: number, keep = 1000): RepairGapsConfig['recent'] =>
      () =>
        of(Array.from({ length: Math.min(keep, upTo + 1) }, (_, k) => made(upTo - k)));
    const away = status('disconnected', { exchange: 'bybit_linear', reason: 'socket closed' });
    const ids = (events: readonly FeedEvent[]) => events.flatMap((e) => (e.type === 'trade' && e.source === 'repair' ? [e.tradeId] : []));
    const out = await repair([linear(0), linear(1), linear(2), away, linear(7), linear(8)], newestFirst(8));
    expect(ids(out)).toEqual([3, 4, 5, 6].map(uuid));
    expect(out.at(-1)).toMatchObject({ state: 'gap_repaired' });
    // The answer no longer holds the trade before the gap: what it holds after that trade's millisecond is repaired, and the rest named.
    const short = await repair([linear(0), linear(1), away, linear(9)], newestFirst(9, 6));
    expect(ids(short)).toEqual([4, 5, 6, 7, 8].map(uuid));
    expect(short.at(-1)).toMatchObject({ state: 'gap_unrepaired' });
  });

  it("repairs by time where decimal ids have no order (Hyperliquid's tid, unique across coins): their digits order nothing", async () => {
    // Ids that fall as the trades go on, so that an order by id would put the hole outside the two live trades.
    const tid = (k: number): string => String(900_000_000_000_000 - k * 7_777_777_777);
    const perp = (k: number): TradeEvent => trade({ exchange: 'hyperliquid', symbol: 'BTC', tradeId: tid(k), price: 50 + k / 10, exchangeTs: 1_000 + k });
    const made = (k: number): RecentTrade => ({ id: tid(k), price: String(50 + k / 10), qty: '0.25', time: 1_000 + k, isBuyerMaker: k % 2 === 0 });
    const away = status('disconnected', { exchange: 'hyperliquid', reason: 'socket closed' });
    const lastTen: RepairGapsConfig['recent'] = () => of(Array.from({ length: 10 }, (_, k) => made(9 - k)));
    const out = await repair([perp(0), perp(1), away, perp(6), perp(7)], lastTen);
    expect(out.flatMap((e) => (e.type === 'trade' && e.source === 'repair' ? [e.tradeId] : []))).toEqual([2, 3, 4, 5].map(tid));
    expect(out.at(-1)).toMatchObject({ state: 'gap_repaired' });
  });

  it("repairs a hole after what a previous owner's release said of its last trade (no price: nothing to check it against) and one since a moment, when nothing of the symbol was published before: the venue's trades from then to the first live one", async () => {
    const released = { exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: idAt(1), exchangeTs: 1_001 };
    const gapAfter = (details: Parameters<typeof withGapDetails>[1], lastEventTs: number): FeedEvent =>
      withGapDetails({ type: 'feed_status', exchange: 'bybit', symbol: 'BTCUSDT', state: 'gap', reason: 'may be missing', lastEventTs, ts: 0 }, details);
    const run = async (events: readonly FeedEvent[], recent: RepairGapsConfig['recent']): Promise<FeedEvent[]> => {
      const input = new Subject<FeedEvent>();
      const out: FeedEvent[] = [];
      const subscription = input
        .pipe(repairGaps({ history: () => undefined, ...(recent === undefined ? {} : { recent }) }))
        .subscribe((event) => out.push(event));
      for (const event of events) input.next(event);
      await new Promise((resolve) => setTimeout(resolve, 30));
      subscription.unsubscribe();
      return out;
    };
    const afterRelease = await run([gapAfter({ revealer: bybit(5), before: released }, 1_001), bybit(5)], latest(6));
    expect(shown(afterRelease)).toEqual(['gap', 'live 5', 'repair 2', 'repair 3', 'repair 4', 'gap_repaired']);
    // Since 1,003 (the trades at 1,003 and 1,004 may be missing), the venue's answer reaching back before it.
    const since = await run([gapAfter({ revealer: bybit(5), since: 1_003 }, 1_003), bybit(5)], latest(6));
    expect(shown(since)).toEqual(['gap', 'live 5', 'repair 3', 'repair 4', 'gap_repaired']);
    expect(since.at(-1)).toMatchObject({ lastEventTs: 1_003, reason: "2 trades repaired from the venue's last 7 trades" });
    // An answer that does not reach back to the moment: the newest repaired, the rest named.
    const short = await run([gapAfter({ revealer: bybit(9), since: 1_001 }, 1_001), bybit(9)], latest(9, 5));
    expect(shown(short)).toEqual(['gap', 'live 9', 'repair 5', 'repair 6', 'repair 7', 'repair 8', 'gap_unrepaired']);
    expect(short.at(-1)).toMatchObject({
      reason: expect.stringMatching(/^history: the venue's last 5 trades do not reach back to 1970-01-01T00:00:01.001Z/) as string,
    });
  });

  it('names no gap without a lost connection, nor for the first trade after a failover away from the venue', async () => {
    expect(shown(await repair([bybit(0), bybit(4)], latest(4)))).toEqual(['live 0', 'live 4']);
    const away = status('failover', { exchange: 'binance', fromExchange: 'bybit', toExchange: 'binance', reason: 'stale' });
    expect(shown(await repair([bybit(0), disconnect, away, bybit(4)], latest(4)))).toEqual(['live 0', 'disconnected', 'failover', 'live 4']);
  });

  it('publishes the repaired trades of a listing at an equivalent quote under the instrument it serves', async () => {
    const usdc = (id: number): TradeEvent => ({ ...live(id), symbol: 'BTCUSDC', quote: 'USDC', instrument: 'BTC-USDT' });
    const gapOf = (from: number, revealer: TradeEvent): FeedEvent[] => [
      withGapDetails({ ...gap(from, Number(revealer.tradeId) - 1), symbol: 'BTCUSDC' }, { revealer }),
      revealer,
    ];
    const out = await run([usdc(10), ...gapOf(11, usdc(13))], { history: venue() });
    const repaired = out.filter((e): e is TradeEvent => e.type === 'trade' && e.source === 'repair');
    expect(repaired.map((e) => e.tradeId)).toEqual(['11', '12']);
    for (const trade of repaired) expect(trade).toMatchObject({ symbol: 'BTCUSDC', coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDT' });
  });
});
