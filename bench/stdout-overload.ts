/**
 * `run --sink stdout` offered twice what it can deliver: its capacity is searched first, in the same
 * run and with the same reader (`capacity.ts`'s search: >= 99 % delivered, p99 < 250 ms), then the
 * simulator offers 2x that for `seconds`. The reader is this process: it splits the pipe into lines
 * and parses each as JSON (a real consumer's work), counting trades and taking simulator send ->
 * delivered from each trade's `exchangeTs`. Reported beside the capacity probe: delivered trades/s
 * (target >= 90 % of capacity), p99, and the pipeline's CPU per delivered trade. With
 * `BENCH_STDOUT_COMPARE_MAIN` (another build's `main.js`), that build is offered the same 2x too.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatTable, percentile, type BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, marketFeedEntry, simTradesSent, sleep, startSimProcess, stopProcess, type SimProcess } from './bench-processes.js';
import { searchCapacity, type CapacityOptions } from './capacity.js';
import { stdoutRunArgs, type Delivery, type PeerOptions, type Venue } from './peer.js';

export interface StdoutOverloadOptions extends CapacityOptions {
  /** Length of the 2x probe, s (after its warm-up). */
  readonly overloadSeconds: number;
  /** Another build's `main.js` offered the same 2x, e.g. the code before a change. */
  readonly compareMain?: string;
}

interface Measured extends Delivery {
  /** What the simulator generated over the window, trades/s. */
  readonly generated: number;
  /** The pipeline's CPU per delivered trade, µs. */
  readonly cpuMicrosPerTrade: number;
  /** This process's CPU (the reader: lines split and parsed), cores. */
  readonly readerCores: number;
}

/** `market-feed run --sink stdout` (`entry`: how node starts it), its lines parsed here. */
function stdoutClient(entry: readonly string[]) {
  return async (venue: Venue, sim: SimProcess, options: PeerOptions): Promise<Delivery & { readonly readerCores: number }> => {
    const child = spawn(process.execPath, stdoutRunArgs(entry, venue, sim), { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const latencies: number[] = [];
    let counting = false;
    let delivered = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = JSON.parse(line) as { readonly type?: string; readonly exchangeTs?: number };
      if (!counting || record.type !== 'trade') return;
      delivered += 1;
      if (record.exchangeTs !== undefined) latencies.push(Date.now() - record.exchangeTs);
    });
    await sleep(options.warmupSeconds * 1000);
    const cpu = new CpuMeter(child.pid);
    const reader = process.cpuUsage();
    counting = true;
    const start = Date.now();
    await sleep(options.seconds * 1000);
    counting = false;
    const seconds = (Date.now() - start) / 1000;
    const cpuCores = cpu.cores();
    const readerUsage = process.cpuUsage(reader);
    await stopProcess(child);
    return {
      tradesPerSecond: delivered / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      p999: percentile(latencies, 99.9),
      cpuCores,
      readerCores: (readerUsage.user + readerUsage.system) / 1e6 / seconds,
    };
  };
}

/** One probe of `entry` at `offered` trades/s, with what the simulator generated meanwhile. */
async function measure(entry: readonly string[], offered: number, venue: Venue, seconds: number, warmupSeconds: number): Promise<Measured> {
  const sim = await startSimProcess(offered);
  try {
    // The simulator's own count over the reader's counting window (after its warm-up).
    const before = new Promise<{ sent: number; at: number }>((resolve) => {
      setTimeout(() => void simTradesSent(sim, venue).then((sent) => resolve({ sent, at: Date.now() })), warmupSeconds * 1000);
    });
    const delivery = await stdoutClient(entry)(venue, sim, { venues: [venue], rates: [offered], seconds, warmupSeconds });
    const start = await before;
    const generated = ((await simTradesSent(sim, venue)) - start.sent) / ((Date.now() - start.at) / 1000);
    return { ...delivery, generated, cpuMicrosPerTrade: (delivery.cpuCores * 1e6) / delivery.tradesPerSecond };
  } finally {
    await stopProcess(sim.child);
  }
}

/** The mean of two probes, field by field. */
function meanOf(a: Measured, b: Measured): Measured {
  const mean = (pick: (m: Measured) => number): number => (pick(a) + pick(b)) / 2;
  return {
    tradesPerSecond: mean((m) => m.tradesPerSecond),
    p50: mean((m) => m.p50),
    p99: mean((m) => m.p99),
    p999: mean((m) => m.p999),
    cpuCores: mean((m) => m.cpuCores),
    generated: mean((m) => m.generated),
    cpuMicrosPerTrade: mean((m) => m.cpuMicrosPerTrade),
    readerCores: mean((m) => m.readerCores),
  };
}

