import { expect } from 'vitest';
import type { SimVenueName } from '../../src/simulator/sim-venue-protocol.js';
import type { SimulatorControl } from '../../src/simulator/simulator-control.js';
import type { ConsumedRecord } from '../support/topic-reader.js';

/** A stalled venue fails over within 1.5 s and its shards come back 3 s after it recovers. */
export const QUICK_FAILOVER_ARGS = ['--failover-after-ms', '1500', '--switch-back-after-ms', '3000', '--probe-interval-ms', '1000'];

const field = (record: ConsumedRecord, name: string): string => String(record.value[name]);

/**
 * Every published trade is one its venue made, on the simulator's tape (by the venue's own id),
 * at its price; none is published twice. Trades of a venue not in `venues` fail.
 */
export function expectTradesOnTape(trades: readonly ConsumedRecord[], control: SimulatorControl, venues: readonly SimVenueName[]): void {
  const made = new Map<string, ReadonlyMap<string, number>>(
    venues.map((venue) => [venue, new Map(control.madeTrades(venue).map((t) => [`${t.symbol} ${t.venueTradeId}`, t.price]))]),
  );
  const seen = new Set<string>();
  for (const t of trades) {
    const key = `${field(t, 'exchange')} ${field(t, 'symbol')} ${field(t, 'tradeId')}`;
    expect(seen.has(key), `twice: ${key}`).toBe(false);
    seen.add(key);
    expect(made.get(field(t, 'exchange'))?.get(`${field(t, 'symbol')} ${field(t, 'tradeId')}`), `not made by the venue: ${key}`).toBe(t.value['price']);
  }
}

/**
 * The numeric trade ids of `exchange`'s trades of each symbol run on by one, in the order published
 * (`sorted`: once sorted, where a repair fills a hole after later trades), at least `atLeast` of each:
 * nothing of that venue is missing while it served.
 */
export function expectConsecutiveIds(
  trades: readonly ConsumedRecord[],
  exchange: string,
  symbols: readonly string[],
  atLeast: number,
  order: 'published' | 'sorted' = 'published',
): void {
  for (const symbol of symbols) {
    const ids = trades.filter((t) => field(t, 'exchange') === exchange && field(t, 'symbol') === symbol).map((t) => Number(t.value['tradeId']));
    if (order === 'sorted') ids.sort((a, b) => a - b);
    expect(ids.length, `${exchange} ${symbol}`).toBeGreaterThan(atLeast);
    expect(
      ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1),
      `${exchange} ${symbol}: ids run on by one`,
    ).toBe(true);
  }
}
