import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/start-simulator.js';
import { SIM_VENUE_IDS } from '../../simulator/sim-venues.js';
import { isPipelineVenue } from '../../simulator/sim-venue-id.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess } from '../support/cli-process.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';

/** A simulator, `market-feed run` as a child process writing to fresh topics, and readers for both. */
export interface PipelineRun {
  readonly sim: RunningSimulator;
  readonly cli: CliProcess;
  readonly prefix: string;
  /** `http://127.0.0.1:<port>` of /metrics, /healthz, /readyz. */
  readonly healthUrl: string;
  /** Every record now in the run's topics, by record type (`trade`, `feed_status`, ..., `dead_letter`). */
  read(): Promise<Readonly<Record<string, readonly ConsumedRecord[]>>>;
  close(): Promise<void>;
}

export async function startPipeline(options: {
  readonly brokers: string;
  readonly args?: readonly string[];
  readonly simulator?: SimulatorOptions;
  /** Confluent framing against this schema registry (`--schema-registry-url`), read back through it too. */
  readonly registryUrl?: string;
  /** Called after the simulator starts and before the pipeline connects (e.g. to inject a fault). */
  readonly beforeRun?: (sim: RunningSimulator) => void;
  /** More arguments of `run` that need the simulator's addresses (e.g. its REST URL). */
  readonly argsOf?: (sim: RunningSimulator) => readonly string[];
}): Promise<PipelineRun> {
  const sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 10, tickerIntervalMs: 200, ...options.simulator });
  options.beforeRun?.(sim);
  const prefix = `e2e-${randomUUID().slice(0, 8)}.`;
  const cli = new CliProcess([
    'run',
    '--coins',
    (options.simulator?.coins ?? ['BTC', 'ETH']).join(','),
    ...simulatedVenueArgs(sim),
    '--kafka-brokers',
    options.brokers,
    '--kafka-topic-prefix',
    prefix,
    '--kafka-partitions',
    '3',
    '--metrics-port',
    '0',
    '--spool-dir',
    mkdtempSync(join(tmpdir(), 'mf-spool-')),
    '--stats-windows-ms',
    '1000',
    ...(options.registryUrl === undefined ? [] : ['--schema-registry-url', options.registryUrl]),
    ...(options.args ?? []),
    ...(options.argsOf?.(sim) ?? []),
  ]);
  const healthUrl = await healthUrlOf(cli);
  const topics = sinkTopics(prefix);
  const byTopic = new Map<string, string>([
    ...Object.entries(topics.records).map(([type, topic]) => [topic, type] as const),
    [topics.deadLetters, 'dead_letter'],
  ]);
  return {
    sim,
    cli,
    prefix,
    healthUrl,
    async read() {
      const records = await readTopics(
        options.brokers.split(','),
        [...byTopic.keys()],
        options.registryUrl === undefined ? {} : { registryUrl: options.registryUrl },
      );
      return Object.fromEntries([...records].map(([topic, list]) => [byTopic.get(topic) ?? topic, list]));
    },
    async close() {
      if ((await Promise.race([cli.exited.then(() => true), Promise.resolve(false)])) === false) await cli.stop('SIGKILL');
      await sim.close();
    },
  };
}

/** `name{labels} value` lines of a Prometheus exposition, summed over the series matching `labels`. */
export function metricValue(exposition: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Where a `run` process serves `/metrics`, `/healthz` and `/readyz`, once it says so (within 60 s). */
export async function healthUrlOf(cli: CliProcess): Promise<string> {
  return String((await cli.waitForLog((line) => line.msg === 'metrics, /healthz and /readyz listening', 60_000))['url']);
}

/**
 * Waits until the pipeline processes at `healthUrls` have read what a stalled venue sent (call it after
 * `stall`): at least `minMs` after the call, and then until they have taken in no event of `exchange` of
 * `types` (trades by default) for a second, by their `/metrics`. A stop stops the reading, so a busy
 * machine that held a pipeline behind its sockets would otherwise lose what the venue sent before the
 * stall. Fails after 60 s of events still coming.
 */
export async function readAfterStall(
  healthUrls: string | readonly string[],
  exchange: string,
  { minMs = 1_500, types = ['trade'] }: { readonly minMs?: number; readonly types?: readonly string[] } = {},
): Promise<void> {
  const taken = async (): Promise<number> => {
    const expositions = await Promise.all([healthUrls].flat().map(async (url) => (await fetch(`${url}/metrics`)).text()));
    return expositions.reduce((sum, text) => sum + types.reduce((n, type) => n + metricValue(text, 'market_feed_events_in_total', { exchange, type }), 0), 0);
  };
  await settled(taken, { minMs, what: `the pipeline's ${exchange} ${types.join(', ')}` });
}

/**
 * Resolves once `count` (read every 250 ms) has not moved for `quietMs`, at least `minMs` after the call, or
 * has reached `target`. Fails after 60 s of it still moving.
 */
export async function settled(
  count: () => Promise<number>,
  { minMs = 0, quietMs = 1_000, target, what }: { readonly minMs?: number; readonly quietMs?: number; readonly target?: number; readonly what: string },
): Promise<void> {
  const calledAt = Date.now();
  let last = { count: await count(), at: Date.now() };
  while (last.count !== target && (Date.now() - calledAt < minMs || Date.now() - last.at < quietMs)) {
    await sleep(250);
    const now = await count();
    if (now !== last.count) last = { count: now, at: Date.now() };
    if (Date.now() - calledAt > 60_000) throw new Error(`${what} still moved 60 s on`);
  }
}

/**
 * Every simulated venue's WebSocket and REST URL flags that the pipeline reads (`--<venue>-url`, `--<venue>-rest-url`, named
 * after its id), Binance US and the testnet on the simulated Binance.
 */
export function simulatedVenueArgs(sim: RunningSimulator): string[] {
  const dashed = (id: string): string => id.replaceAll('_', '-');
  const family = ['binance-us', 'binance-testnet'].flatMap((venue) => [`--${venue}-url`, sim.urls.binance, `--${venue}-rest-url`, sim.restUrl]);
  return [...SIM_VENUE_IDS.filter(isPipelineVenue).flatMap((id) => [`--${dashed(id)}-url`, sim.urls[id], `--${dashed(id)}-rest-url`, sim.restUrl]), ...family];
}
