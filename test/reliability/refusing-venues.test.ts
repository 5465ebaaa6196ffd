import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../simulator/start-simulator.js';
import { metricValue } from '../e2e/pipeline-harness.js';
import { readRun, scrape, startRun, useScenario } from './reliability-run.js';
import { stateOf } from '../support/cli-process.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

describe('every venue refusing the upgrade (403, 451)', () => {
  it('reports geo_blocked for each venue and all_sources_down with a growing delay, stays up and ready-false, and does not spin the CPU', async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 20 }));
    sim.control.refuseUpgrade('bybit', 403);
    sim.control.refuseUpgrade('binance', 451);
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'bybit', venues: 'bybit,binance,binance_us,binance_testnet' }));
    await run.cli.waitForLog((line) => stateOf(line) === 'all_sources_down', 15_000);

    const cpuBefore = metricValue(await scrape(run), 'market_feed_process_cpu_seconds_total');
    const refusedBefore = sim.control.counters('bybit').upgradesRefused;
    const windowStart = Date.now();
    await sleep(12_000);
    const metrics = await scrape(run);
    const cpuSeconds = metricValue(metrics, 'market_feed_process_cpu_seconds_total') - cpuBefore;
    const wallSeconds = (Date.now() - windowStart) / 1000;
    // Idle but for backoff timers: well under a tenth of one core (a spin would use a whole one).
    expect(cpuSeconds / wallSeconds, `${cpuSeconds.toFixed(2)} s of CPU in ${wallSeconds.toFixed(1)} s`).toBeLessThan(0.1);
    // The all-down backoff doubles from 1 s: a handful of upgrade attempts in 12 s, not hundreds.
    expect(sim.control.counters('bybit').upgradesRefused - refusedBefore).toBeLessThanOrEqual(5);
    expect(metricValue(metrics, 'market_feed_geo_blocks_total', { exchange: 'bybit' })).toBeGreaterThanOrEqual(1);

    expect((await fetch(`${run.healthUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${run.healthUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('no market data yet');

    const logged = run.cli.statuses();
    for (const exchange of ['bybit', 'binance', 'binance_us', 'binance_testnet']) {
      const blocked = logged.find((s) => s['state'] === 'geo_blocked' && s['exchange'] === exchange);
      expect(blocked, `geo_blocked for ${exchange}`).toBeDefined();
      expect(String(blocked?.['reason'])).toContain(exchange === 'bybit' ? '403' : '451');
    }
    expect(logged.filter((s) => s['state'] === 'retry_scheduled')).toEqual([]);
    const delays = logged.filter((s) => s['state'] === 'all_sources_down').map((s) => Number(s['delayMs']));
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(delays.slice(0, 3)).toEqual([...delays.slice(0, 3)].sort((a, b) => a - b));
    expect(delays.at(-1)).toBeGreaterThan(delays[0] ?? Infinity);

    expect(await run.cli.stop('SIGTERM', 60_000)).toBe(0);
    const records = await readRun(brokers, run.prefix);
    expect(records['trade'] ?? []).toEqual([]);
    const states = (records['feed_status'] ?? []).map((s) => s.value['state']);
    expect(states).toEqual(expect.arrayContaining(['geo_blocked', 'all_sources_down']));
  });
});
