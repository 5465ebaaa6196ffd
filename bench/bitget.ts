/**
 * CPU per trade, per book update and per derivative ticker of Bitget (spot `bitget`, USDT-M perpetuals
 * `bitget_futures`) beside Bybit's (spot `bybit`, linear `bybit_linear`), in the same run: frames
 * recorded from the simulator's venues (one socket per kind of stream: Bitget's `trade` (a snapshot of
 * the last trades on subscribe, then an `update` push a trade), `books` (the whole book as a `snapshot`,
 * then `update` pushes every 200 ms chained by `seq`/`pseq` and checked by CRC32) and the futures'
 * `ticker` (mark, index, funding and holding in every push); Bybit's `publicTrade`, `orderbook.50` and
 * linear `tickers`), then replayed in this process through the frame decoder, the venue's book rule,
 * the operators and Avro encoding of every record (`in-process-replay.ts`, by `venue-replay-cpu.ts`).
 * The replay is given each venue's instrument list as the simulated venue answers it (as `market-feed
 * replay --listings`), as live. Units: a trade of an `update` push of `trade` (the `snapshot` of recent
 * trades is never published: measured from the line after the last one, as a book from the first
 * update after its snapshot); a book update, an item of a `books` push of action `update`; a derivative
 * ticker, a push of the futures' `ticker` (one item each). Every unit counted must come out as one
 * record, or the bench throws (Bybit's derivative tickers: the records made are the units). Every row
 * is recorded and replayed once before any is measured, then replayed in 5 rounds (each row once a
 * round), its least CPU kept. Baseline: `JSON.parse` of the same frames, the least of 5 passes.
 * `npx tsx bench/bitget.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { afterLastSnapshot, benchVenueReplays, bybitCase, bybitTickerCase, type BenchKind, type VenueCase } from './venue-replay-cpu.js';

const QUOTE = 'USDT';

/** A Bitget push (`{"action","arg":{"instType","channel","instId"},"data":[..],"ts"}`); acks carry `event` and no data. */
interface BitgetFrame {
  readonly action?: string;
  readonly arg?: { readonly channel?: string };
  readonly data?: readonly unknown[];
}

/** The items of a push on `channel` (of `action`, when given): trades of `trade`, updates of `books`, tickers of `ticker`. */
function itemsOf(channel: string, action?: 'update'): (frame: unknown) => number {
  return (frame) => {
    const f = frame as BitgetFrame;
    return f.arg?.channel === channel && (action === undefined || f.action === action) ? (f.data?.length ?? 0) : 0;
  };
}

/** Trades published: those of `trade` updates (the snapshot sent on subscribe is not). */
const tradesIn = itemsOf('trade', 'update');
/** Book updates: the items of `books` updates (the snapshot is the book's start). */
const bookUpdatesIn = itemsOf('books', 'update');
/** Derivative tickers: a futures `ticker` push each (every push carries the mark, index, funding and holding; `action` is `snapshot` on every one). */
const tickersIn = itemsOf('ticker');

/** What a row of each kind counts in a frame. */
const UNITS_IN: Readonly<Record<BenchKind, (frame: unknown) => number>> = { trade: tradesIn, order_book: bookUpdatesIn, derivative_ticker: tickersIn };

export async function benchBitget(recordMs: number): Promise<BenchRow[]> {
  const bitget = (venue: 'bitget' | 'bitget_futures', kind: BenchKind): VenueCase => ({
    venue,
    kind,
    quote: QUOTE,
    ms: recordMs,
    unitsIn: UNITS_IN[kind],
    // Trades measured from the line after the last snapshot of recent trades (sent on subscribe, never published).
    ...(kind === 'trade' ? { measuredFrom: afterLastSnapshot } : {}),
  });
  return benchVenueReplays({
    bench: 'bitget',
    simulator: { quote: QUOTE },
    listings: true,
    cases: [
      bitget('bitget', 'trade'),
      bybitCase('bybit', 'trade', QUOTE, recordMs),
      bitget('bitget_futures', 'trade'),
      bybitCase('bybit_linear', 'trade', QUOTE, recordMs),
      bitget('bitget', 'order_book'),
      bybitCase('bybit', 'order_book', QUOTE, recordMs),
      bitget('bitget_futures', 'order_book'),
      bybitCase('bybit_linear', 'order_book', QUOTE, recordMs),
      bitget('bitget_futures', 'derivative_ticker'),
      bybitTickerCase('bybit_linear', QUOTE, recordMs),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchBitget(Number(process.argv[2] ?? process.env.BENCH_BITGET_MS ?? 6000))));
}
