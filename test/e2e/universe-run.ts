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

/** SIGTERM, and exit 0 within 60 s; otherwise the pipeline's last log lines say where it was. */
export async function stopCleanly(run: PipelineRun): Promise<void> {
  const code = await run.cli.stop('SIGTERM', 60_000);
  const tail = run.cli.logs
    .slice(-15)
    .map((line) => JSON.stringify(line))
    .join('\n');
  expect(code, `exit code after SIGTERM; last log lines:\n${tail}`).toBe(0);
}

export function listings(sim: RunningSimulator, venue: SimVenueName): Map<string, string> {
  return new Map(
    sim.control
      .instruments(venue)
      .filter((listing) => listing.status === 'trading')
      .map((listing) => [`${listing.base}-${listing.quote}`, listing.symbol]),
  );
}
