/**
 * CPU per trade and per derivative ticker of Gate (spot `gate`, USDT futures `gate_futures`) beside Bybit's
 * (spot `bybit`, linear `bybit_linear`), in the same run: frames recorded from the simulator's venues (one
 * socket per kind of stream: Gate's `trades` (spot one trade a push, futures a batch of contracts) and the
 * futures' `tickers`; Bybit's `publicTrade` and linear `tickers`), then replayed in this process through the
 * frame decoder, the operators and Avro encoding of every record (`venue-replay-cpu.ts`), given each
 * venue's instrument list (futures sizes are contracts times their value). Gate's books are bridged to REST
 * snapshots, which a replay of socket frames does not hold: their book rule is measured beside Bybit's by
 * `book-folds.ts` (decoded and kept to the view, no records), in the same run. Every unit
 * counted must come out as one record, or the bench throws. Baseline: `JSON.parse` of the same frames.
 * `npx tsx bench/gate.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { benchBookFolds } from './book-folds.js';
import { benchVenueReplays, bybitCase, bybitTickerCase, type BenchKind, type VenueCase } from './venue-replay-cpu.js';

const QUOTE = 'USDT';

/** A Gate push: `{"channel","event","result"}`; acks carry `event: subscribe`. */
interface GateFrame {
  readonly channel?: string;
  readonly event?: string;
  readonly result?: unknown;
}

/** The items of an `update` push of `channel`: one for an object result, each of an array. */
function itemsOf(channel: string): (frame: unknown) => number {
  return (frame) => {
    const f = frame as GateFrame;
    if (f.channel !== channel || f.event !== 'update') return 0;
    return Array.isArray(f.result) ? f.result.length : f.result === undefined || f.result === null ? 0 : 1;
  };
}

const UNITS_IN: Readonly<Record<'gate' | 'gate_futures', Partial<Record<BenchKind, (frame: unknown) => number>>>> = {
  gate: { trade: itemsOf('spot.trades') },
  gate_futures: { trade: itemsOf('futures.trades'), derivative_ticker: itemsOf('futures.tickers') },
};

export async function benchGate(recordMs: number): Promise<BenchRow[]> {
  const gate = (venue: 'gate' | 'gate_futures', kind: 'trade' | 'derivative_ticker'): VenueCase => ({
    venue,
    kind,
    quote: QUOTE,
    ms: recordMs,
    unitsIn: UNITS_IN[venue][kind] ?? (() => 0),
  });
  const replays = await benchVenueReplays({
    bench: 'gate',
    simulator: { quote: QUOTE },
    listings: true,
    cases: [
      gate('gate', 'trade'),
      bybitCase('bybit', 'trade', QUOTE, recordMs),
      gate('gate_futures', 'trade'),
      bybitCase('bybit_linear', 'trade', QUOTE, recordMs),
      gate('gate_futures', 'derivative_ticker'),
      bybitTickerCase('bybit_linear', QUOTE, recordMs),
    ],
  });
  return [...replays, ...(await benchBookFolds(recordMs))];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchGate(Number(process.argv[2] ?? process.env.BENCH_GATE_MS ?? 6000))));
}
