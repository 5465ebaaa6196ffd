import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { consumeTopics } from '../interop/consume-topics.js';
import { CliProcess } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';

const brokers = inject('kafkaBrokers');
/** The simulator and the metrics endpoint inside this file's own port range. */
const SIM_PORT = 29541;
const METRICS_PORT = 29542;
const BOOK_ARGS = ['--books', 'true', '--venues', 'bybit', '--metrics-port', String(METRICS_PORT), '--book-stats-interval-ms', '500'];

let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

interface Level {
  readonly price: number;
  readonly size: number;
}
const levelsOf = (value: unknown): Level[] => (value as { price: number; size: number }[]).map((l) => ({ price: Number(l.price), size: Number(l.size) }));
const isBookResync = (r: ConsumedRecord): boolean => r.value['state'] === 'book_resync';

/** The simulator's own book of a depth topic (what a client in sync holds), sampled by update id: Bybit `orderbook.50` unless told. */
async function sampleSimulatorBooks(
  controlUrl: string,
  symbol: string,
  untilMs: number,
  venue: { readonly name: string; readonly channel: string } = { name: 'bybit', channel: 'orderbook.50' },
): Promise<Map<number, { bids: Level[]; asks: Level[] }>> {
  const views = new Map<number, { bids: Level[]; asks: Level[] }>();
  while (Date.now() < untilMs) {
    const view = (await (await fetch(`${controlUrl}/${venue.name}/book?symbol=${symbol}&levels=20&channel=${venue.channel}`)).json()) as {
      updateId: number;
      bids: string[][];
      asks: string[][];
    };
    const pairs = (side: string[][]) => side.map(([price, size]) => ({ price: Number(price), size: Number(size) }));
    views.set(view.updateId, { bids: pairs(view.bids), asks: pairs(view.asks) });
    await sleep(15);
  }
  return views;
}

