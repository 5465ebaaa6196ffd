import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/start-simulator.js';
import type { SimVenueName } from '../../simulator/index.js';
import { metricValue, type PipelineRun } from './pipeline-harness.js';

/** The whole market, as `run --instruments all` follows it, against a simulated universe with the venues' limits on. */
export const INSTRUMENTS = 2600;
export const REFRESH_MS = 10_000;
export const UNIVERSE_ARGS = (restUrl: string): string[] => [
  '--instruments',
  'all',
  '--quotes',
  'USDT,USDC',
  '--venues',
  'bybit,binance',
  '--bybit-rest-url',
  restUrl,
  '--catalog-refresh-ms',
  String(REFRESH_MS),
  '--klines',
  'false',
];

export const stateOf = (record: { readonly value: Readonly<Record<string, unknown>> }): string => String(record.value['state']);

export async function metrics(run: PipelineRun): Promise<string> {
  return (await fetch(`${run.healthUrl}/metrics`)).text();
}

/** Waits until every shard reports `subscribed` and the shards hold `atLeast` instruments; resolves to the time it took. */
export async function waitForSubscribedShards(run: PipelineRun, atLeast: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const text = await metrics(run);
    const instruments = metricValue(text, 'market_feed_shard_instruments');
    const shards = text.split('\n').filter((line) => line.startsWith('market_feed_shard_instruments{')).length;
    const subscribed = metricValue(text, 'market_feed_shard_state', { state: 'subscribed' });
    if (shards > 0 && subscribed === shards && instruments >= atLeast) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`after ${timeoutMs} ms: ${subscribed}/${shards} shards subscribed, ${instruments} instruments`);
    await sleep(500);
  }
}

/** The trades the simulator sent `venue`'s sockets live: a venue's backlog of recent trades sent on subscribe (Bitget's) is never taken in as trades. */
function liveTradesSent(run: PipelineRun, venue: SimVenueName): number {
  return run.sim.control.sentTrades(venue).filter((t) => t.backlog !== true).length;
}

/**
 * Waits until the pipeline has taken in as many trades of each venue as the simulator sent live in all (its
 * `market_feed_events_in_total`), so that a stop right after loses none of them however far a busy
 * machine put it behind. Call it once the venues stopped trading (`setTradeRate(venue, 0)`): while they
 * trade, the trades a fast socket takes in after a cutoff would count for those of a slower socket
 * still queued before it, and the stop would lose those. Fails when the count stops growing for 30 s.
 */
export async function caughtUpTo(run: PipelineRun, venues: readonly SimVenueName[]): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const text = await metrics(run);
    const behind = venues.filter((venue) => metricValue(text, 'market_feed_events_in_total', { exchange: venue, type: 'trade' }) < liveTradesSent(run, venue));
    if (behind.length === 0) return;
    const taken = metricValue(text, 'market_feed_events_in_total', { type: 'trade' });
    if (taken !== last) [last, since] = [taken, Date.now()];
    if (Date.now() - since > 30_000) throw new Error(`the pipeline took in no trade for 30 s, behind the simulator on ${behind.join(', ')}`);
    await sleep(250);
  }
}

/**
 * Waits until the pipeline has read what the venues sent before they stopped trading (call it after
 * `setTradeRate(venue, 0)` on each): for `quietMs` it took in no trade while it went on taking in book
 * views (the books still change without trades), so its sockets were being read and held no trade from
 * before the cutoff any more. A busy machine can hold the pipeline many seconds behind the venues, and a
 * stop then loses what it had not read. For a run with no exact count to wait for (`caughtUpTo`): a
 * dropped socket's last trades that never arrived, a rotation's overlap, trades swept from REST. Fails
 * after `timeoutMs`.
 */
export async function readUpToNow(run: PipelineRun, timeoutMs = 120_000, quietMs = 3_000): Promise<void> {
  const started = Date.now();
  const taken = async () => {
    const text = await metrics(run);
    return {
      trades: metricValue(text, 'market_feed_events_in_total', { type: 'trade' }),
      views: metricValue(text, 'market_feed_events_in_total', { type: 'order_book' }),
    };
  };
  let since = { at: Date.now(), ...(await taken()) };
  for (;;) {
    await sleep(250);
    const now = await taken();
    if (now.trades !== since.trades) since = { at: Date.now(), ...now };
    else if (Date.now() - since.at >= quietMs && now.views > since.views) return;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`after ${timeoutMs} ms the pipeline still took in trades, or no book views: ${now.trades} trades, ${now.views} views`);
    }
  }
}

/** SIGTERM, and exit 0 within 60 s; otherwise the pipeline's last log lines say where it was. */
export async function stopCleanly(run: PipelineRun): Promise<void> {
  const signalled = Date.now();
  const code = await run.cli.stop('SIGTERM', 60_000);
  const tail = run.cli.logs
    .slice(-15)
    .map((line) => JSON.stringify(line))
    .join('\n');
  // What is not a log line: a fatal error of V8 (out of memory), the end's own words (what was still open, a close that never returned).
  const said = run.cli.stderrText
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('{'))
    .slice(-10)
    .join('\n');
  const how = `${run.cli.ended ?? 'not ended'} ${Date.now() - signalled} ms after SIGTERM`;
  expect(code, `exit code after SIGTERM (${how}); last log lines:\n${tail}\nstderr besides:\n${said}`).toBe(0);
}

export function listings(sim: RunningSimulator, venue: SimVenueName): Map<string, string> {
  return new Map(
    sim.control
      .instruments(venue)
      .filter((listing) => listing.status === 'trading')
      .map((listing) => [`${listing.base}-${listing.quote}`, listing.symbol]),
  );
}
