import { setTimeout as sleep } from 'node:timers/promises';
import { asyncScheduler, Subject } from 'rxjs';
import { describe, expect, inject, it } from 'vitest';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import type { FeedEvent, TradeEvent } from '../../src/model/index.js';
import { detectGaps } from '../../src/operators/detect-gaps.js';
import { emptyRepairCounters, repairGaps } from '../../src/operators/repair-gaps.js';
import { venueTradeHistory } from '../../src/repair/venue-trade-history.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { describeReconciliation, reconcileTrades } from './reconcile-trades.js';
import { killAndRestart, quiesceAndStop, readRun, scrape, startRun, useScenario, waitForData, type ReliabilityRun } from './reliability-run.js';
import { until } from '../support/until.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

type Row = Readonly<Record<string, unknown>>;
const values = (records: readonly ConsumedRecord[] | undefined): Row[] => (records ?? []).map((record) => record.value);
const logged = (run: ReliabilityRun, state: string): Row[] => run.cli.statuses().filter((status) => status['state'] === state);

/** A Binance trade as the simulator's history serves it. */
interface VenueTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}
const venueHistory = async (sim: RunningSimulator, symbol: string, fromId?: number, limit = 1000): Promise<VenueTrade[]> =>
  (await fetch(`${sim.restUrl}/api/v3/historicalTrades?symbol=${symbol}&limit=${limit}${fromId === undefined ? '' : `&fromId=${fromId}`}`)).json() as Promise<
    VenueTrade[]
  >;

/**
 * What a Binance run's topics must show once its gaps are repaired: every gap followed by its
 * `gap_repaired` (none unrepaired), every id from a symbol's first to its last in the topic present
 * exactly once, live trades all sent by the simulator, repaired ones only inside named gaps and as
 * the venue's history has them.
 */
async function expectRepairedWithoutHoles(sim: RunningSimulator, records: Readonly<Record<string, readonly ConsumedRecord[]>>): Promise<number> {
  const statuses = values(records['feed_status']);
  const trades = values(records['trade']);
  const gaps = statuses.filter((status) => status['state'] === 'gap');
  expect(gaps.length).toBeGreaterThanOrEqual(2);
  for (const gap of gaps) {
    // A hole whose first id was not known (named by time) is answered with the ids found: its end is the same.
    const after = statuses.filter(
      (status) =>
        status['symbol'] === gap['symbol'] &&
        (gap['missingFrom'] === null || status['missingFrom'] === gap['missingFrom']) &&
        status['missingTo'] === gap['missingTo'],
    );
    expect(
      after.map((status) => status['state']),
      `after ${String(gap['reason'])}`,
    ).toEqual(['gap', 'gap_repaired']);
  }
  const r = reconcileTrades({
    exchange: 'binance',
    sent: sim.control.sentTrades('binance'),
    trades: records['trade'] ?? [],
    statuses: records['feed_status'] ?? [],
    consecutiveIds: true,
  });
  const summary = describeReconciliation(r);
  expect(r.duplicates, summary).toEqual([]);
  expect(r.unexpected, summary).toEqual([]);
  expect(r.unexplained, summary).toEqual([]);
  expect(r.repairedOutsideGaps, summary).toEqual([]);
  expect(r.repaired.length, summary).toBe(r.gapIds);
  // No id missing at all: every hole was filled.
  for (const symbol of [...new Set(trades.map((trade) => String(trade['symbol'])))]) {
    const ids = trades
      .filter((trade) => trade['symbol'] === symbol)
      .map((trade) => Number(trade['tradeId']))
      .sort((a, b) => a - b);
    const first = ids[0] ?? NaN;
    expect(ids, symbol).toEqual(Array.from({ length: ids.length }, (_, k) => first + k));
  }
  // Each repaired trade as the venue's history has it (read here, not through the pipeline).
  const repaired = trades.filter((trade) => trade['source'] === 'repair' && trade['symbol'] === 'BTCUSDT');
  const history = new Map((await venueHistory(sim, 'BTCUSDT', Number(repaired[0]?.['tradeId']), 1000)).map((trade) => [String(trade.id), trade]));
  for (const trade of repaired.slice(0, 1000)) {
    const venue = history.get(String(trade['tradeId']));
    expect(
      { price: trade['price'], quantity: trade['quantity'], exchangeTs: trade['exchangeTs'], isBuyerMaker: trade['isBuyerMaker'] },
      String(trade['tradeId']),
    ).toEqual({ price: Number(venue?.price), quantity: Number(venue?.qty), exchangeTs: venue?.time, isBuyerMaker: venue?.isBuyerMaker });
  }
  return r.repaired.length;
}

