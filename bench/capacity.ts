/**
 * Capacity search: the highest offered rate each client sustains (delivers >= 99 % of it with a
 * p99 under 100 ms, simulator send -> delivered), for `market-feed run --sink stdout` and for ccxt
 * pro `watchTrades`, on the same simulator. Rates double from `startRate` until one fails, then
 * bisect `refineSteps` times between the last pass and the first failure. A probe whose
 * simulator could not generate 95 % of the offered rate is reported as the simulator's limit,
 * not the client's.
 */
import { fileURLToPath } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { simTradesSent, startSimProcess, stopProcess, type SimProcess } from './bench-processes.js';
import { ccxtDelivery, marketFeedDelivery, type Delivery, type PeerOptions, type Venue } from './peer.js';

export interface CapacityOptions {
  readonly venue: Venue;
  readonly startRate: number;
  readonly maxRate: number;
  readonly refineSteps: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** The p99 (simulator send -> delivered) a sustained probe stays under, ms. Default 100. */
  readonly p99LimitMs?: number;
}

type Client = (venue: Venue, sim: SimProcess, options: PeerOptions) => Promise<Delivery>;

/** One probe's verdict. */
interface Probe {
  readonly offered: number;
  readonly generated: number;
  readonly delivery: Delivery;
  readonly sustained: boolean;
  readonly simulatorLimited: boolean;
}

/** Sustained: at least 99 % of the offered rate delivered, p99 under `p99LimitMs` (100 ms). */
export function isSustained(offered: number, delivery: Pick<Delivery, 'tradesPerSecond' | 'p99'>, p99LimitMs = 100): boolean {
  return delivery.tradesPerSecond >= 0.99 * offered && delivery.p99 < p99LimitMs;
}

async function probe(client: Client, offered: number, options: CapacityOptions): Promise<Probe> {
  const sim = await startSimProcess(offered);
  try {
    // The simulator's own count over the client's counting window (after its warm-up).
    const windowStart = new Promise<{ sent: number; at: number }>((resolve) => {
      setTimeout(() => void simTradesSent(sim, options.venue).then((sent) => resolve({ sent, at: Date.now() })), options.warmupSeconds * 1000);
    });
    const delivery = await client(options.venue, sim, {
      venues: [options.venue],
      rates: [offered],
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
    });
    const start = await windowStart;
    const generated = ((await simTradesSent(sim, options.venue)) - start.sent) / ((Date.now() - start.at) / 1000);
    // Delivering what was offered proves the offer; only a shortfall can be the simulator's.
    const simulatorLimited = delivery.tradesPerSecond < 0.99 * offered && generated < 0.95 * offered;
    return { offered, generated, delivery, sustained: !simulatorLimited && isSustained(offered, delivery, options.p99LimitMs), simulatorLimited };
  } finally {
    await stopProcess(sim.child);
  }
}

/** The highest sustained rate found, and every probe on the way. */
export async function searchCapacity(
  client: Client,
  options: CapacityOptions,
  log: (probe: Probe) => void = () => undefined,
): Promise<{ readonly capacity: number; readonly limitedBySimulator: boolean; readonly probes: readonly Probe[] }> {
  const probes: Probe[] = [];
  const run = async (rate: number): Promise<Probe> => {
    const result = await probe(client, Math.round(rate), options);
    probes.push(result);
    log(result);
    return result;
  };
  let passed = 0;
  let failed: number | undefined;
  for (let rate = options.startRate; rate <= options.maxRate; rate *= 2) {
    const result = await run(rate);
    if (result.simulatorLimited) return { capacity: passed, limitedBySimulator: true, probes };
    if (!result.sustained) {
      failed = rate;
      break;
    }
    passed = rate;
  }
  if (failed === undefined) return { capacity: passed, limitedBySimulator: false, probes };
  let upper: number = failed;
  for (let step = 0; step < options.refineSteps; step++) {
    const middle: number = (passed + upper) / 2;
    const result = await run(middle);
    if (result.simulatorLimited) return { capacity: passed, limitedBySimulator: true, probes };
    if (result.sustained) passed = middle;
    else upper = middle;
  }
  return { capacity: Math.round(passed), limitedBySimulator: false, probes };
}

export async function benchCapacity(options: CapacityOptions): Promise<BenchRow[]> {
  const log =
    (name: string) =>
    (p: Probe): void => {
      const verdict = p.simulatorLimited ? 'simulator-limited' : p.sustained ? 'sustained' : 'not sustained';
      process.stderr.write(
        `capacity ${name} ${options.venue} @${p.offered}/s: generated ${p.generated.toFixed(0)}/s, delivered ${p.delivery.tradesPerSecond.toFixed(0)}/s, p99 ${p.delivery.p99.toFixed(1)} ms: ${verdict}\n`,
      );
    };
  const ours = await searchCapacity(marketFeedDelivery, options, log('market-feed'));
  const theirs = await searchCapacity(ccxtDelivery, options, log('ccxt'));
  const bench = `capacity ${options.venue} (>= 99 % delivered, p99 < 100 ms; ${options.seconds} s per probe)`;
  const limited = (r: { limitedBySimulator: boolean }): string => (r.limitedBySimulator ? ' (at least: the simulator could not offer more)' : '');
  return [
    {
      bench,
      metric: `highest sustained rate, market-feed stdout${limited(ours)}`,
      value: ours.capacity,
      unit: 'trades/s',
      baseline: { name: `ccxt watchTrades${limited(theirs)}`, value: theirs.capacity },
      target: { text: '>= 3x ccxt', met: ours.capacity > 0 && ours.capacity >= 3 * theirs.capacity },
    },
  ];
}

/** The capacity search's settings for one venue from `BENCH_*` variables (see bench/RESULTS.md). */
export function capacityOptionsFromEnv(env: NodeJS.ProcessEnv, venue: Venue): CapacityOptions {
  return {
    venue,
    startRate: Number(env.BENCH_CAPACITY_START ?? 5_000),
    maxRate: Number(env.BENCH_CAPACITY_MAX ?? 320_000),
    refineSteps: Number(env.BENCH_CAPACITY_REFINE ?? 3),
    seconds: Number(env.BENCH_CAPACITY_SECONDS ?? 10),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 3),
  };
}

/** `BENCH_CAPACITY_VENUES` (default `bybit`). */
export function capacityVenues(env: NodeJS.ProcessEnv): Venue[] {
  return (env.BENCH_CAPACITY_VENUES ?? 'bybit').split(',').filter((v): v is Venue => v === 'bybit' || v === 'binance');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows: BenchRow[] = [];
  for (const venue of capacityVenues(process.env)) rows.push(...(await benchCapacity(capacityOptionsFromEnv(process.env, venue))));
  process.stdout.write(formatTable(rows));
}
