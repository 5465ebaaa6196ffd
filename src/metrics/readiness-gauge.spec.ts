import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Readiness } from './health-server.js';
import { ReadinessGauge } from './readiness-gauge.js';

function readyValue(exposition: string): number | undefined {
  const match = /^market_feed_ready (\S+)$/m.exec(exposition);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

describe('ReadinessGauge', () => {
  it('reads 0 before a readiness source is watched', async () => {
    const registry = new Registry();
    new ReadinessGauge(registry);
    expect(readyValue(await registry.metrics())).toBe(0);
  });

  it('shows 1 while ready and 0 while not, evaluated at each scrape', async () => {
    const registry = new Registry();
    const gauge = new ReadinessGauge(registry);
    let readiness: Readiness = { ready: true, reasons: [] };
    let asked = 0;
    gauge.watch(() => {
      asked++;
      return readiness;
    });
    expect(readyValue(await registry.metrics())).toBe(1);
    readiness = { ready: false, reasons: ['bybit: feed_stale'] };
    expect(readyValue(await registry.metrics())).toBe(0);
    readiness = { ready: true, reasons: [] };
    expect(readyValue(await registry.metrics())).toBe(1);
    expect(asked).toBe(3);
  });
});
