import { describe, expect, it } from 'vitest';
import { bybitProtocol } from './venues/bybit/sim-bybit-protocol.js';
import { seededRandom } from './seeded-random.js';
import { SimVenue } from './sim-venue.js';
import { SimulatedMarket } from './simulated-market.js';

const venueAt = (tradesPerSecond: number): SimVenue => {
  const symbols = ['BTC', 'ETH', 'SOL'].map((coin) => ({ symbol: `${coin}USDT`, coin }));
  return new SimVenue({
    name: 'bybit',
    symbolOf: (base, quote) => `${base}${quote}`,
    protocol: bybitProtocol,
    market: new SimulatedMarket({ symbols, seed: 1, idStep: 'sparse' }),
    random: seededRandom(2),
    tradesPerSecond,
    tickerIntervalMs: 1000,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: 0,
    logCapacity: 10,
    clock: () => 0,
  });
};

describe('SimVenue generation budget', () => {
  it('generates exactly the rate over time when a tick comes a second late (25,000/s per symbol, 10 ms ticks)', () => {
    const venue = venueAt(25_000);
    for (let n = 0; n < 100; n += 1) venue.tick(10);
    expect(venue.counters.tradesGenerated).toBe(3 * 25_000);
    venue.tick(1000);
    expect(venue.counters.tradesGenerated).toBe(3 * 50_000);
  });

  it('carries fractions of a trade from tick to tick (25/s per symbol is one trade every fourth 10 ms tick)', () => {
    const venue = venueAt(25);
    const counts: number[] = [];
    for (let n = 0; n < 8; n += 1) {
      venue.tick(10);
      counts.push(venue.counters.tradesGenerated);
    }
    expect(counts).toEqual([0, 0, 0, 3, 3, 3, 3, 6]);
  });
});
