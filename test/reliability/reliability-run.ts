import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach } from 'vitest';
import type { RunningSimulator } from '../../simulator/start-simulator.js';
import type { SimVenueName } from '../../simulator/index.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess, stateOf } from '../support/cli-process.js';
import { healthUrlOf, readAfterStall } from '../e2e/pipeline-harness.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';

/** Short timings so that every fault resolves within seconds; retries never run out. */
export const FAST_FEED_ARGS: readonly string[] = [
  '--stale-after-ms',
  '1500',
  '--failover-after-ms',
  '3000',
  '--retry-initial-delay-ms',
  '200',
  '--retry-max-delay-ms',
  '1000',
  '--retry-max-attempts',
  '1000',
  '--retry-reset-after-ms',
  '1000',
  '--stats-windows-ms',
  '1000',
];

export interface ReliabilityRunOptions {
  readonly brokers: string;
  readonly sim: RunningSimulator;
  /** The one venue the pipeline reads, so that "sent by the simulator" means "sent to the pipeline". */
  readonly venue: SimVenueName;
  /** `--venues` when more than the one venue is wanted (Binance-family venues all point at the simulator's Binance). */
  readonly venues?: string;
  readonly coins?: readonly string[];
  /** Topic prefix; default a fresh one. Pass the same one to a restarted process. */
  readonly prefix?: string;
  /** Spool directory; default a fresh one. Pass the same one to a restarted process. */
  readonly spoolDir?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** One `market-feed run` process on one simulated venue. */
export interface ReliabilityRun {
  readonly cli: CliProcess;
  readonly prefix: string;
  readonly spoolDir: string;
  readonly healthUrl: string;
}

export async function startRun(options: ReliabilityRunOptions): Promise<ReliabilityRun> {
  const prefix = options.prefix ?? `rel-${randomUUID().slice(0, 8)}.`;
  const spoolDir = options.spoolDir ?? mkdtempSync(join(tmpdir(), 'mf-rel-spool-'));
  const cli = new CliProcess(
    [
      'run',
      '--venues',
      options.venues ?? options.venue,
      '--coins',
      (options.coins ?? ['BTC', 'ETH']).join(','),
      '--bybit-url',
      options.sim.urls.bybit,
      '--binance-url',
      options.sim.urls.binance,
      '--binance-us-url',
      options.sim.urls.binance,
      '--binance-testnet-url',
      options.sim.urls.binance,
      // The venues' REST APIs (history for gap repair, depth snapshots) on the simulator too.
      '--binance-rest-url',
      options.sim.restUrl,
      '--binance-us-rest-url',
      options.sim.restUrl,
      '--binance-testnet-rest-url',
      options.sim.restUrl,
      '--bybit-rest-url',
      options.sim.restUrl,
      '--kafka-brokers',
      options.brokers,
      '--kafka-topic-prefix',
      prefix,
      '--kafka-partitions',
      '3',
      '--metrics-port',
      '0',
      '--spool-dir',
      spoolDir,
      ...FAST_FEED_ARGS,
      ...(options.args ?? []),
    ],
    options.env,
  );
  return { cli, prefix, spoolDir, healthUrl: await healthUrlOf(cli) };
}

/**
 * SIGKILLs `first` mid-stream, leaves the venue trading for `downMs` with nothing listening, runs
 * `whileDown` (e.g. to read what reached Kafka, or to spool something), then starts a second
 * process on the same topics and spool.
 */
export async function killAndRestart(
  options: ReliabilityRunOptions & { readonly first: ReliabilityRun; readonly downMs: number; readonly whileDown?: () => Promise<void> },
): Promise<ReliabilityRun> {
  const { first, downMs, whileDown, ...run } = options;
  await first.cli.stop('SIGKILL');
  await sleep(downMs);
  await whileDown?.();
  return startRun({ ...run, prefix: first.prefix, spoolDir: first.spoolDir });
}

/** Waits until the venue is subscribed and trades have flowed for a moment. */
export async function waitForData(run: ReliabilityRun, settleMs = 1500): Promise<void> {
  await run.cli.waitForLog((line) => stateOf(line) === 'subscribed', 30_000);
  await sleep(settleMs);
}

/** Stalls the venue (so "sent" has a clean end), lets the pipeline drain, and stops it with SIGTERM. */
export async function quiesceAndStop(sim: RunningSimulator, venue: SimVenueName, run: ReliabilityRun): Promise<number | null> {
  sim.control.stall(venue);
  await readAfterStall(run.healthUrl, venue);
  return run.cli.stop('SIGTERM', 60_000);
}

/** Every record in the run's topics, by record type (`trade`, `feed_status`, ..., `dead_letter`). */
export async function readRun(brokers: string, prefix: string): Promise<Readonly<Record<string, readonly ConsumedRecord[]>>> {
  const topics = sinkTopics(prefix);
  const byTopic = new Map<string, string>([
    ...Object.entries(topics.records).map(([type, topic]) => [topic, type] as const),
    [topics.deadLetters, 'dead_letter'],
  ]);
  const records = await readTopics(brokers.split(','), [...byTopic.keys()], { timeoutMs: 120_000 });
  return Object.fromEntries([...records].map(([topic, list]) => [byTopic.get(topic) ?? topic, list]));
}

/** The `/metrics` exposition of a running pipeline. */
export async function scrape(run: ReliabilityRun): Promise<string> {
  return (await fetch(`${run.healthUrl}/metrics`)).text();
}

/** The simulator and pipeline of the running test; `useScenario` stops both after each test. */
export interface Scenario {
  sim: RunningSimulator | undefined;
  run: ReliabilityRun | undefined;
}

/** Registers the after-each cleanup (SIGKILL the pipeline, close the simulator) for a test file. */
export function useScenario(): Scenario {
  const scenario: Scenario = { sim: undefined, run: undefined };
  afterEach(async () => {
    await scenario.run?.cli.stop('SIGKILL');
    await scenario.sim?.close();
    scenario.run = undefined;
    scenario.sim = undefined;
  });
  return scenario;
}
