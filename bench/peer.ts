/**
 * The same simulator and rates against ccxt pro's `watchTrades` (its own process) and against
 * `market-feed run --sink stdout` (its own process; this process reads the JSON lines, counts
 * the trades and takes each one's latency on arrival, then discards them).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatTable, percentile, type BenchRow } from './bench-report.js';
import { BENCH_COINS, CpuMeter, ROOT, sleep, startSimProcess, stopProcess, type SimProcess, marketFeedEntry } from './bench-processes.js';

export type Venue = 'bybit' | 'binance';

export interface Delivery {
  readonly tradesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly cpuCores: number;
}

export interface PeerOptions {
  readonly venues: readonly Venue[];
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export async function ccxtDelivery(venue: Venue, sim: SimProcess, options: PeerOptions): Promise<Delivery> {
  const url = venue === 'bybit' ? sim.bybitUrl : sim.binanceUrl;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/ccxt-client.ts', venue, url, BENCH_COINS.join(','), String(options.warmupSeconds), String(options.seconds)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
    trades: number;
    seconds: number;
    cpuCores: number;
    p50: number;
    p99: number;
    p999: number;
  };
  return { tradesPerSecond: result.trades / result.seconds, p50: result.p50, p99: result.p99, p999: result.p999, cpuCores: result.cpuCores };
}

/** `market-feed run --sink stdout` of the bench's coins on one venue of the simulator, after `entry` (the command's start). */
export function stdoutRunArgs(entry: readonly string[], venue: Venue, sim: SimProcess): string[] {
  const urls = ['--bybit-url', sim.bybitUrl, '--binance-url', sim.binanceUrl];
  return [...entry, 'run', '--sink', 'stdout', '--venues', venue, '--coins', BENCH_COINS.join(','), ...urls, '--metrics-port', '0', '--log-level', 'warn'];
}

export async function marketFeedDelivery(venue: Venue, sim: SimProcess, options: PeerOptions): Promise<Delivery> {
  const child = spawn(process.execPath, stdoutRunArgs(marketFeedEntry(), venue, sim), { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const latencies: number[] = [];
  let counting = false;
  let delivered = 0;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (!counting || !line.includes('"type":"trade"')) return;
    const match = /"exchangeTs":(\d+)/.exec(line);
    delivered += 1;
    if (match?.[1] !== undefined) latencies.push(Date.now() - Number(match[1]));
  });
  await sleep(options.warmupSeconds * 1000);
  const cpu = new CpuMeter(child.pid);
  counting = true;
  const start = Date.now();
  await sleep(options.seconds * 1000);
  counting = false;
  const seconds = (Date.now() - start) / 1000;
  const cpuCores = cpu.cores();
  await stopProcess(child);
  return { tradesPerSecond: delivered / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), p999: percentile(latencies, 99.9), cpuCores };
}

export async function benchPeer(options: PeerOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const venue of options.venues) {
    for (const offered of options.rates) {
      const bench = `peer ${venue} @${offered.toLocaleString('en-US')}/s offered`;
      const measure = async (client: (v: Venue, s: SimProcess, o: PeerOptions) => Promise<Delivery>): Promise<Delivery> => {
        const sim = await startSimProcess(offered);
        try {
          return await client(venue, sim, options);
        } finally {
          await stopProcess(sim.child);
        }
      };
      const ours = await measure(marketFeedDelivery);
      const theirs = await measure(ccxtDelivery);
      const base = (value: number): { readonly name: string; readonly value: number } => ({ name: 'ccxt watchTrades', value });
      rows.push(
        {
          bench,
          metric: 'trades/s delivered (market-feed stdout)',
          value: ours.tradesPerSecond,
          unit: 'trades/s',
          baseline: base(theirs.tradesPerSecond),
          target: { text: '>= 3x ccxt', met: ours.tradesPerSecond >= 3 * theirs.tradesPerSecond },
        },
        { bench, metric: 'p50 simulator send -> delivered', value: ours.p50, unit: 'ms', baseline: base(theirs.p50) },
        {
          bench,
          metric: 'p99 simulator send -> delivered',
          value: ours.p99,
          unit: 'ms',
          baseline: base(theirs.p99),
          target: { text: '< ccxt', met: ours.p99 < theirs.p99 },
        },
        { bench, metric: 'p99.9 simulator send -> delivered', value: ours.p999, unit: 'ms', baseline: base(theirs.p999) },
        { bench, metric: 'CPU of the client process', value: ours.cpuCores * 100, unit: '% of a core', baseline: base(theirs.cpuCores * 100) },
      );
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchPeer({
    venues: (process.env.BENCH_PEER_VENUES ?? 'bybit,binance').split(',') as Venue[],
    rates: (process.env.BENCH_PEER_RATES ?? '20000,40000').split(',').map(Number),
    seconds: Number(process.env.BENCH_PEER_SECONDS ?? 20),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5),
  });
  process.stdout.write(formatTable(rows));
}