describe('order books: market-feed run against the simulator, through Kafka', () => {
  it('publishes book snapshots (top 20, best first, only when changed) and book stats that market-feed consume decodes', async () => {
    run = await startPipeline({ brokers, args: BOOK_ARGS, simulator: { port: SIM_PORT } });
    const { cli } = run;
    await cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    await sleep(3000);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const topics = sinkTopics(run.prefix).records;
    const records = await run.read();
    const snapshots = records['book_snapshot'] ?? [];
    const stats = records['book_stats'] ?? [];
    expect(snapshots.length).toBeGreaterThan(10);
    expect(stats.length).toBeGreaterThanOrEqual(4);

    const consumed = await consumeTopics({ brokers, topics: [topics.book_snapshot, topics.book_stats], expected: snapshots.length + stats.length });
    expect(consumed.filter((l) => l.topic === topics.book_snapshot).map((l) => l.schema)).toEqual(snapshots.map(() => 'marketfeed.v1.BookSnapshot'));
    expect(consumed.filter((l) => l.topic === topics.book_stats).map((l) => l.schema)).toEqual(stats.map(() => 'marketfeed.v1.BookStats'));

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const published = consumed.filter((l) => l.topic === topics.book_snapshot && l.value['symbol'] === symbol);
      expect(published.length, symbol).toBeGreaterThan(3);
      for (const [n, line] of published.entries()) {
        const bids = levelsOf(line.value['bids']);
        const asks = levelsOf(line.value['asks']);
        expect(line.key).toBe(symbol === 'BTCUSDT' ? 'BTC-USDT' : 'ETH-USDT');
        expect(line.value).toMatchObject({ exchange: 'bybit', depth: 20, isFallback: false, env: 'prod' });
        expect(bids.length).toBe(20);
        expect(asks.length).toBe(20);
        expect(bids.map((l) => l.price)).toEqual([...bids.map((l) => l.price)].sort((a, b) => b - a));
        expect(asks.map((l) => l.price)).toEqual([...asks.map((l) => l.price)].sort((a, b) => a - b));
        expect(bids[0]?.price).toBeLessThan(asks[0]?.price ?? 0);
        const previous = published[n - 1];
        if (previous !== undefined) {
          // Only when changed: no two snapshots of a symbol in a row hold the same levels.
          expect(JSON.stringify([line.value['bids'], line.value['asks']])).not.toBe(JSON.stringify([previous.value['bids'], previous.value['asks']]));
          expect(Number(line.value['updateId'])).toBeGreaterThan(Number(previous.value['updateId']));
        }
      }
      const symbolStats = consumed.filter((l) => l.topic === topics.book_stats && l.value['symbol'] === symbol);
      expect(symbolStats.length, symbol).toBeGreaterThanOrEqual(2);
      for (const { value } of symbolStats) {
        const bid = Number(value['bestBid']);
        const ask = Number(value['bestAsk']);
        expect(bid).toBeLessThan(ask);
        expect(Number(value['spread'])).toBeCloseTo(ask - bid, 9);
        expect(Number(value['mid'])).toBeCloseTo((bid + ask) / 2, 9);
        expect(value).toMatchObject({ windowMs: 500, imbalanceLevels: 20, roundTripNotional: 10_000 });
        expect((value['impacts'] as { notional: number }[]).map((i) => i.notional)).toEqual([1000, 10_000, 100_000]);
        expect((value['depthBands'] as { withinPct: number }[]).map((b) => b.withinPct)).toEqual([0.1, 0.5, 1, 2]);
      }
    }
  });

  it("answers every dropped delta with book_resync and a correct book afterwards: published top levels equal the simulator's own book at the same update id", async () => {
    run = await startPipeline({ brokers, args: BOOK_ARGS, simulator: { port: SIM_PORT } });
    const { cli, sim } = run;
    await cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    const samples = sampleSimulatorBooks(sim.controlUrl, 'BTCUSDT', Date.now() + 9000);
    await sleep(1000);
    const fault = async (path: string): Promise<void> => {
      const response = await fetch(`${sim.controlUrl}/bybit/${path}?symbol=BTCUSDT`, { method: 'POST' });
      expect(response.status, path).toBe(200);
      await sleep(1500);
    };
    await fault('drop-delta');
    await fault('drop-delta');
    await fault('restart-book');
    await fault('drop-delta');
    await fault('cross-book');
    const simulatorBooks = await samples;
    const exposition = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(metricValue(exposition, 'market_feed_book_resyncs_total', { exchange: 'bybit', reason: 'gap' })).toBe(3);
    expect(metricValue(exposition, 'market_feed_book_resyncs_total', { exchange: 'bybit', reason: 'crossed' })).toBe(1);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const resyncs = (records['feed_status'] ?? []).filter(isBookResync);
    expect(resyncs.map((r) => [r.value['symbol'], String(r.value['reason']).split(':')[0]])).toEqual([
      ['BTCUSDT', 'gap'],
      ['BTCUSDT', 'gap'],
      ['BTCUSDT', 'gap'],
      ['BTCUSDT', 'crossed'],
    ]);
    const resubscribes = cli.logs.filter((line) => line.msg === 'resubscribing');
    expect(resubscribes.map((line) => line['topic'])).toEqual(['orderbook.50.BTCUSDT', 'orderbook.50.BTCUSDT', 'orderbook.50.BTCUSDT', 'orderbook.50.BTCUSDT']);

    const snapshots = (records['book_snapshot'] ?? []).filter((r) => r.value['symbol'] === 'BTCUSDT');
    const lastResyncTs = Number(resyncs.at(-1)?.value['ts']);
    const afterLastResync = snapshots.filter((r) => Number(r.value['receivedTs']) > lastResyncTs);
    expect(afterLastResync.length).toBeGreaterThan(3);
    let compared = 0;
    for (const snapshot of snapshots) {
      const own = simulatorBooks.get(Number(snapshot.value['updateId']));
      if (own === undefined) continue;
      compared += 1;
      expect({ bids: levelsOf(snapshot.value['bids']), asks: levelsOf(snapshot.value['asks']) }, `u ${String(snapshot.value['updateId'])}`).toEqual(own);
    }
    // Enough published books land on an update id the simulator was sampled at, before and after the faults.
    expect(compared).toBeGreaterThan(10);
    expect(afterLastResync.filter((r) => simulatorBooks.has(Number(r.value['updateId']))).length).toBeGreaterThan(0);
  });

  it("Binance: books from depth@100ms and paced REST snapshots; each dropped delta is a gap resync, and the published books equal the simulator's own", async () => {
    run = await startPipeline({ brokers, args: BOOK_ARGS.map((a) => (a === 'bybit' ? 'binance' : a)), simulator: { port: SIM_PORT } });
    const { cli, sim } = run;
    await cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    const samples = sampleSimulatorBooks(sim.controlUrl, 'BTCUSDT', Date.now() + 7000, { name: 'binance', channel: 'depth@100ms' });
    await sleep(1500);
    for (const n of [1, 2]) {
      const response = await fetch(`${sim.controlUrl}/binance/drop-delta?symbol=BTCUSDT`, { method: 'POST' });
      expect(response.status, `drop ${n}`).toBe(200);
      await sleep(2000);
    }
    const simulatorBooks = await samples;
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const resyncs = (records['feed_status'] ?? []).filter(isBookResync);
    expect(resyncs.map((r) => [r.value['exchange'], r.value['symbol'], String(r.value['reason']).split(':')[0]])).toEqual([
      ['binance', 'BTCUSDT', 'gap'],
      ['binance', 'BTCUSDT', 'gap'],
    ]);
    const snapshots = (records['book_snapshot'] ?? []).filter((r) => r.value['symbol'] === 'BTCUSDT');
    const lastResyncTs = Number(resyncs.at(-1)?.value['ts']);
    expect(snapshots.filter((r) => Number(r.value['receivedTs']) > lastResyncTs).length).toBeGreaterThan(3);
    let compared = 0;
    for (const snapshot of snapshots) {
      expect(snapshot.value).toMatchObject({ exchange: 'binance', depth: 20 });
      const own = simulatorBooks.get(Number(snapshot.value['updateId']));
      if (own === undefined) continue;
      compared += 1;
      expect({ bids: levelsOf(snapshot.value['bids']), asks: levelsOf(snapshot.value['asks']) }, `u ${String(snapshot.value['updateId'])}`).toEqual(own);
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('lists the book options on --help and exits 2 naming the key for a bad one', async () => {
    const help = new CliProcess(['run', '--help']);
    expect(await help.exited).toBe(0);
    for (const flag of [
      '--books',
      '--bybit-book-depth',
      '--book-snapshot-levels',
      '--book-snapshot-interval-ms',
      '--book-stats-interval-ms',
      '--book-impact-notionals',
      '--book-round-trip-notional',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    const bad = new CliProcess(['run', '--bybit-book-depth', '100']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderrText).toContain('books.bybitDepth');
    expect(bad.stderrText).toContain('--bybit-book-depth');
  });
});
