/**
 * CPU per trade, per book update and per derivative ticker of OKX (spot `okx`, swaps `okx_swap`)
 * beside Bybit's (spot `bybit`, linear `bybit_linear`), in the same run: frames recorded from the
 * simulator's venues (one socket per kind of stream: OKX's `trades-all` on `/business`, `books` (a
 * 400-level snapshot, then 100 ms increments chained by `seqId`) and the swaps' four ticker channels
 * (`funding-rate`, `mark-price`, `index-tickers`, `open-interest`); Bybit's `publicTrade`,
 * `orderbook.50` and linear `tickers`), then replayed in this process through the frame decoder, the
 * venue's book rule or ticker merge, the operators and Avro encoding of every record
 * (`in-process-replay.ts`). The swaps' sizes are contracts: the replay is given the simulated venue's
 * own instrument list (as `market-feed replay --listings`), so that the shard planned from it tells
 * the replayed feed each instrument's contract value (`ctVal`), as live. Every unit counted in the
 * frames (a trade, a book update, a push of one of OKX's four ticker channels) must come out as a
 * record, or the bench throws. Every row is recorded and replayed once before any is measured, then
 * replayed in 5 rounds (each row once a round), its least CPU kept. Baseline: `JSON.parse` of the
 * same frames, the least of 5 passes. CPU of the book runs is counted from the first update after the
 * last snapshot. Rows recorded, checked and measured by `venue-replay-cpu.ts`.
 * `npx tsx bench/okx.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { benchVenueReplays, bybitCase, bybitTickerCase, type VenueCase } from './venue-replay-cpu.js';

const QUOTE = 'USDT';

interface OkxFrame {
  readonly arg?: { readonly channel?: string };
  readonly action?: string;
  readonly data?: readonly unknown[];
}

/** Trades a frame carries (OKX `trades-all`: one a message). */
function okxTradesIn(frame: unknown): number {
  const f = frame as OkxFrame;
  return f.arg?.channel === 'trades-all' ? (f.data?.length ?? 0) : 0;
}

/** Whether a frame is a book update (not a snapshot): 1 or 0. */
export function okxBookUpdatesIn(frame: unknown): number {
  const f = frame as OkxFrame;
  return f.arg?.channel === 'books' && f.action === 'update' ? 1 : 0;
}

/** The four channels OKX merges into a swap's derivative ticker (docs: "Funding rate", "Mark price", "Index tickers", "Open interest" channels). */
const OKX_TICKER_CHANNELS: ReadonlySet<string> = new Set(['funding-rate', 'mark-price', 'index-tickers', 'open-interest']);

/** Pushes of OKX's ticker channels a frame carries (each merged into one `derivative_ticker`; acks carry none). */
function tickerPushesIn(frame: unknown): number {
  const f = frame as OkxFrame;
  return OKX_TICKER_CHANNELS.has(f.arg?.channel ?? '') ? (f.data?.length ?? 0) : 0;
}

export async function benchOkx(recordMs: number): Promise<BenchRow[]> {
  // OKX pushes funding every 30 to 90 s (the simulator at subscribe, then every 30 s) and open interest every 3 s:
  // tickers are recorded 3 times longer, so that every channel is in the mix (mark every 200 ms and index every 100 ms dominate it).
  const tickerMs = 3 * recordMs;
  const okx = (venue: 'okx' | 'okx_swap', kind: VenueCase['kind'], unitsIn: (frame: unknown) => number, ms = recordMs): VenueCase => ({
    venue,
    kind,
    quote: QUOTE,
    ms,
    unitsIn,
  });
  return benchVenueReplays({
    bench: 'okx',
    simulator: { quote: QUOTE },
    listings: true,
    cases: [
      okx('okx', 'trade', okxTradesIn),
      bybitCase('bybit', 'trade', QUOTE, recordMs),
      okx('okx_swap', 'trade', okxTradesIn),
      bybitCase('bybit_linear', 'trade', QUOTE, recordMs),
      okx('okx', 'order_book', okxBookUpdatesIn),
      bybitCase('bybit', 'order_book', QUOTE, recordMs),
      okx('okx_swap', 'derivative_ticker', tickerPushesIn, tickerMs),
      bybitTickerCase('bybit_linear', QUOTE, tickerMs),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchOkx(Number(process.argv[2] ?? process.env.BENCH_OKX_MS ?? 6000))));
}
