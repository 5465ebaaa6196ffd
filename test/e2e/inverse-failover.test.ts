import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';
import { QUICK_FAILOVER_ARGS, expectTradesOnTape } from './venue-tape.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const VENUES = ['bybit_inverse', 'binance_coinm', 'deribit'] as const;
const value = (record: ConsumedRecord, field: string): unknown => record.value[field];
/** A log line of the status that moved the feed from one venue to another. */
const moved = (line: Record<string, unknown>, state: string, from: string, to: string): boolean => {
  const status = line['status'] as { fromExchange?: string; toExchange?: string } | undefined;
  return stateOf(line) === state && status?.fromExchange === from && status.toExchange === to;
};

describe('the inverse market: Bybit inverse, Binance COIN-M and Deribit (simulator -> pipeline process -> real Kafka)', () => {
  it("fails BTC-USD-INV-PERP over from a stalled Bybit inverse to Binance COIN-M, from a stalled COIN-M to Deribit, and back to Bybit, whose hole is then repaired; every trade is a venue's own, once, in the coin", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: [...VENUES], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: ['--markets', 'inverse', '--venues', VENUES.join(','), '--coins', 'BTC,ETH', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 30_000);
    await sleep(3000);
    sim.control.stall('bybit_inverse');
    await cli.waitForLog((line) => moved(line, 'failover', 'bybit_inverse', 'binance_coinm'), 15_000);
    await sleep(3000);
    sim.control.stall('binance_coinm');
    await cli.waitForLog((line) => moved(line, 'failover', 'binance_coinm', 'deribit'), 15_000);
    await sleep(3000);
    // Bybit first: the run goes back to it from Deribit, the best venue trading again.
    sim.control.stall('bybit_inverse', false);
    await cli.waitForLog((line) => moved(line, 'switch_back', 'deribit', 'bybit_inverse'), 20_000);
    sim.control.stall('binance_coinm', false);
    // Back on Bybit, a hole no socket saw: its trades are read back from the venue's latest and published.
    await sleep(2000);
    sim.control.refuseUpgrade('bybit_inverse', 503);
    sim.control.drop('bybit_inverse');
    await sleep(1500);
    sim.control.refuseUpgrade('bybit_inverse', undefined);
    await cli.waitForLog((line) => stateOf(line) === 'gap_repaired', 20_000);
    await sleep(2000);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.some((s) => s['state'] === 'gap_repaired' && s['exchange'] === 'bybit_inverse')).toBe(true);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, [...VENUES]);
    for (const t of trades) {
      expect(t.key).toMatch(/^(BTC|ETH)-USD-INV-PERP$/);
      expect(t.value).toMatchObject({ instrument: t.key, isFallback: value(t, 'exchange') !== 'bybit_inverse' });
    }
    expect(trades.some((t) => value(t, 'exchange') === 'bybit_inverse' && value(t, 'source') === 'repair')).toBe(true);
    const btc = trades.filter((t) => t.key === 'BTC-USD-INV-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['bybit_inverse', 'binance_coinm', 'deribit', 'bybit_inverse']);
    // Each venue sizes its contracts in USD; every published quantity is the coin the market traded.
    for (const venue of VENUES) {
      const made = new Map(sim.control.madeTrades(venue).map((m) => [`${m.symbol} ${m.venueTradeId}`, m.quantity]));
      const mine = trades.filter((t) => value(t, 'exchange') === venue);
      expect(mine.length, venue).toBeGreaterThan(5);
      for (const t of mine)
        expect(Number(value(t, 'quantity'))).toBeCloseTo(made.get(`${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`) ?? NaN, 9);
    }
  });
});