describe("gap repair from the venues' REST history (real processes, the broker, the simulator)", () => {
  it('Binance at 200 trades/s per symbol: a 5 s socket drop is repaired through 429s, leaving no trade id missing or twice', async () => {
    const sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 200 });
    scenario.sim = sim;
    const run = await startRun({ brokers, sim, venue: 'binance' });
    scenario.run = run;
    await waitForData(run, 2000);

    sim.control.refuseUpgrade('binance', 503);
    sim.control.drop('binance');
    // The first history requests are refused for the rate limit: waited out, asked again.
    sim.control.throttleRest('binance', 3);
    await sleep(5000);
    sim.control.refuseUpgrade('binance', undefined);
    await until('both symbols repaired', () => logged(run, 'gap_repaired').length >= 2, 60_000);
    const metrics = await scrape(run);
    await sleep(1000);
    expect(await quiesceAndStop(sim, 'binance', run)).toBe(0);

    expect(sim.control.counters('binance')['restThrottled']).toBe(3);
    const repaired = await expectRepairedWithoutHoles(sim, await readRun(brokers, run.prefix));
    // 5 s at 200 trades/s per symbol, and the reconnect.
    expect(repaired).toBeGreaterThan(2 * 900);
    expect(metrics).toMatch(/market_feed_gap_repairs_total\{exchange="binance",outcome="repaired"\} 2/);
    expect(metrics).toMatch(/market_feed_repaired_trades_total\{exchange="binance"\} \d{4}/);
    console.info(`5 s socket drop at 200 trades/s per symbol: ${repaired} trades repaired`);
  }, 180_000);

  it("Binance at 200 trades/s per symbol: a SIGKILL and a restart 6 s later are repaired, leaving no trade id missing or twice; a symbol that first traded while the process was down, too (from the venue's history by time)", async () => {
    const sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL'], tradesPerSecond: 200 });
    scenario.sim = sim;
    // SOL trades only once the first process is gone: nothing of it is published before the restart.
    sim.control.halt('binance', 'SOLUSDT');
    const coins = ['BTC', 'ETH', 'SOL'];
    const first = await startRun({ brokers, sim, venue: 'binance', coins });
    scenario.run = first;
    await waitForData(first, 2000);
    const second = await killAndRestart({
      brokers,
      sim,
      venue: 'binance',
      coins,
      first,
      downMs: 6000,
      whileDown: () => {
        sim.control.resume('binance', 'SOLUSDT');
        return Promise.resolve();
      },
    });
    scenario.run = second;
    await until('the three symbols repaired', () => logged(second, 'gap_repaired').length >= 3, 60_000);
    await sleep(1000);
    expect(await quiesceAndStop(sim, 'binance', second)).toBe(0);

    const records = await readRun(brokers, first.prefix);
    expect(
      values(records['feed_status'])
        .filter((status) => status['state'] === 'gap')
        .map((gap) => `${String(gap['symbol'])}: ${String(gap['reason'])}`)
        .sort(),
    ).toEqual([
      expect.stringMatching(/^BTCUSDT: .*across a restart$/),
      expect.stringMatching(/^ETHUSDT: .*across a restart$/),
      expect.stringMatching(/^SOLUSDT: trades made since .* may be missing across a restart \(none of the symbol was published before\)$/),
    ]);
    const repaired = await expectRepairedWithoutHoles(sim, records);
    expect(repaired).toBeGreaterThan(2 * 1000);
    // SOL's whole tape is in the topic: its first trades, made while no process ran, repaired.
    const sol = new Set(
      values(records['trade'])
        .filter((trade) => trade['symbol'] === 'SOLUSDT')
        .map((trade) => Number(trade['tradeId'])),
    );
    const made = sim.control.madeTrades('binance', 'SOLUSDT').filter(
      (trade) =>
        trade.ts <
        Math.max(
          ...values(records['trade'])
            .filter((t) => t['symbol'] === 'SOLUSDT')
            .map((t) => Number(t['exchangeTs'])),
        ),
    );
    expect(made.length).toBeGreaterThan(100);
    expect(
      made
        .filter((trade) => !sol.has(trade.tradeId))
        .map((trade) => trade.tradeId)
        .slice(0, 10),
    ).toEqual([]);
    console.info(`SIGKILL and restart 6 s later at 200 trades/s per symbol: ${repaired} trades repaired (SOL, first traded while down: ${made.length} made)`);
  }, 180_000);

  it("Bybit: a SIGKILL and a restart name each symbol's hole by time, from the last trade in Kafka to the first after; the venue's last 60 repair a quiet symbol completely and a busy one's newest, the rest gap_unrepaired (history); reconciled against the venue's tape", async () => {
    // Quiet symbols (2 trades/s): a hole within the 60 trades Bybit keeps even if the restart takes 20 s.
    const sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 2 });
    scenario.sim = sim;
    // A busy symbol: its hole is longer than the 60 trades Bybit keeps.
    sim.control.list('bybit', 'SOL', 'USDT', { tradesPerSecond: 40 });
    const coins = ['BTC', 'ETH', 'SOL'];
    const first = await startRun({ brokers, sim, venue: 'bybit', coins });
    scenario.run = first;
    await waitForData(first, 2000);
    const second = await killAndRestart({ brokers, sim, venue: 'bybit', coins, first, downMs: 3000 });
    scenario.run = second;
    await until('every restart gap answered', () => logged(second, 'gap_repaired').length + logged(second, 'gap_unrepaired').length >= 3, 60_000);
    await sleep(1000);
    sim.control.stall('bybit');
    const endTs = Date.now();
    await sleep(1500);
    expect(await second.cli.stop('SIGTERM', 60_000)).toBe(0);

    const records = await readRun(brokers, first.prefix);
    const statuses = values(records['feed_status']).filter((status) => String(status['state']).startsWith('gap'));
    const trades = values(records['trade']);
    const keys = trades.map((trade) => `${String(trade['symbol'])}/${String(trade['tradeId'])}`);
    expect(keys.length - new Set(keys).size, 'trades twice').toBe(0);
    const report: string[] = [];
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
      const ofSymbol = statuses.filter((status) => status['symbol'] === symbol);
      expect(
        ofSymbol.map((status) => status['state']),
        symbol,
      ).toEqual(['gap', symbol === 'SOLUSDT' ? 'gap_unrepaired' : 'gap_repaired']);
      const gap = ofSymbol[0]!;
      expect(String(gap['reason'])).toMatch(/may be missing across a restart$/);
      // The hole starts at the last trade the first process published.
      const beforeKill = trades.filter(
        (trade) => trade['symbol'] === symbol && Number(trade['receivedTs']) < Number(gap['ts']) - 2000 && trade['source'] !== 'repair',
      );
      expect(gap['lastEventTs']).toBe(Math.max(...beforeKill.map((trade) => Number(trade['exchangeTs']))));
      // Against what the venue made: from the first trade in the topic to the stall, what the topic lacks.
      const inTopic = new Set(trades.filter((trade) => trade['symbol'] === symbol).map((trade) => String(trade['tradeId'])));
      const firstTs = Math.min(...trades.filter((trade) => trade['symbol'] === symbol).map((trade) => Number(trade['exchangeTs'])));
      const made = sim.control.madeTrades('bybit', symbol).filter((trade) => trade.ts >= firstTs && trade.ts < endTs);
      const lacking = made.filter((trade) => !inTopic.has(String(trade.tradeId)));
      const repaired = trades.filter((trade) => trade['symbol'] === symbol && trade['source'] === 'repair');
      report.push(`${symbol}: ${made.length} made, ${repaired.length} repaired, ${lacking.length} out of reach`);
      for (const trade of repaired) {
        const venue = made.find((m) => String(m.tradeId) === String(trade['tradeId']));
        expect({ price: trade['price'], exchangeTs: trade['exchangeTs'] }, `repaired ${String(trade['tradeId'])}`).toEqual({
          price: venue?.price,
          exchangeTs: venue?.ts,
        });
      }
      if (symbol !== 'SOLUSDT') {
        expect(lacking, symbol).toEqual([]);
        expect(repaired.length, symbol).toBeGreaterThan(0);
      } else {
        expect(String(ofSymbol[1]?.['reason'])).toMatch(/^history: the venue's last 60 trades do not reach back/);
        // At most 59 (the 60 hold the revealing trade, and those after it by the time of the repair).
        expect(repaired.length).toBeGreaterThan(30);
        expect(repaired.length).toBeLessThanOrEqual(59);
        // What stays missing lies inside the named hole, older than every trade repaired.
        const oldestRepaired = Math.min(...repaired.map((trade) => Number(trade['tradeId'])));
        for (const trade of lacking) {
          expect(trade.ts, `${trade.tradeId} lacking, inside the hole`).toBeGreaterThanOrEqual(Number(gap['lastEventTs']));
          expect(trade.tradeId, `${trade.tradeId} lacking, older than the repaired`).toBeLessThan(oldestRepaired);
        }
        expect(lacking.length).toBeGreaterThan(0);
      }
    }
    console.info(`Bybit SIGKILL and restart: ${report.join('; ')}`);
  }, 180_000);

  it('Bybit: an outage of fewer than 60 trades is repaired completely; a longer one for the newest the venue keeps, the rest said gap_unrepaired', async () => {
    const sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 10 });
    scenario.sim = sim;
    // Everything the venue made, read by this test from its last 60 trades each second.
    const made = new Map<string, { readonly price: string; readonly time: number }>();
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const answer = (await (await fetch(`${sim.restUrl}/v5/market/recent-trade?category=spot&symbol=BTCUSDT&limit=60`)).json()) as {
          result: { list: { execId: string; price: string; time: string }[] };
        };
        for (const trade of answer.result.list) made.set(trade.execId, { price: trade.price, time: Number(trade.time) });
        await sleep(1000);
      }
    })();
    const run = await startRun({ brokers, sim, venue: 'bybit', coins: ['BTC'] });
    scenario.run = run;
    await waitForData(run, 2000);

    const outage = async (ms: number, until$: () => boolean): Promise<void> => {
      sim.control.refuseUpgrade('bybit', 503);
      sim.control.drop('bybit');
      await sleep(ms);
      sim.control.refuseUpgrade('bybit', undefined);
      await until(`the outage of ${ms} ms answered`, until$, 30_000);
    };
    await outage(3000, () => logged(run, 'gap_repaired').length === 1);
    await sleep(2000);
    await outage(8_000, () => logged(run, 'gap_unrepaired').length === 1);
    await sleep(1000);
    expect(await quiesceAndStop(sim, 'bybit', run)).toBe(0);
    polling = false;
    await poll;

    const records = await readRun(brokers, run.prefix);
    const statuses = values(records['feed_status']).filter((status) => String(status['state']).startsWith('gap'));
    expect(statuses.map((status) => status['state'])).toEqual(['gap', 'gap_repaired', 'gap', 'gap_unrepaired']);
    expect(statuses[3]?.['reason']).toMatch(/^history: the venue's last 60 trades do not reach back/);
    const trades = values(records['trade']);
    const keys = trades.map((trade) => String(trade['tradeId']));
    expect(keys.length - new Set(keys).size, 'trades twice').toBe(0);
    // Bybit ids increase: the venue's trades between the first and the last in the topic that the topic lacks.
    const byId = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : 1);
    const inTopic = new Set(keys);
    const sorted = [...keys].sort(byId);
    const lowest = BigInt(sorted[0] ?? '0');
    const highest = BigInt(sorted.at(-1) ?? '0');
    const lacking = [...made.keys()].filter((id) => BigInt(id) > lowest && BigInt(id) < highest && !inTopic.has(id)).sort(byId);
    const repaired = trades.filter((trade) => trade['source'] === 'repair');
    const [shortRepairs, longRepairs] = [
      repaired.filter((trade) => Number(trade['exchangeTs']) < Number(statuses[2]?.['lastEventTs']) + 1),
      repaired.filter((trade) => Number(trade['exchangeTs']) > Number(statuses[2]?.['lastEventTs'])),
    ];
    // The short outage: about 3 s at 10 trades/s, every one of them back.
    expect(shortRepairs.length).toBeGreaterThanOrEqual(20);
    // The long one (about 80 trades): what is lacking is its oldest part only, older than every trade repaired of it.
    expect(lacking.length).toBeGreaterThan(0);
    const oldestLongRepair = [...longRepairs.map((trade) => String(trade['tradeId']))].sort(byId)[0] ?? '0';
    for (const id of lacking) {
      expect(BigInt(id) < BigInt(oldestLongRepair), `${id} lacking, newer than a repaired trade`).toBe(true);
      expect(made.get(id)?.time ?? 0, `${id} lacking, before the long outage`).toBeGreaterThanOrEqual(Number(statuses[2]?.['lastEventTs']));
    }
    expect(longRepairs.length).toBeGreaterThanOrEqual(50);
    for (const trade of repaired) expect(Number(made.get(String(trade['tradeId']))?.price), `${String(trade['tradeId'])}'s price`).toBe(trade['price']);
    console.info(
      `Bybit: ${shortRepairs.length} trades repaired of a 3 s outage, ${longRepairs.length} of an 8 s one, ${lacking.length} out of the venue's reach`,
    );
  }, 180_000);

  it("Binance's 418 (IP banned) during a repair is waited out and the repair completes (the venue's pacer, the simulator's REST)", async () => {
    const sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 200 });
    scenario.sim = sim;
    await sleep(2500);
    const [revealing] = await venueHistory(sim, 'BTCUSDT', undefined, 1);
    if (revealing === undefined) throw new Error('the simulator made no trade');
    const [before] = await venueHistory(sim, 'BTCUSDT', revealing.id - 301, 1);
    const live = (trade: VenueTrade): TradeEvent => ({
      type: 'trade',
      exchange: 'binance',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      exchangeTs: trade.time,
      receivedTs: trade.time,
      isFallback: false,
      env: 'prod',
      connectionId: 'c1',
      tradeId: String(trade.id),
      price: Number(trade.price),
      quantity: Number(trade.qty),
      side: trade.isBuyerMaker ? 'SELL' : 'BUY',
      isBuyerMaker: trade.isBuyerMaker,
    });

    sim.control.banRest('binance', 1500);
    const pacer = restWeightPacer(asyncScheduler, { banBackoffMs: 500 });
    const counters = emptyRepairCounters();
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    const startedAt = Date.now();
    // The gap as the feed names it: detectGaps sees ids jump by 301.
    input
      .pipe(
        detectGaps({ scheduler: asyncScheduler }),
        repairGaps({
          ...venueTradeHistory({ pacers: { binance: pacer }, restUrls: { binance: sim.restUrl }, timeoutMs: 5000, scheduler: asyncScheduler }),
          counters,
        }),
      )
      .subscribe((event) => out.push(event));
    if (before === undefined) throw new Error('the simulator made no trade 301 before the last');
    for (const trade of [before, revealing]) input.next(live(trade));
    await until('the gap is answered', () => counters.repaired + Object.values(counters.unrepaired).reduce((a, b) => a + b, 0) === 1, 30_000);

    expect(sim.control.counters('binance')['restBanned']).toBeGreaterThanOrEqual(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1400);
    expect(counters).toMatchObject({ repaired: 1, repairedTrades: 300 });
    const ids = out.filter((event): event is TradeEvent => event.type === 'trade' && event.source === 'repair').map((trade) => Number(trade.tradeId));
    expect(ids).toEqual(Array.from({ length: 300 }, (_, k) => revealing.id - 300 + k));
  }, 60_000);
});
