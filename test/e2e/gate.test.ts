import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { GATE_CONNECTION_LIMITS } from '../../src/exchanges/gate/gate-limits.js';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';
import { expectListedMarketFollowed, startListedMarket, type ListedMarket } from './listed-market.js';
import { QUICK_FAILOVER_ARGS, expectTradesOnTape, holeAndRepair, missingWhileServed, stallAndRecover } from './venue-tape.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

describe('Gate spot and USDT futures (simulator -> pipeline process -> real Kafka)', () => {
  it("fails a stalled Gate shard over to Bybit and back; a skipped book update resyncs that book only, from a new REST snapshot; every trade is one the venues made, none twice, none of Gate's missing while it served", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate', 'bybit'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--venues', 'gate,bybit', '--books', 'all', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    expect(deadLettersBefore((await run.read())['dead_letter'])).toEqual([]);
    // A change of BTC_USDT's book never sent: the next push's U is past the last u + 1.
    sim.control.bookFault('gate', 'drop', 'BTC_USDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync', 10_000);
    await stallAndRecover(run, 'gate', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'gate', toExchange: 'bybit' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit', toExchange: 'gate' });
    const resyncs = statuses.filter((s) => s['state'] === 'book_resync' && s['exchange'] === 'gate' && !String(s['reason']).includes('reconnect'));
    expect(resyncs.map((s) => s['symbol'])).toEqual(['BTC_USDT']);
    expect(String(resyncs[0]?.['reason'])).toMatch(/^gap: /);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const books = (records['book_snapshot'] ?? []).filter((b) => value(b, 'exchange') === 'gate');
    for (const symbol of ['BTC_USDT', 'ETH_USDT']) expect(books.some((b) => value(b, 'symbol') === symbol)).toBe(true);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['gate', 'bybit']);
    for (const t of trades) expect(t.value).toMatchObject({ quote: 'USDT', isFallback: value(t, 'exchange') !== 'gate' });
    for (const key of ['BTC-USDT', 'ETH-USDT']) expect(missingWhileServed(run, trades, 'gate', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['gate', 'bybit', 'gate']);
  });

  it("names a Gate socket's hole by time and repairs it from each instrument's latest trades: every trade from each instrument's first to its last once, each gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--venues', 'gate'],
    });
    await holeAndRepair(run, 'gate', { subscribedWithinMs: 15_000, beforeMs: 1500, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired')).toHaveLength(gaps.length);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, run.sim.control, ['gate']);
    for (const key of ['BTC-USDT', 'ETH-USDT']) {
      expect(trades.filter((t) => t.key === key).length, key).toBeGreaterThan(40);
      expect(missingWhileServed(run, trades, 'gate', key), key).toEqual([]);
    }
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
  });

  it("fails a stalled USDT futures shard over to Bybit linear and back, keyed as perpetuals: trades in the coin as the venues made them, none of Gate's missing while it served, derivative tickers, no liquidations said once as unserved, bad frames dead-lettered only once sent", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate_futures', 'bybit_linear'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--markets', 'linear', '--venues', 'gate_futures,bybit_linear', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    const goodUntil = Date.now();
    sim.control.sendMalformed('gate_futures', 6);
    await stallAndRecover(run, 'gate_futures', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    expect(deadLettersBefore(records['dead_letter'], goodUntil)).toEqual([]);
    expect(deadLettersBefore(records['dead_letter']).length).toBeGreaterThanOrEqual(1);
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'gate_futures', toExchange: 'bybit_linear' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit_linear', toExchange: 'gate_futures' });
    const unserved = statuses.filter((s) => s['state'] === 'unserved' && s['exchange'] === 'gate_futures' && s['symbol'] === null);
    expect(unserved.map((s) => s['reason'])).toEqual([expect.stringContaining('no liquidations')]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['gate_futures', 'bybit_linear']);
    expect(new Set(trades.map((t) => t.key))).toEqual(new Set(['BTC-USDT-PERP', 'ETH-USDT-PERP']));
    for (const key of ['BTC-USDT-PERP', 'ETH-USDT-PERP']) expect(missingWhileServed(run, trades, 'gate_futures', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['gate_futures', 'bybit_linear', 'gate_futures']);
    const tickers = (records['derivative_ticker'] ?? []).filter((t) => t.key === 'BTC-USDT-PERP' && value(t, 'exchange') === 'gate_futures');
    expect(tickers.at(-1)?.value).toMatchObject({
      markPrice: expect.any(Number) as number,
      indexPrice: expect.any(Number) as number,
      fundingRate: expect.any(Number) as number,
      openInterest: expect.any(Number) as number,
    });
  });

  it("follows Gate's whole listed spot market over shards within its limits: every instrument subscribed, every trade it sent while subscribed published, no request refused", async () => {
    // Gate (docs "Rate Limits"): 300 connections an IP, nothing else capped on a public socket (the client holds 400 topics a connection).
    const market: ListedMarket = { venue: 'gate', limits: GATE_CONNECTION_LIMITS, topicsPerInstrument: 3, maxConnectionsPerIp: 300, seed: 19 };
    run = await startListedMarket(brokers, market);
    await expectListedMarketFollowed(run, market);
  }, 240_000);
});
