/**
 * What a cluster shard's standby (`--cluster-standbys 1`) costs per instrument beyond the socket path
 * it shares with a served shard (`socket-path.ts`: decoding and normalizing each trade): the hold's
 * CPU per trade (`StandbyHold.add`, which lets go of trades older than the hold as new ones come) and
 * its heap per trade held, over `seconds` of trades at `rate` a second of `instruments` instruments,
 * held for `holdMs` (22 s: the default session timeout plus 10 s). Trades are built as the Bybit
 * mapper makes them (fresh strings per trade). Heap measured after a full GC when Node runs with
 * `--expose-gc` (`NODE_OPTIONS=--expose-gc npx tsx bench/standby-hold.ts`), else roughly.
 */
import { fileURLToPath } from 'node:url';
import { StandbyHold } from '../src/cluster/standby-hold.js';
import type { TradeEvent } from '../src/model/index.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { coinTrade } from './synthetic-trades.js';

export interface StandbyHoldBenchOptions {
  readonly instruments: number;
  /** Trades a second of each instrument. */
  readonly rate: number;
  readonly holdMs: number;
  /** Trading simulated, s (longer than the hold: the hold lets go as it goes). */
  readonly seconds: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export function benchStandbyHold(options: StandbyHoldBenchOptions): BenchRow[] {
  const bench = 'standby-hold';
  const hold = new StandbyHold(options.holdMs);
  const perMs = (options.instruments * options.rate) / 1_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  let n = 0;
  let addNs = 0n;
  let most = 0;
  for (let ms = 0; ms < options.seconds * 1_000; ms++) {
    // Trades due by this millisecond (a fraction a ms carried over).
    const due = Math.floor((ms + 1) * perMs) - Math.floor(ms * perMs);
    const trades: TradeEvent[] = [];
    for (let k = 0; k < due; k++, n++) trades.push(coinTrade(n, n % options.instruments, ms));
    const from = process.hrtime.bigint();
    for (const trade of trades) hold.add(trade, ms);
    addNs += process.hrtime.bigint() - from;
    most = Math.max(most, hold.size);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  // Read after the measure, so that the hold is alive through it.
  const held = hold.size;
  const bytesPerTrade = (after - before) / held;
  return [
    { bench, metric: 'trades a second (instruments x rate)', value: options.instruments * options.rate, unit: '/s' },
    { bench, metric: 'hold', value: options.holdMs / 1_000, unit: 's' },
    { bench, metric: 'trades held at the end (most)', value: most, unit: 'trades' },
    { bench, metric: 'hold add, per trade', value: Number(addNs) / n / 1_000, unit: 'µs' },
    { bench, metric: 'heap per trade held', value: Math.round(bytesPerTrade), unit: 'bytes' },
    {
      bench,
      metric: `heap per instrument at ${options.rate} trades/s, held ${options.holdMs / 1_000} s`,
      value: Math.round((bytesPerTrade * options.rate * options.holdMs) / 1_000 / 1_024),
      unit: 'KiB',
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = benchStandbyHold({
    instruments: Number(process.env['BENCH_STANDBY_INSTRUMENTS'] ?? 100),
    rate: Number(process.env['BENCH_STANDBY_RATE'] ?? 20),
    holdMs: Number(process.env['BENCH_STANDBY_HOLD_MS'] ?? 22_000),
    seconds: Number(process.env['BENCH_STANDBY_SECONDS'] ?? 60),
  });
  process.stdout.write(formatTable(rows));
}
