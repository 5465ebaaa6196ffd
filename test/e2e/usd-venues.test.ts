import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { QUICK_FAILOVER_ARGS, expectConsecutiveIds, expectTradesOnTape, holeAndRepair, stallAndRecover } from './venue-tape.js';
import { stateOf } from '../support/cli-process.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('Coinbase and Kraken in the failover chain (simulator -> pipeline process -> real Kafka)', () => {
  it('over four venues, fails a stalled Coinbase over to Kraken and back; every trade is one the venues made, none twice, none of Kraken missing while it served', async () => {
    // The chain of BTC-USD: Coinbase, Kraken, then Bybit's and Binance's BTCUSDT (USDT stands in for USD).
    run = await startPipeline({
      brokers,
      simulator: {
        venues: ['bybit', 'binance', 'coinbase', 'kraken'],
        coins: ['BTC', 'ETH'],
        quote: 'USD',
        venueQuotes: { bybit: 'USDT', binance: 'USDT' },
        tradesPerSecond: 10,
      },
      args: ['--venues', 'coinbase,kraken,bybit,binance', '--quote', 'USD', '--equivalent-quotes', 'USD,USDT', ...QUICK_FAILOVER_ARGS],
    });
    const { sim } = run;
    await stallAndRecover(run, 'coinbase', { beforeMs: 2500, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'coinbase', toExchange: 'kraken' });
    // Only the venues' own frames came in: no dead letter; each state said once as it was entered.
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'kraken', toExchange: 'coinbase' });
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['coinbase', 'kraken']);
    for (const t of trades) expect(t.value).toMatchObject({ isFallback: t.value['exchange'] !== 'coinbase', quote: 'USD', instrument: null });
    // Kraken's ids run on per pair: while it served, no trade of it is missing.
    expectConsecutiveIds(trades, 'kraken', ['BTC/USD', 'ETH/USD'], 5);
    const btc = trades.filter((t) => t.key === 'BTC-USD').map((t) => String(t.value['exchange']));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['coinbase', 'kraken', 'coinbase']);
  });

  it("repairs a Kraken socket's hole from the venue's trade history by id: every id from each pair's first to its last once, and each gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['kraken'], coins: ['BTC', 'ETH'], quote: 'USD', tradesPerSecond: 20 },
      args: ['--venues', 'kraken', '--quote', 'USD'],
    });
    const { sim } = run;
    await holeAndRepair(run, 'kraken', { subscribedWithinMs: 15_000, beforeMs: 2000, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired')).toHaveLength(gaps.length);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['kraken']);
    expectConsecutiveIds(trades, 'kraken', ['BTC/USD', 'ETH/USD'], 40, 'sorted');
    expect(trades.some((t) => t.value['source'] === 'repair')).toBe(true);
  });

  it("closes a short Coinbase hole from the last trades a new subscription brings: each product's ids run on, none twice, the gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['coinbase'], coins: ['BTC', 'ETH'], quote: 'USD', tradesPerSecond: 10 },
      args: ['--venues', 'coinbase', '--quote', 'USD'],
    });
    const { sim } = run;
    await holeAndRepair(run, 'coinbase', { subscribedWithinMs: 15_000, beforeMs: 2000, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired').length).toBeGreaterThanOrEqual(1);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['coinbase']);
    // Coinbase's ids ran on per product in the venue's recordings, and do in the simulator: the closed hole leaves none missing.
    expectConsecutiveIds(trades, 'coinbase', ['BTC-USD', 'ETH-USD'], 30, 'sorted');
    // Coinbase answers a new subscription with its last 100 trades: a hole this short is filled by that
    // snapshot (the trades of it already published dropped as duplicates) before the repair reads the venue.
    expect(trades.filter((t) => t.value['source'] === 'repair')).toEqual([]);
  });

  it('with --equivalent-quotes, serves BTC-USDT from Coinbase BTC-USD when Bybit stalls, each record naming its own quote and the instrument', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bybit', 'coinbase'], coins: ['BTC', 'ETH'], venueQuotes: { coinbase: 'USD' }, tradesPerSecond: 10 },
      args: ['--venues', 'bybit,coinbase', '--equivalent-quotes', 'USDT,USD', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    sim.control.stall('bybit');
    await cli.waitForLog((line) => stateOf(line) === 'failover', 15_000);
    await sleep(3000);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const trades = records['trade'] ?? [];
    const coinbase = trades.filter((t) => t.value['exchange'] === 'coinbase');
    expect(coinbase.length).toBeGreaterThan(10);
    for (const t of coinbase) {
      expect(t.key).toBe(`${String(t.value['coin'])}-USDT`);
      expect(t.value).toMatchObject({ quote: 'USD', instrument: `${String(t.value['coin'])}-USDT`, isFallback: true });
      expect(String(t.value['symbol'])).toBe(`${String(t.value['coin'])}-USD`);
    }
    for (const t of trades.filter((r) => r.value['exchange'] === 'bybit')) expect(t.value).toMatchObject({ quote: 'USDT', instrument: null });
    expectTradesOnTape(trades, sim.control, ['bybit', 'coinbase']);
    // One key per instrument across the venues: a consumer of BTC-USDT kept getting prices.
    expect(new Set(trades.map((t) => t.key))).toEqual(new Set(['BTC-USDT', 'ETH-USDT']));
  });
});
