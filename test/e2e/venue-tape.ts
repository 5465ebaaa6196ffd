import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { SimVenueName } from '../../simulator/index.js';
import type { SimulatorControl } from '../../simulator/simulator-control.js';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import type { PipelineRun } from './pipeline-harness.js';

/** A stalled venue fails over within 1.5 s and its shards come back 3 s after it recovers. */
export const QUICK_FAILOVER_ARGS = ['--failover-after-ms', '1500', '--switch-back-after-ms', '3000', '--probe-interval-ms', '1000'];

/**
 * Once the run is subscribed and a second later, a fall then a rise of `venue`'s prices: longs, then
 * shorts, are liquidated.
 */
export async function liquidationSwings(run: PipelineRun, venue: SimVenueName): Promise<void> {
  await run.cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
  await sleep(1000);
  run.sim.control.movePrice(venue, { pct: -4, durationMs: 2000, buyRatio: 0.1 });
  await sleep(2500);
  run.sim.control.movePrice(venue, { pct: 4, durationMs: 2000, buyRatio: 0.9 });
  await sleep(3500);
}

/**
 * Once the run is subscribed and `beforeMs` later, stalls `venue` until the run has failed over and
 * `holdMs` more, then lets it trade again; once the run has switched back and `settleMs` later, stops
 * the run (it must exit 0).
 */
export async function stallAndRecover(
  run: PipelineRun,
  venue: SimVenueName,
  ms: { readonly beforeMs: number; readonly holdMs: number; readonly settleMs: number },
): Promise<void> {
  const { sim, cli } = run;
  await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
  await sleep(ms.beforeMs);
  sim.control.stall(venue);
  await cli.waitForLog((line) => stateOf(line) === 'failover', 15_000);
  await sleep(ms.holdMs);
  sim.control.stall(venue, false);
  await cli.waitForLog((line) => stateOf(line) === 'switch_back', 20_000);
  await sleep(ms.settleMs);
  expect(await cli.stop('SIGTERM')).toBe(0);
}

/**
 * Once the run is subscribed and `beforeMs` later, drops `venue`'s sockets and refuses new ones for
 * 2.5 s (a hole no socket saw); once the run says the gap is repaired and `settleMs` later, stops the
 * run (it must exit 0).
 */
export async function holeAndRepair(
  run: PipelineRun,
  venue: SimVenueName,
  ms: { readonly subscribedWithinMs: number; readonly beforeMs: number; readonly settleMs: number },
): Promise<void> {
  const { sim, cli } = run;
  await cli.waitForLog((line) => stateOf(line) === 'subscribed', ms.subscribedWithinMs);
  await sleep(ms.beforeMs);
  sim.control.refuseUpgrade(venue, 503);
  sim.control.drop(venue);
  await sleep(2500);
  sim.control.refuseUpgrade(venue, undefined);
  await cli.waitForLog((line) => stateOf(line) === 'gap_repaired', 20_000);
  await sleep(ms.settleMs);
  expect(await cli.stop('SIGTERM')).toBe(0);
}

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

/**
 * The trade ids (as published) of `exchange` in each run of its trades among `trades` (one instrument's,
 * in the order published): the stretches a venue served between failovers.
 */
export function stretchesOf(trades: readonly ConsumedRecord[], exchange: string): string[][] {
  const stretches: string[][] = [];
  let previous: string | undefined;
  for (const t of trades) {
    const venue = field(t, 'exchange');
    if (venue === exchange) {
      if (previous !== exchange) stretches.push([]);
      stretches.at(-1)?.push(field(t, 'tradeId'));
    }
    previous = venue;
  }
  return stretches;
}

/**
 * The trades `exchange` made of the instrument `key` (the simulator's tape) inside each stretch of its trades
 * the feed published, from the stretch's first id to its last, that are not published: a hole while it
 * served. For ids that rise with time but skip (Bitget's, Gate's), a stretch is bounded by its ids compared
 * as whole numbers.
 */
export function missingWhileServed(run: PipelineRun | undefined, trades: readonly ConsumedRecord[], exchange: SimVenueName, key: string): readonly string[] {
  const ofKey = trades.filter((t) => t.key === key);
  const published = new Set(ofKey.filter((t) => field(t, 'exchange') === exchange).map((t) => field(t, 'tradeId')));
  const stretches = stretchesOf(ofKey, exchange).map((ids) => ids.map(BigInt));
  const first = ofKey.find((t) => field(t, 'exchange') === exchange);
  const symbol = first === undefined ? '' : field(first, 'symbol');
  const made = run?.sim.control.madeTrades(exchange, symbol) ?? [];
  const missing: string[] = [];
  for (const ids of stretches) {
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const [low, high] = [sorted[0] ?? 0n, sorted.at(-1) ?? 0n];
    for (const t of made) {
      const id = BigInt(t.venueTradeId);
      if (id >= low && id <= high && !published.has(t.venueTradeId)) missing.push(`${symbol} ${t.venueTradeId}`);
    }
  }
  return missing;
}
