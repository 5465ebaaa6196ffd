import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { quiesceAndStop, readRun, startRun, waitForData, useScenario } from './reliability-run.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

/** Highest trade id per symbol among trade records. */
function highestIds(trades: readonly ConsumedRecord[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const { value } of trades) {
    const symbol = String(value['symbol']);
    highest.set(symbol, Math.max(highest.get(symbol) ?? 0, Number(value['tradeId'])));
  }
  return highest;
}

describe('a pipeline killed and restarted on the same topics', () => {
  it('reports the Binance trade ids missing across a SIGKILL and restart as one gap per symbol, from the last id in Kafka to the first id after', async () => {
    const sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 40 });
    scenario.sim = sim;
    const first = await startRun({ brokers, sim, venue: 'binance' });
    scenario.run = first;
    await waitForData(first, 2000);

    await first.cli.stop('SIGKILL');
    await sleep(1500); // the venue keeps trading while nothing listens
    const sentBefore = sim.control.sentTrades('binance');
    const oldConnections = new Set(sentBefore.map((sent) => sent.connectionId));
    const inKafkaBefore = highestIds((await readRun(brokers, first.prefix))['trade'] ?? []);
    expect([...inKafkaBefore.keys()].sort()).toEqual(['BTCUSDT', 'ETHUSDT']);

    const second = await startRun({ brokers, sim, venue: 'binance', prefix: first.prefix, spoolDir: first.spoolDir });
    scenario.run = second;
    await waitForData(second, 2000);
    expect(await quiesceAndStop(sim, 'binance', second)).toBe(0);

    // The first trade the restarted process was sent, per symbol, from the simulator's log.
    const firstAfter = new Map<string, number>();
    for (const sent of sim.control.sentTrades('binance').slice(sentBefore.length)) {
      if (!oldConnections.has(sent.connectionId) && !firstAfter.has(sent.symbol)) firstAfter.set(sent.symbol, sent.tradeId);
    }
    const records = await readRun(brokers, first.prefix);
    const tradeKeys = new Set((records['trade'] ?? []).map(({ value }) => `${String(value['symbol'])}/${String(value['tradeId'])}`));
    const gaps = (records['feed_status'] ?? []).map(({ value }) => value).filter((status) => status['state'] === 'gap');
    const loggedGaps = second.cli.statuses().filter((status) => status['state'] === 'gap');

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const lastBefore = inKafkaBefore.get(symbol) ?? NaN;
      const nextAfter = firstAfter.get(symbol) ?? NaN;
      // A real hole: the simulator moved on while the pipeline was down, and the first trade after is in Kafka.
      expect(nextAfter - lastBefore, symbol).toBeGreaterThan(1 + 20);
      expect(tradeKeys.has(`${symbol}/${nextAfter}`), `${symbol}/${nextAfter} in Kafka`).toBe(true);
      const expected = {
        exchange: 'binance',
        symbol,
        missingFrom: lastBefore + 1,
        missingTo: nextAfter - 1,
        reason: `trade ids ${lastBefore + 1}..${nextAfter - 1} missing across a restart`,
      };
      expect(gaps.filter((gap) => gap['symbol'] === symbol)).toEqual([expect.objectContaining(expected)]);
      expect(loggedGaps.filter((gap) => gap['symbol'] === symbol)).toEqual([expect.objectContaining(expected)]);
    }
    const seeded = second.cli.logs.find((line) => line.msg === 'last trade ids read back from Kafka');
    expect(seeded?.['symbols']).toBe(2);
    console.info(`start-up read of the last trade ids: ${String(seeded?.['elapsedMs'])} ms, ${String(seeded?.['records'])} records`);
  });
});
