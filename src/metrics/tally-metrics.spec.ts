import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TallyCounter } from './tally-counter.js';
import { TallyHistogram } from './tally-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: readonly (readonly [string, number])[] = [
  ['bybit', 0.0005],
  ['bybit', 0.001],
  ['bybit', 0.0011],
  ['binance', 0.05],
  ['bybit', 0.7],
  ['bybit', 3],
  ['binance', 1],
];

/** The text exposition of one metric in a registry of its own. */
async function exposition(register: (registry: Registry) => void): Promise<string> {
  const registry = new Registry();
  register(registry);
  return registry.metrics();
}

describe('TallyHistogram', () => {
  it('exposes the same text as prom-client’s own histogram for the same observations', async () => {
    const expected = await exposition((registry) => {
      const histogram = new Histogram({ name: 'lag_seconds', help: 'Lag', labelNames: ['exchange'], buckets: BUCKETS, registers: [registry] });
      for (const [exchange, value] of OBSERVATIONS) histogram.observe({ exchange }, value);
    });
    const actual = await exposition((registry) => {
      const histogram = new TallyHistogram({ name: 'lag_seconds', help: 'Lag', labelNames: ['exchange'], buckets: BUCKETS, registers: [registry] });
      const slots = { bybit: histogram.slot({ exchange: 'bybit' }), binance: histogram.slot({ exchange: 'binance' }) };
      for (const [exchange, value] of OBSERVATIONS) histogram.record(exchange === 'bybit' ? slots.bybit : slots.binance, value);
    });
    expect(actual).toBe(expected);
  });

  it('takes prom-client’s observe(labels, value) into the same tallies, and reset() empties them', async () => {
    const registry = new Registry();
    const histogram = new TallyHistogram({ name: 'lag_seconds', help: 'Lag', labelNames: ['exchange'], buckets: BUCKETS, registers: [registry] });
    histogram.record(histogram.slot({ exchange: 'bybit' }), 0.002);
    histogram.observe({ exchange: 'bybit' }, 0.003);
    expect(await registry.metrics()).toContain('lag_seconds_count{exchange="bybit"} 2');
    histogram.reset();
    expect(await registry.metrics()).not.toContain('lag_seconds_count');
  });
});

describe('TallyCounter', () => {
  it('exposes the same text as prom-client’s own counter once read, with the increments made since', async () => {
    const registry = new Registry();
    const counter = new TallyCounter({ name: 'events_total', help: 'Events', labelNames: ['exchange', 'type'], registers: [registry] });
    const trade = counter.slot({ exchange: 'bybit', type: 'trade' });
    counter.add(trade);
    counter.add(trade, 4);
    counter.add(counter.slot({ type: 'tick', exchange: 'bybit' }));
    const expected = await exposition((own) => {
      const plain = new Counter({ name: 'events_total', help: 'Events', labelNames: ['exchange', 'type'], registers: [own] });
      plain.inc({ exchange: 'bybit', type: 'trade' }, 5);
      plain.inc({ exchange: 'bybit', type: 'tick' });
    });
    expect(await registry.metrics()).toBe(expected);
    counter.add(trade, 2);
    expect(await registry.metrics()).toContain('events_total{exchange="bybit",type="trade"} 7');
  });
});
