/**
 * CPU per trade and per book message of Hyperliquid (`hyperliquid`, perpetuals) beside Bybit linear's
 * (`bybit_linear`), in the same run: frames recorded from the simulator's venues (one socket per kind
 * of stream: Hyperliquid's `trades` and `l2Book`, a whole 20-level snapshot each message; Bybit's
 * `publicTrade` and `orderbook.50`, a snapshot then deltas), then replayed in this process through the
 * frame decoder, the venue's book rule, the operators and Avro encoding of every record
 * (`in-process-replay.ts`). Hyperliquid's symbols are coins (`BTC`) at USDC, keyed `BTC-USDC-PERP`.
 * Measured from the line after each row's openings: Bybit's book snapshot; Hyperliquid's first message
 * of each coin on the socket (the `trades` backlog, which the product never publishes, and the first
 * book), so that no backlog trade is counted. Every unit counted in the measured frames (a trade, a
 * Hyperliquid snapshot, a Bybit book update) must come out as a record there, or the bench throws.
 * Every row is replayed once before any is measured, then in 5 rounds (each row once a round), its
 * least CPU kept. Baseline: `JSON.parse` of the same frames, the least of 5 passes. The simulated
 * venue pushes `l2Book` every 100 ms here (`l2BookIntervalMs`; 5 s by default, as the venue does now).
 * Rows recorded, checked and measured by `venue-replay-cpu.ts`. `npx tsx bench/hyperliquid.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { benchVenueReplays, bybitCase } from './venue-replay-cpu.js';

/** Hyperliquid's `l2Book` interval while recording, ms: 10 snapshots a second a coin, as OKX's 100 ms books in `okx.ts`. */
const L2BOOK_INTERVAL_MS = 100;

/**
 * Hyperliquid subscribes one topic a request, 3 requests a second (`HYPERLIQUID_CONNECTION_LIMITS`):
 * its 8 coins take 2.7 s, recorded on top of `recordMs` so that its measured part is as long as Bybit's.
 */
const HYPERLIQUID_SUBSCRIBE_MS = 3000;

interface HyperliquidFrame {
  readonly channel?: string;
  readonly data?: unknown;
}

/** The channel, and coin, of a Hyperliquid data message (`trades`: the coin of its first trade; an empty backlog names none). */
function hyperliquidMessage(frame: unknown): { readonly channel: string; readonly coin: string | undefined; readonly trades: number } {
  const { channel = '', data } = frame as HyperliquidFrame;
  if (Array.isArray(data)) return { channel, coin: (data[0] as { coin?: string } | undefined)?.coin, trades: channel === 'trades' ? data.length : 0 };
  return { channel, coin: (data as { coin?: string } | undefined)?.coin, trades: 0 };
}

/** Trades a Hyperliquid frame carries (`trades`). */
const hyperliquidTradesIn = (frame: unknown): number => hyperliquidMessage(frame).trades;

/** Book messages a Hyperliquid frame carries (`l2Book`: a whole snapshot each). */
const l2BooksIn = (frame: unknown): number => (hyperliquidMessage(frame).channel === 'l2Book' ? 1 : 0);

/**
 * The line after Hyperliquid's last first message of a coin on its socket on `channel` (the product drops
 * the `trades` one as backlog: after an empty backlog, the coin's first message naming it, as the product does).
 */
function afterOpenings(channel: 'trades' | 'l2Book'): (lines: readonly CaptureLine[]) => number {
  return (lines) => {
    const opened = new Set<string>();
    let from = 0;
    for (const [n, line] of lines.entries()) {
      const message = hyperliquidMessage(JSON.parse(line.frame));
      if (message.channel !== channel || message.coin === undefined || opened.has(`${line.connectionId} ${message.coin}`)) continue;
      opened.add(`${line.connectionId} ${message.coin}`);
      from = n + 1;
    }
    return from;
  };
}

export async function benchHyperliquid(recordMs: number): Promise<BenchRow[]> {
  const hyperliquid = { venue: 'hyperliquid', quote: 'USDC', ms: recordMs + HYPERLIQUID_SUBSCRIBE_MS } as const;
  return benchVenueReplays({
    bench: 'hyperliquid',
    simulator: { venueOptions: { hyperliquid: { l2BookIntervalMs: L2BOOK_INTERVAL_MS } } },
    listings: false,
    cases: [
      { ...hyperliquid, kind: 'trade', unitsIn: hyperliquidTradesIn, measuredFrom: afterOpenings('trades') },
      bybitCase('bybit_linear', 'trade', 'USDT', recordMs),
      { ...hyperliquid, kind: 'order_book', unitsIn: l2BooksIn, measuredFrom: afterOpenings('l2Book'), unit: 'book snapshot' },
      bybitCase('bybit_linear', 'order_book', 'USDT', recordMs),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchHyperliquid(Number(process.argv[2] ?? process.env.BENCH_HYPERLIQUID_MS ?? 6000))));
}
