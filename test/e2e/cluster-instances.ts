import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/start-simulator.js';
import { afterEach } from 'vitest';
import { CliProcess, type LogLine } from '../support/cli-process.js';
import { until } from '../support/until.js';
import { openHandOvers } from '../support/hand-over-lines.js';

export const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK'];
export const SHARDS = 16;
export const SESSION_TIMEOUT_MS = 6_000;

/** Shards an instance said the group gave it, less those it said it gave up, from its log lines so far. */
export function heldBy(cli: CliProcess): Set<number> {
  const held = new Set<number>();
  for (const line of cli.logs) {
    const shards = line['shards'];
    if (!Array.isArray(shards)) continue;
    if (line.msg === 'shards assigned') for (const shard of shards) held.add(Number(shard));
    else if (line.msg === 'shards revoked' || (typeof line.msg === 'string' && line.msg.startsWith('shards lost')))
      for (const shard of shards) held.delete(Number(shard));
  }
  return held;
}

const count = (cli: CliProcess, match: (msg: string) => boolean): number =>
  cli.logs.filter((line: LogLine) => typeof line.msg === 'string' && match(line.msg)).length;

/** Whether an instance has no hand-over under way (see `openHandOvers` of its log lines). */
export const handOversDone = (cli: CliProcess): boolean => openHandOvers(cli.logs, heldBy(cli)).length === 0;

/**
 * Waits until `members` hold every shard between them, none twice (each at least one, unless
 * `everyMember` is false), with no hand-over under way, and
 * still do half a second later with no hand-over line written meanwhile: an instance writes a change
 * of the group (`shards assigned`) and the hand-overs it starts one after the other, and they may
 * reach this process a moment apart.
 */
export async function settled(
  members: readonly CliProcess[],
  what: string,
  timeoutMs = 60_000,
  { everyMember = true }: { readonly everyMember?: boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const holds = (): boolean =>
    members.reduce((n, cli) => n + heldBy(cli).size, 0) === SHARDS && members.every((cli) => (!everyMember || heldBy(cli).size > 0) && handOversDone(cli));
  const picture = (): string =>
    members.map((cli) => `${[...heldBy(cli)].sort((x, y) => x - y).join(',')}/${count(cli, (msg) => msg.startsWith('shard hand-over'))}`).join(' ');
  // A failure says, on its first line (the one a CI summary keeps), what each instance holds and which
  // hand-overs are still under way, with the last line of each.
  const told = (): string =>
    members
      .map((cli, i) => {
        const held = heldBy(cli);
        const open = openHandOvers(cli.logs, held).map(({ shard, side, last }) => ` (shard ${shard} ${side}: ${last})`);
        // Its last words of the group, for one that holds nothing.
        const group = cli.logs.filter((line) => typeof line.msg === 'string' && /^(shards |joining|leaving|cluster|rebalance)/.test(line.msg)).slice(-3);
        const last = group.map((line) => ` [${String(line.msg).slice(0, 120)}]`).join('');
        return `instance ${i + 1} holds ${[...held].sort((x, y) => x - y).join(',') || 'nothing'}${open.join('')}${last}`;
      })
      .join('; ');
  for (;;) {
    try {
      await until(`${what}: every shard held once, no hand-over under way`, holds, Math.max(0, deadline - Date.now()));
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${told()}`);
    }
    const seen = picture();
    await sleep(500);
    if (holds() && picture() === seen) return;
  }
}

/** Starts instances one after another, each once those before it have settled: every shard held, none twice. */
export async function joinOneByOne(start: (instanceId: string) => CliProcess, ids: readonly string[]): Promise<CliProcess[]> {
  const members: CliProcess[] = [];
  for (const id of ids) {
    members.push(start(id));
    await settled(members, `${ids.slice(0, members.length).join(', ')} joined`);
  }
  return members;
}

export interface TestCluster {
  readonly sim: RunningSimulator;
  /** Starts an instance of the cluster (a static member with an id). */
  readonly start: (instanceId?: string) => CliProcess;
  readonly prefix: string;
  /** Its instances' consumer group (`market-feed.<cluster name>`). */
  readonly groupId: string;
  /** The brokers its instances write to. */
  readonly brokers: string;
}

/**
 * A simulator and a cluster of fresh name and topics on one venue: `start(id)` starts an instance
 * of it. Every instance started is remembered in `instances`, for the test's clean-up.
 */
export async function testCluster(
  brokers: string,
  instances: CliProcess[],
  venue: 'bybit' | 'binance' = 'bybit',
  options: {
    readonly simulator?: Partial<SimulatorOptions>;
    readonly args?: readonly string[];
    readonly coins?: readonly string[];
    /** The instances' session timeout; default `SESSION_TIMEOUT_MS`. */
    readonly sessionTimeoutMs?: number;
  } = {},
): Promise<TestCluster> {
  const coins = options.coins ?? COINS;
  const sim = await startSimulator({ coins: [...coins], tradesPerSecond: 20, tickerIntervalMs: 500, ...options.simulator });
  const prefix = `e2e-cluster-${randomUUID().slice(0, 8)}.`;
  const name = `c-${randomUUID().slice(0, 8)}`;
  const start = (instanceId?: string): CliProcess => {
    const cli = new CliProcess([
      'run',
      '--coins',
      coins.join(','),
      '--venues',
      venue,
      ...(venue === 'bybit'
        ? ['--bybit-url', sim.urls.bybit, '--bybit-rest-url', sim.restUrl]
        : ['--binance-url', sim.urls.binance, '--binance-rest-url', sim.restUrl]),
      '--kafka-brokers',
      brokers,
      '--kafka-topic-prefix',
      prefix,
      '--kafka-partitions',
      '3',
      '--metrics-port',
      '0',
      '--spool-dir',
      mkdtempSync(join(tmpdir(), 'mf-spool-')),
      '--klines',
      'false',
      '--cluster',
      name,
      ...(instanceId === undefined ? [] : ['--instance-id', instanceId]),
      '--cluster-shards',
      String(SHARDS),
      '--cluster-session-timeout-ms',
      String(options.sessionTimeoutMs ?? SESSION_TIMEOUT_MS),
      ...(options.args ?? []),
    ]);
    instances.push(cli);
    return cli;
  };
  return { sim, start, prefix, groupId: `market-feed.${name}`, brokers };
}

/**
 * The clusters of a test file, each test's torn down after it: `cluster(brokers, venue, options)`
 * starts a simulator and a cluster of fresh name and topics (see `testCluster`); after each test
 * every instance started is SIGKILLed and the simulators are closed. `instances`: every instance
 * started by the test running (their logs).
 */
export function clustersPerTest(): {
  readonly instances: CliProcess[];
  readonly cluster: (brokers: string, venue?: 'bybit' | 'binance', options?: Parameters<typeof testCluster>[3]) => Promise<TestCluster>;
} {
  const instances: CliProcess[] = [];
  const sims: RunningSimulator[] = [];
  afterEach(async () => {
    for (const cli of instances.splice(0)) await cli.stop('SIGKILL');
    for (const sim of sims.splice(0)) await sim.close();
  });
  return {
    instances,
    cluster: async (brokers, venue = 'bybit', options = {}) => {
      const started = await testCluster(brokers, instances, venue, options);
      sims.push(started.sim);
      return started;
    },
  };
}
