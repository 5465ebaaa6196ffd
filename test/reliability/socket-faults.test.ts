import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import type { SimVenueName } from '../../simulator/index.js';
import { describeReconciliation, reconcileTrades, type Reconciliation } from './reconcile-trades.js';
import { quiesceAndStop, readRun, startRun, useScenario, waitForData } from './reliability-run.js';
import { stateOf } from '../support/cli-process.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

/** Closes with 1000, 1001, 1011 and a bare TCP drop (1006), `everyMs` apart, then stalls the open socket for 3 s. */
async function socketFaults(s: RunningSimulator, venue: SimVenueName, everyMs: number): Promise<void> {
  for (const fault of [1000, 1001, 1006, 1011]) {
    if (fault === 1006) s.control.drop(venue);
    else s.control.close(venue, fault, `closing with ${fault}`);
    await sleep(everyMs);
  }
  s.control.stall(venue);
  await sleep(3000);
  s.control.stall(venue, false);
  await sleep(2500);
}

function expectNoSilentLoss(r: Reconciliation): void {
  const summary = describeReconciliation(r);
  expect(r.unexplained, summary).toEqual([]);
  expect(r.duplicates, summary).toEqual([]);
  expect(r.unexpected, summary).toEqual([]);
  expect(r.uncoveredIds, summary).toEqual([]);
}

describe('socket faults: every trade sent on an open socket reaches Kafka once; what the venue never delivered is reported', () => {
  it('Binance: drops with 1000/1001/1006/1011 and a stall end in reconnects whose missing ids are gap statuses; serverShutdown rotates without a gap', async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50 }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance' }));
    await waitForData(run);
    await socketFaults(sim, 'binance', 2500);

    const shutdownAt = Date.now();
    sim.control.announceShutdown('binance');
    await run.cli.waitForLog((line) => line.msg === 'rotating connection', 10_000);
    await sleep(7000);
    expect(await quiesceAndStop(sim, 'binance', run)).toBe(0);

    const records = await readRun(brokers, run.prefix);
    const statuses = records['feed_status'] ?? [];
    const r = reconcileTrades({ exchange: 'binance', sent: sim.control.sentTrades('binance'), trades: records['trade'] ?? [], statuses, consecutiveIds: true });
    expectNoSilentLoss(r);
    expect(r.delivered).toBeGreaterThan(1500);
    // Trades generated while the socket was down (backoff, stall) are named by gap statuses.
    expect(r.gapIds).toBeGreaterThan(0);
    const values = statuses.map((s) => s.value);
    const reasons = values.filter((s) => s['state'] === 'disconnected').map((s) => String(s['reason']));
    for (const code of [1000, 1001, 1006, 1011])
      expect(
        reasons.some((reason) => reason.includes(`code ${code}`)),
        reasons.join('; '),
      ).toBe(true);
    expect(values.filter((s) => s['state'] === 'retry_scheduled').length).toBeGreaterThanOrEqual(4);
    expect(values.some((s) => s['state'] === 'feed_stale')).toBe(true);
    expect(values.some((s) => s['state'] === 'feed_recovered')).toBe(true);
    // The serverShutdown rotation overlaps two sockets: no disconnect, no gap, no duplicate after it.
    const afterShutdown = values.filter((s) => Number(s['ts']) >= shutdownAt);
    expect(afterShutdown.filter((s) => ['disconnected', 'gap', 'retry_scheduled'].includes(String(s['state'])))).toEqual([]);
    expect(sim.control.counters('binance').connectionsAccepted).toBeGreaterThanOrEqual(6);
  });

  it('Bybit: drops with 1000/1001/1006/1011 and a stall; undelivered trades (sparse ids) fall inside reported outages', async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50 }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'bybit' }));
    await waitForData(run);
    await socketFaults(sim, 'bybit', 2500);
    expect(await quiesceAndStop(sim, 'bybit', run)).toBe(0);

    const records = await readRun(brokers, run.prefix);
    const statuses = records['feed_status'] ?? [];
    const r = reconcileTrades({ exchange: 'bybit', sent: sim.control.sentTrades('bybit'), trades: records['trade'] ?? [], statuses });
    expectNoSilentLoss(r);
    expect(r.delivered).toBeGreaterThan(1000);
    const states = statuses.map((s) => String(s.value['state']));
    expect(states.filter((s) => s === 'disconnected').length).toBeGreaterThanOrEqual(4);
    expect(states.filter((s) => s === 'subscribed').length).toBeGreaterThanOrEqual(5);
    expect(states).toEqual(expect.arrayContaining(['feed_stale', 'feed_recovered', 'retry_scheduled']));
    expect(run.cli.logs.filter((line) => stateOf(line) === 'subscribed').length).toBeGreaterThanOrEqual(5);
  });

  it('Binance: a server that cuts every connection after 2 s (the 24 h cut, compressed) loses nothing silently', async () => {
    const sim = (scenario.sim = await startSimulator({
      coins: ['BTC', 'ETH'],
      tradesPerSecond: 50,
      venueOptions: { binance: { maxConnectionLifetimeMs: 2000 } },
    }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance' }));
    await waitForData(run, 0);
    await sleep(12_000);
    expect(await quiesceAndStop(sim, 'binance', run)).toBe(0);

    const records = await readRun(brokers, run.prefix);
    const r = reconcileTrades({
      exchange: 'binance',
      sent: sim.control.sentTrades('binance'),
      trades: records['trade'] ?? [],
      statuses: records['feed_status'] ?? [],
      consecutiveIds: true,
    });
    expectNoSilentLoss(r);
    expect(r.delivered).toBeGreaterThan(600);
    expect(sim.control.counters('binance').connectionsAccepted).toBeGreaterThanOrEqual(5);
  });
});

describe('shutdown during a connection rotation', () => {
  it('SIGTERM within the serverShutdown overlap closes both sockets and the process exits 0', async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50 }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance' }));
    await waitForData(run);
    sim.control.announceShutdown('binance');
    await run.cli.waitForLog((line) => line.msg === 'rotating connection', 10_000);
    await run.cli.waitForLog(
      (line) => stateOf(line) === 'subscribed' && line['msg'] !== undefined && sim !== undefined && sim.control.counters('binance').openConnections === 2,
      10_000,
    );
    expect(await run.cli.stop('SIGTERM', 15_000)).toBe(0);
    await sleep(500);
    expect(sim.control.counters('binance').openConnections).toBe(0);
  });
});
