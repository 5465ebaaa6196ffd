/** Child processes of the end-to-end and peer benchmarks: the simulator, the pipeline, and their /proc figures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * How benchmarks start `market-feed`: the built entry (`dist/src/cli/main.js`, what `make run` and
 * users run; `make bench` builds it first), or with `BENCH_FROM_SOURCE=1` the sources through tsx
 * (its loader adds memory and start-up time to the pipeline's figures).
 */
export function marketFeedEntry(): readonly string[] {
  // The sources transpiled once (the integration tests' build, test/support/cli-build.ts).
  const transpiled = process.env.BENCH_CLI_MAIN;
  if (transpiled !== undefined && transpiled !== '') return [transpiled];
  if (process.env.BENCH_FROM_SOURCE === '1') return ['--import', 'tsx', 'src/cli/main.ts'];
  const built = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`make build\` (or set BENCH_FROM_SOURCE=1)`);
  return [built];
}

/** Ten simulated symbols: the simulator's rate is per symbol, and keys spread over partitions. */
export const BENCH_COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT'] as const;

export interface SimProcess {
  readonly child: ChildProcess;
  readonly bybitUrl: string;
  readonly binanceUrl: string;
  readonly controlUrl: string;
}

/** Starts `bench/sim-process.ts` generating `totalRate` trades/s spread over `BENCH_COINS`. */
export async function startSimProcess(totalRate: number): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sim-process.ts', BENCH_COINS.join(','), String(totalRate / BENCH_COINS.length)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await once(lines, 'line')) as [string];
  lines.close();
  const urls = JSON.parse(first) as { bybitUrl: string; binanceUrl: string; controlUrl: string };
  return { child, ...urls };
}

/**
 * `market-feed run` on the simulator's Bybit over `BENCH_COINS` into `brokers`, its log in a fresh
 * folder; `BENCH_NODE_FLAGS` and `nodeFlags` go to node, `metricsPort` (0: any free one) to /metrics.
 */
export function spawnBenchRun(options: {
  readonly sim: SimProcess;
  readonly brokers: string;
  readonly name: string;
  readonly metricsPort: number;
  readonly nodeFlags?: readonly string[];
}): ChildProcess {
  const work = mkdtempSync(join(tmpdir(), `mf-${options.name}-`));
  const log = openSync(join(work, 'pipeline.log'), 'w');
  const benchFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  return spawn(
    process.execPath,
    [
      ...benchFlags,
      ...(options.nodeFlags ?? []),
      ...marketFeedEntry(),
      'run',
      '--venues',
      'bybit',
      '--coins',
      BENCH_COINS.join(','),
      '--bybit-url',
      options.sim.bybitUrl,
      '--kafka-brokers',
      options.brokers,
      '--kafka-topic-prefix',
      `${options.name}-${Date.now()}.`,
      '--kafka-partitions',
      '6',
      '--metrics-port',
      String(options.metricsPort),
      '--spool-dir',
      join(work, 'spool'),
      '--log-level',
      'warn',
      '--log-pretty',
      'false',
    ],
    { cwd: ROOT, stdio: ['ignore', log, log] },
  );
}

/** Trades the simulator generated on a venue so far. */
export async function simTradesSent(sim: SimProcess, venue: 'bybit' | 'binance'): Promise<number> {
  const response = await fetch(`${sim.controlUrl}/${venue}/counters`);
  const counters = (await response.json()) as { tradesSent?: number };
  return counters.tradesSent ?? 0;
}

/** Sends SIGTERM and waits for the exit (SIGKILL after `ms`). */
export async function stopProcess(child: ChildProcess, ms = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * CPU seconds (user + system) and RSS bytes of a process, from /proc; with the CPU seconds of the
 * children it has reaped (`reapedCpuSeconds`).
 */
export function procStats(pid: number): { readonly cpuSeconds: number; readonly reapedCpuSeconds: number; readonly rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const reapedTicks = Number(fields[13]) + Number(fields[14]);
    const rssPages = Number(fields[21]);
    return { cpuSeconds: ticks / 100, reapedCpuSeconds: reapedTicks / 100, rssBytes: rssPages * 4096 };
  } catch {
    return undefined;
  }
}

/** CPU use of a process over a window, in cores (1.0 = one core busy). */
export class CpuMeter {
  private readonly start: { readonly cpu: number; readonly at: number } | undefined;

  constructor(private readonly pid: number | undefined) {
    const stats = pid === undefined ? undefined : procStats(pid);
    this.start = stats === undefined ? undefined : { cpu: stats.cpuSeconds, at: performance.now() };
  }

  cores(): number {
    const now = this.pid === undefined ? undefined : procStats(this.pid);
    if (now === undefined || this.start === undefined) return Number.NaN;
    return (now.cpuSeconds - this.start.cpu) / ((performance.now() - this.start.at) / 1000);
  }
}

/** The pid of the local broker started by `scripts/kafka.sh` (from `KAFKA_RUN_DIR`), if any. */
export function brokerPid(runDir = process.env.KAFKA_RUN_DIR ?? '.cache/kafka/run'): number | undefined {
  try {
    const dir = runDir.startsWith('/') ? runDir : `${ROOT}${runDir}`;
    const pid = Number(readFileSync(`${dir}/broker.pid`, 'utf8').trim());
    return Number.isInteger(pid) && procStats(pid) !== undefined ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
