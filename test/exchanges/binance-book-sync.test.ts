import pino from 'pino';
import { asyncScheduler, mergeMap, type Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { binanceBookPlan, type BinanceBookPlanConfig } from '../../src/exchanges/binance/binance-book-plan.js';
import { parseBinanceFrame } from '../../src/exchanges/binance/binance-frames.js';
import { binanceCombinedUrl, binanceStream } from '../../src/exchanges/binance/binance-subscriptions.js';
import type { BookOutput, BookView } from '../../src/exchanges/book-update.js';
import { webSocketFrames } from '../../src/exchanges/web-socket-frames.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { until } from '../support/until.js';

let sim: RunningSimulator | undefined;
let running: Subscription | undefined;

afterEach(async () => {
  running?.unsubscribe();
  running = undefined;
  await sim?.close();
  sim = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection's depth streams through the plan's sync, against the simulator's socket and REST API; outputs collected with their arrival time. */
function syncBooks(simulator: RunningSimulator, symbols: readonly string[], config: Partial<BinanceBookPlanConfig> = {}) {
  const plan = binanceBookPlan(config);
  const outputs: { readonly at: number; readonly output: BookOutput }[] = [];
  const logger = pino({ level: 'silent' });
  const url = binanceCombinedUrl(
    simulator.urls.binance,
    symbols.map((s) => binanceStream(s, plan.channel)),
  );
  running = webSocketFrames({ url })
    .pipe(
      mergeMap((event) => {
        if (event.type !== 'frame') return [];
        const parsed = parseBinanceFrame(event.text);
        return parsed.ok ? plan.updates(parsed.frame, event.receivedTs) : [];
      }),
      plan.sync({ exchange: 'binance', scheduler: asyncScheduler, logger, resubscribe: () => undefined, restUrl: simulator.restUrl }),
    )
    .subscribe((output) => outputs.push({ at: Date.now(), output }));
  return outputs;
}

const views = (outputs: readonly { output: BookOutput }[], symbol: string): BookView[] =>
  outputs.map((o) => o.output).filter((o): o is BookView => o.type === 'book_view' && o.symbol === symbol);

/** The client's view at the update id the simulator's book stands at now equals that book (top 20 per side). */
async function expectSameBookAsSimulator(simulator: RunningSimulator, outputs: readonly { output: BookOutput }[], symbol: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const truth = simulator.control.book('binance', symbol, 20, 'depth@100ms');
    await until(`${symbol} view ${truth.updateId}`, () => views(outputs, symbol).some((v) => v.updateId >= truth.updateId), 5000, 20);
    const view = views(outputs, symbol).find((v) => v.updateId === truth.updateId);
    if (view === undefined) {
      // That id was folded into a snapshot with its buffer, or the snapshot ran ahead of the stream: try the next event.
      await sleep(150);
      continue;
    }
    const numbers = (side: typeof truth.bids) => side.map(([price, size]) => ({ price: Number(price), size: Number(size) }));
    expect({ bids: view.bids.slice(0, 20), asks: view.asks.slice(0, 20) }).toEqual({ bids: numbers(truth.bids), asks: numbers(truth.asks) });
    expect(truth.bids).toHaveLength(20);
    return;
  }
  throw new Error(
    `no ${symbol} view at the simulator's update id: ${JSON.stringify(outputs.slice(-5).map((o) => (o.output.type === 'book_view' ? o.output.updateId : o.output)))}`,
  );
}

describe('Binance depth sync against the simulator', () => {
  it("builds each symbol's book from the stream and a REST snapshot, equal to the simulator's book", async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 30, tickMs: 10 });
    const outputs = syncBooks(sim, ['BTCUSDT', 'ETHUSDT']);
    await until('views of both symbols', () => views(outputs, 'BTCUSDT').length > 5 && views(outputs, 'ETHUSDT').length > 5, 10_000, 20);
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
    await expectSameBookAsSimulator(sim, outputs, 'ETHUSDT');
    expect(outputs.filter((o) => o.output.type === 'book_resync')).toEqual([]);
  });

  it('answers every dropped delta with one gap resync, then a correct book again', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    const outputs = syncBooks(sim, ['BTCUSDT']);
    await until('first views', () => views(outputs, 'BTCUSDT').length > 3, 10_000, 20);
    const resyncs = () => outputs.filter((o) => o.output.type === 'book_resync').map((o) => o.output);
    for (let drop = 1; drop <= 3; drop += 1) {
      sim.control.bookFault('binance', 'drop', 'BTCUSDT');
      await until(`resync ${drop}`, () => resyncs().length === drop, 5000, 20);
      await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
    }
    expect(resyncs().map((r) => (r.type === 'book_resync' ? r.reason : ''))).toEqual(['gap', 'gap', 'gap']);
    const counters = sim.control.counters('binance') as Record<string, number>;
    expect(counters['restRequests']).toBe(4);
  });

  it('answers a crossed update with a crossed resync and never publishes the crossed book', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    const outputs = syncBooks(sim, ['BTCUSDT']);
    await until('first views', () => views(outputs, 'BTCUSDT').length > 3, 10_000, 20);
    sim.control.bookFault('binance', 'cross', 'BTCUSDT');
    await until('resync', () => outputs.some((o) => o.output.type === 'book_resync'), 5000, 20);
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
    expect(outputs.filter((o) => o.output.type === 'book_resync').map((o) => (o.output.type === 'book_resync' ? o.output.reason : ''))).toEqual(['crossed']);
    expect(views(outputs, 'BTCUSDT').every((v) => (v.bids[0]?.price ?? 0) < (v.asks[0]?.price ?? Infinity))).toBe(true);
  });

  it('backs off after a 429 for its Retry-After and then gets the snapshot', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    sim.control.throttleRest('binance', 1);
    const started = Date.now();
    const outputs = syncBooks(sim, ['BTCUSDT']);
    await until('first view', () => views(outputs, 'BTCUSDT').length > 0, 10_000, 20);
    expect((outputs[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(1000);
    expect(sim.control.counters('binance')).toMatchObject({ restRequests: 2, restThrottled: 1 });
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
  });

  it("publishes a symbol while another's snapshot is late", async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 30, tickMs: 10 });
    sim.control.lateSnapshot('binance', 3000, 'BTCUSDT', false);
    const started = Date.now();
    const outputs = syncBooks(sim, ['BTCUSDT', 'ETHUSDT']);
    await until('views of both symbols', () => views(outputs, 'BTCUSDT').length > 0 && views(outputs, 'ETHUSDT').length > 0, 10_000, 20);
    const firstAt = (symbol: string) => (outputs.find((o) => o.output.symbol === symbol)?.at ?? 0) - started;
    // ETH's book is published without waiting for BTC's snapshot, held 3 s.
    expect(firstAt('ETHUSDT')).toBeLessThan(3000);
    expect(firstAt('BTCUSDT')).toBeGreaterThanOrEqual(3000);
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
  });

  it('asks again when the snapshot is older than the first buffered update, without a resync', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    sim.control.lateSnapshot('binance', 400, 'BTCUSDT', true);
    const outputs = syncBooks(sim, ['BTCUSDT']);
    await until('first view', () => views(outputs, 'BTCUSDT').length > 0, 10_000, 20);
    expect(sim.control.counters('binance')).toMatchObject({ restRequests: 2 });
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
    expect(outputs.filter((o) => o.output.type === 'book_resync')).toEqual([]);
  });

  it('waits out a 418 ban before asking again', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    sim.control.banRest('binance', 1500);
    const started = Date.now();
    const outputs = syncBooks(sim, ['BTCUSDT'], { pacer: { banBackoffMs: 1000 } });
    await until('first view', () => views(outputs, 'BTCUSDT').length > 0, 10_000, 20);
    // The simulator's Retry-After rounds the 1.5 s ban up to 2 s, longer than the configured 1 s.
    expect((outputs[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(2000);
    expect(sim.control.counters('binance')).toMatchObject({ restRequests: 2, restBanned: 1 });
  });

  it('abandons a snapshot request that outlives its timeout and asks again', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 30, tickMs: 10 });
    sim.control.lateSnapshot('binance', 5000, 'BTCUSDT', false);
    const started = Date.now();
    const outputs = syncBooks(sim, ['BTCUSDT'], { snapshotTimeoutMs: 300 });
    await until('first view', () => views(outputs, 'BTCUSDT').length > 0, 10_000, 20);
    // 300 ms timeout, then the 1 s retry wait; far sooner than the late answer's 5 s.
    expect((outputs[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(1300);
    expect((outputs[0]?.at ?? 0) - started).toBeLessThan(5000);
    await expectSameBookAsSimulator(sim, outputs, 'BTCUSDT');
  });
});
