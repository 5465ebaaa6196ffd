import { Subject, of, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { status, trade } from './__fixtures__/market-events.js';
import { emptyRepairCounters, repairGaps, type HistoryTrade, type RepairGapsConfig } from './repair-gaps.js';

const live = (id: number, price = 100 + id / 100): TradeEvent => trade({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: String(id), price, exchangeTs: id });
const gap = (from: number, to: number): FeedStatus => status('gap', { exchange: 'binance', symbol: 'BTCUSDT', missingFrom: from, missingTo: to, reason: `trade ids ${from}..${to} missing` });
/** The venue's history of BTCUSDT: every id at the live price formula, as strings. */
const venueTrade = (id: number): HistoryTrade => ({ id, price: String(100 + id / 100), qty: '0.5', time: id, isBuyerMaker: id % 2 === 0 });
const venue = (asked: [number, number][] = [], from = 1): RepairGapsConfig['history'] => (_exchange, _symbol, fromId, limit) => {
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
  for (let turn = 0; turn < 50 && !out.some((e) => e.type === 'feed_status' && (e.state === 'gap_repaired' || e.state === 'gap_unrepaired')); turn++) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  subscription.unsubscribe();
  return out;
}
const ids = (events: readonly FeedEvent[]) => events.flatMap((e) => (e.type === 'trade' ? [`${e.source ?? 'live'} ${e.tradeId}`] : e.type === 'feed_status' ? [e.state] : []));

describe('repairGaps', () => {
  it('fetches the missing ids after the revealing trade, publishes them marked repair, then gap_repaired', async () => {
    const counters = emptyRepairCounters();
    const asked: [number, number][] = [];
    const out = await run([live(10), gap(11, 13), live(14), live(15)], { history: venue(asked), counters });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 14', 'live 15', 'repair 11', 'repair 12', 'repair 13', 'gap_repaired']);
    // Asked through the revealing id, whose price is checked against the live one.
    expect(asked).toEqual([[11, 4]]);
    const repaired = out.filter((e): e is TradeEvent => e.type === 'trade' && e.source === 'repair');
    expect(repaired[0]).toMatchObject({ exchange: 'binance', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', tradeId: '11', price: 100.11, quantity: 0.5, exchangeTs: 11, side: 'BUY', isBuyerMaker: false, connectionId: 'rest-history' });
    expect(out.at(-1)).toMatchObject({ state: 'gap_repaired', missingFrom: 11, missingTo: 13, reason: '3 trades repaired from the venue\'s history' });
    expect(counters).toMatchObject({ repaired: 1, repairedTrades: 3 });
  });

  it('pages a large gap by pageSize, one page at a time', async () => {
    const asked: [number, number][] = [];
    const out = await run([live(1), gap(2, 2500), live(2501)], { history: venue(asked), pageSize: 1000 });
    expect(asked).toEqual([[2, 1000], [1002, 1000], [2002, 500]]);
    expect(out.filter((e) => e.type === 'trade' && e.source === 'repair')).toHaveLength(2499);
  });

  it('refuses a page whose revealing trade has another price than the venue sent live, publishing nothing of it', async () => {
    const counters = emptyRepairCounters();
    const out = await run([live(10), gap(11, 12), live(13, 999)], { history: venue(), counters });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(out.at(-1)).toMatchObject({ reason: expect.stringContaining('answer refused: trade 13 at 100.13, sent live at 999') as string });
    expect(counters.unrepaired.refused).toBe(1);
  });

  it('refuses a page holding ids outside the range asked for', async () => {
    const wrong: RepairGapsConfig['history'] = () => of([venueTrade(11), venueTrade(40)]);
    const out = await run([live(10), gap(11, 12), live(13)], { history: wrong });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(out.at(-1)).toMatchObject({ reason: expect.stringContaining('got 40 where 12 was due') as string });
  });

  it("says gap_unrepaired (history) when the venue's history no longer reaches back, after publishing what it holds", async () => {
    const out = await run([live(10), gap(11, 14), live(15)], { history: venue([], 13) });
    expect(ids(out)).toEqual(['live 10', 'gap', 'live 15', 'gap_unrepaired']);
  });

  it('says gap_unrepaired (venue error) when the venue fails, and (budget) for a gap larger than maxTradesPerGap', async () => {
    const counters = emptyRepairCounters();
    const failing: RepairGapsConfig['history'] = (): Observable<readonly HistoryTrade[]> => throwError(() => new Error('HTTP 503'));
    expect(ids(await run([live(10), gap(11, 12), live(13)], { history: failing, counters }))).toEqual(['live 10', 'gap', 'live 13', 'gap_unrepaired']);
    expect(ids(await run([live(10), gap(11, 500), live(501)], { history: venue(), maxTradesPerGap: 100, counters }))).toEqual(['live 10', 'gap', 'live 501', 'gap_unrepaired']);
    expect(counters.unrepaired).toMatchObject({ venue_error: 1, budget: 1 });
  });

  it('waits for an idle REST budget before each page', async () => {
    let idle = false;
    const asked: [number, number][] = [];
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const subscription = input.pipe(repairGaps({ history: venue(asked), idle: () => idle, idleCheckMs: 5 })).subscribe((event) => out.push(event));
    for (const event of [live(10), gap(11, 12), live(13)]) input.next(event);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(asked).toEqual([]);
    idle = true;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(asked).toEqual([[11, 3]]);
    expect(ids(out).at(-1)).toBe('gap_repaired');
    subscription.unsubscribe();
  });
});
