import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { stateOf } from '../support/cli-process.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function waitForReadyz(url: string, status: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await fetch(`${url}/readyz`);
    if (answer.status === status) return Date.now();
    if (Date.now() > deadline) throw new Error(`/readyz stayed ${answer.status}, expected ${status}`);
    await sleep(100);
  }
}

/** Trade ids per (exchange, symbol), asserting none appears twice. */
function tradeIds(trades: readonly ConsumedRecord[]): Map<string, number[]> {
  const seen = new Set<string>();
  const ids = new Map<string, number[]>();
  for (const t of trades) {
    const key = `${String(t.value['exchange'])}/${String(t.value['symbol'])}`;
    const id = `${key}/${String(t.value['tradeId'])}`;
    expect(seen.has(id), `duplicate trade ${id}`).toBe(false);
    seen.add(id);
    ids.set(key, [...(ids.get(key) ?? []), Number(t.value['tradeId'])]);
  }
  return ids;
}

describe('failover between venues (simulator -> pipeline process -> real Kafka)', () => {
  it('goes stale once Bybit has been silent 5 s, fails over to Binance, and switches back after it is healthy again', async () => {
    run = await startPipeline({
      brokers,
      args: ['--failover-after-ms', '1500', '--switch-back-after-ms', '3000', '--probe-interval-ms', '1000'],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed');
    await waitForReadyz(run.healthUrl, 200, 10_000);
    await sleep(1500);

    sim.control.stall('bybit');
    const stalledAt = Date.now();
    const notReadyAt = await waitForReadyz(run.healthUrl, 503, 9000);
    expect(notReadyAt - stalledAt).toBeGreaterThanOrEqual(4500);
    await cli.waitForLog((line) => stateOf(line) === 'failover', 10_000);
    await waitForReadyz(run.healthUrl, 200, 5000);
    await sleep(2000);

    sim.control.stall('bybit', false);
    await cli.waitForLog((line) => stateOf(line) === 'switch_back', 15_000);
    await sleep(2000);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const stale = statuses.find((s) => s['state'] === 'feed_stale' && s['exchange'] === 'bybit' && s['symbol'] === null);
    expect(stale).toBeDefined();
    const bybitData = ['trade', 'price_tick', 'book_ticker']
      .flatMap((type) => records[type] ?? [])
      .filter((r) => r.value['exchange'] === 'bybit' && Number(r.value['receivedTs']) <= Number(stale?.['ts']))
      .map((r) => Number(r.value['receivedTs']));
    const silentFor = Number(stale?.['ts']) - Math.max(...bybitData);
    // Its timer fires at 5 s of silence (exactly, in detect-stale's marble tests); a busy machine may run it late.
    expect(silentFor).toBeGreaterThanOrEqual(5000);
    expect(silentFor).toBeLessThan(7000);

    const failoverStatus = statuses.find((s) => s['state'] === 'failover');
    expect(failoverStatus).toMatchObject({ fromExchange: 'bybit', toExchange: 'binance' });
    const switchBack = statuses.find((s) => s['state'] === 'switch_back');
    expect(switchBack).toMatchObject({ fromExchange: 'binance', toExchange: 'bybit' });
    expect(statuses.filter((s) => s['state'] === 'gap')).toEqual([]);

    const trades = records['trade'] ?? [];
    const ids = tradeIds(trades);
    // While Binance was active its trades arrived without a hole (its ids are consecutive per symbol).
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const binance = ids.get(`binance/${symbol}`) ?? [];
      expect(binance.length).toBeGreaterThan(10);
      expect(binance[binance.length - 1]! - binance[0]! + 1).toBe(binance.length);
    }
    for (const t of trades) expect(t.value['isFallback']).toBe(t.value['exchange'] !== 'bybit');
    // Order in each key's partition follows the handover: Bybit, then Binance, then Bybit again.
    const btc = trades.filter((t) => t.key === 'BTC-USDT').map((t) => String(t.value['exchange']));
    const runs = btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange);
    expect(runs).toEqual(['bybit', 'binance', 'bybit']);
    // After the switch-back, every Bybit trade the simulator wrote to the taking-over socket from its first
    // forwarded trade on reached Kafka. The cut-over is an instant between two frames, so the boundary is
    // the simulator's send order on that socket, not a timestamp: the tick's other frame may fall before it.
    const lastBybit = trades.filter((t) => t.value['exchange'] === 'bybit').at(-1);
    const connection = String(lastBybit?.value['connectionId']);
    const published = new Set(trades.map((t) => `${String(t.value['symbol'])}/${String(t.value['tradeId'])}`));
    const firstAfter = trades.find((t) => t.value['connectionId'] === connection);
    const sent = sim.control.sentTrades('bybit');
    const cut = sent.findIndex((s) => s.symbol === firstAfter?.value['symbol'] && s.tradeId === Number(firstAfter?.value['tradeId']));
    expect(cut).toBeGreaterThanOrEqual(0);
    const socket = sent[cut]?.connectionId;
    // The end is the last of that socket's trades to reach Kafka, also in send order: SIGTERM may fall between
    // two frames of one tick, which share a timestamp.
    const onSocket = sent.slice(cut).filter((s) => s.connectionId === socket);
    const end = onSocket.findLastIndex((s) => published.has(`${s.symbol}/${s.tradeId}`));
    const sentAfter = onSocket.slice(0, end + 1);
    expect(sentAfter.length).toBeGreaterThan(10);
    for (const s of sentAfter) expect(published.has(`${s.symbol}/${s.tradeId}`), `${s.symbol}/${s.tradeId}`).toBe(true);
  });

  it('fails over at once when Bybit refuses the upgrade with 403, says geo_blocked, and does not retry it in a loop', async () => {
    run = await startPipeline({ brokers, beforeRun: (sim) => sim.control.refuseUpgrade('bybit', 403) });
    const { sim, cli } = run;
    const blocked = await cli.waitForLog((line) => stateOf(line) === 'geo_blocked', 10_000);
    const failedOver = await cli.waitForLog((line) => stateOf(line) === 'failover', 10_000);
    // At once: milliseconds apart on an idle machine, and no retry between them (no retry_scheduled, below).
    expect(Number(failedOver['time']) - Number(blocked['time'])).toBeLessThan(3000);
    await cli.waitForLog((line) => stateOf(line) === 'subscribed' && (line['status'] as { exchange?: string }).exchange === 'binance', 10_000);
    await sleep(6000);
    expect(sim.control.counters('bybit').upgradesRefused).toBeLessThanOrEqual(2);
    expect(cli.statuses().filter((s) => s['state'] === 'retry_scheduled' && s['exchange'] === 'bybit')).toEqual([]);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'geo_blocked')).toMatchObject({ exchange: 'bybit' });
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'bybit', toExchange: 'binance' });
    const trades = records['trade'] ?? [];
    expect(trades.length).toBeGreaterThan(20);
    for (const t of trades) expect(t.value).toMatchObject({ exchange: 'binance', isFallback: true });
  });
});