export async function benchStdoutOverload(options: StdoutOverloadOptions): Promise<BenchRow[]> {
  const entry = marketFeedEntry();
  const log = (
    name: string,
    offered: number,
    m: Pick<Measured, 'tradesPerSecond' | 'p99' | 'cpuCores'> & { readonly generated?: number; readonly readerCores?: number },
  ): void => {
    const generated = m.generated === undefined ? '' : `, generated ${m.generated.toFixed(0)}/s`;
    process.stderr.write(
      `stdout-overload ${name} @${offered}/s${generated}: delivered ${m.tradesPerSecond.toFixed(0)}/s, p99 ${m.p99.toFixed(1)} ms, ${(m.cpuCores * 100).toFixed(0)} % of a core, reader ${((m.readerCores ?? Number.NaN) * 100).toFixed(0)} %\n`,
    );
  };
  const found = await searchCapacity(stdoutClient(entry), options, (p) => log('capacity probe', p.offered, { ...p.delivery, generated: p.generated }));
  const capacity = found.capacity;
  // The capacity itself, measured as long as the overload so that both rows compare alike.
  const atCapacity = await measure(entry, capacity, options.venue, options.overloadSeconds, options.warmupSeconds);
  log('at capacity', capacity, atCapacity);
  let overload = await measure(entry, 2 * capacity, options.venue, options.overloadSeconds, options.warmupSeconds);
  log('at 2x', 2 * capacity, overload);
  let compared: Measured | undefined;
  if (options.compareMain !== undefined) {
    // Both builds twice, in the order this, other, other, this: a drift of the machine weighs on both alike.
    const other = [options.compareMain];
    const b1 = await measure(other, 2 * capacity, options.venue, options.overloadSeconds, options.warmupSeconds);
    log('compared build at 2x', 2 * capacity, b1);
    const b2 = await measure(other, 2 * capacity, options.venue, options.overloadSeconds, options.warmupSeconds);
    log('compared build at 2x', 2 * capacity, b2);
    const a2 = await measure(entry, 2 * capacity, options.venue, options.overloadSeconds, options.warmupSeconds);
    log('at 2x', 2 * capacity, a2);
    overload = meanOf(overload, a2);
    compared = meanOf(b1, b2);
  }

  const bench = `stdout overload ${options.venue}: capacity ${capacity.toLocaleString('en-US')}/s (p99 < ${options.p99LimitMs ?? 100} ms)${found.limitedBySimulator ? ' (simulator-limited)' : ''}, 2x offered for ${options.overloadSeconds} s`;
  const base = (name: string, value: number): { readonly name: string; readonly value: number } => ({ name, value });
  const rows: BenchRow[] = [
    {
      bench,
      metric: `trades/s delivered at 2x (simulator generated ${Math.round(overload.generated).toLocaleString('en-US')}/s)`,
      value: overload.tradesPerSecond,
      unit: 'trades/s',
      baseline: base('capacity', capacity),
      target: { text: '>= 0.90x capacity', met: overload.tradesPerSecond >= 0.9 * capacity },
    },
    { bench, metric: 'trades/s delivered at capacity', value: atCapacity.tradesPerSecond, unit: 'trades/s', baseline: base('capacity', capacity) },
    { bench, metric: 'p99 simulator send -> parsed, at 2x', value: overload.p99, unit: 'ms', baseline: base('at capacity', atCapacity.p99) },
    {
      bench,
      metric: 'pipeline CPU per delivered trade, at 2x',
      value: overload.cpuMicrosPerTrade,
      unit: 'µs',
      baseline: base('at capacity', atCapacity.cpuMicrosPerTrade),
    },
    { bench, metric: 'pipeline CPU, at 2x', value: overload.cpuCores * 100, unit: '% of a core', baseline: base('at capacity', atCapacity.cpuCores * 100) },
    {
      bench,
      metric: 'reader CPU (split and parse), at 2x',
      value: overload.readerCores * 100,
      unit: '% of a core',
      baseline: base('at capacity', atCapacity.readerCores * 100),
    },
  ];
  if (compared !== undefined) {
    const other = base('compared build at 2x', 0);
    rows.push(
      {
        bench,
        metric: 'trades/s delivered at 2x, this build',
        value: overload.tradesPerSecond,
        unit: 'trades/s',
        baseline: { ...other, value: compared.tradesPerSecond },
      },
      { bench, metric: 'p99 at 2x, this build', value: overload.p99, unit: 'ms', baseline: { ...other, value: compared.p99 } },
      {
        bench,
        metric: 'CPU per delivered trade at 2x, this build',
        value: overload.cpuMicrosPerTrade,
        unit: 'µs',
        baseline: { ...other, value: compared.cpuMicrosPerTrade },
      },
      {
        bench,
        metric: 'reader CPU at 2x, this build',
        value: overload.readerCores * 100,
        unit: '% of a core',
        baseline: { ...other, value: compared.readerCores * 100 },
      },
    );
  }
  return rows;
}

/** Settings from `BENCH_*` variables (see bench/RESULTS.md). */
export function stdoutOverloadOptionsFromEnv(env: NodeJS.ProcessEnv): StdoutOverloadOptions {
  const compareMain = env.BENCH_STDOUT_COMPARE_MAIN;
  return {
    venue: env.BENCH_STDOUT_VENUE === 'binance' ? 'binance' : 'bybit',
    startRate: Number(env.BENCH_CAPACITY_START ?? 40_000),
    maxRate: Number(env.BENCH_CAPACITY_MAX ?? 320_000),
    refineSteps: Number(env.BENCH_CAPACITY_REFINE ?? 3),
    seconds: Number(env.BENCH_CAPACITY_SECONDS ?? 10),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 3),
    // Looser than the peer comparison's 100 ms: on a shared machine a neighbour's burst alone passes 100 ms.
    p99LimitMs: Number(env.BENCH_STDOUT_P99_MS ?? 250),
    overloadSeconds: Number(env.BENCH_STDOUT_SECONDS ?? 20),
    ...(compareMain === undefined || compareMain === '' ? {} : { compareMain }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchStdoutOverload(stdoutOverloadOptionsFromEnv(process.env))));
}
