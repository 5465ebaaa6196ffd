/**
 * CPU per trade, per book update and per derivative ticker of the inverse venues, Bybit inverse
 * (`bybit_inverse`) and Binance COIN-M (`binance_coinm`), beside Bybit spot (`bybit`) and linear
 * (`bybit_linear`), in the same run: frames recorded from the simulator's venues (whose frames the
 * specs hold to the recorded and documented ones in `test/fixtures/exchange-frames/`: Bybit's
 * `publicTrade`, `orderbook.50` and derivatives' `tickers` on `/v5/public/{spot,linear,inverse}`;
 * Binance COIN-M's `aggTrade` and `markPrice@1s` on `/coinm/stream`), then replayed in this process
 * through the frame decoder, the venue's book rule or ticker merge, the operators and Avro encoding of
 * every record (`in-process-replay.ts`). The inverse venues' sizes are contracts told in the coin: the
 * replay is given the simulated venue's own instrument list (as `market-feed replay --listings`), so
 * that Binance COIN-M's contract sizes (100 USD BTC, 10 USD the others) are known, as live. Binance
 * COIN-M's books are left out: they start from a REST snapshot (`/dapi/v1/depth`), which a replay
 * does not fetch, so none goes live. Every unit counted in the frames (a trade, a book update, a mark
 * price push) must come out as one record, or the bench throws (Bybit's derivative tickers: the records
 * made are the units). Every row is recorded and replayed once before any is measured, then replayed
 * in 5 rounds (each row once a round), its least CPU kept. Baseline: `JSON.parse` of the same frames,
 * the least of 5 passes. CPU of the book runs is counted from the first update after the last
 * snapshot. Rows recorded, checked and measured by `venue-replay-cpu.ts`. `npx tsx bench/inverse.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import type { VenueSymbol } from '../src/exchanges/adapter-config.js';
import type { VenueListing } from '../src/model/instrument.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { BENCH_COINS, benchVenueReplays, bybitCase, bybitTickerCase } from './venue-replay-cpu.js';

/** The quote Binance COIN-M and Bybit inverse list the coins at: their contracts are USD (`BTCUSD`, `BTCUSD_PERP`). */
const INVERSE_QUOTE = 'USD';
const QUOTE = 'USDT';

/** The listed perpetuals of the bench's coins, as the feed is told them (contract value and instrument key with each). */
function perpetualsOf(listings: readonly VenueListing[]): readonly VenueSymbol[] {
  return listings
    .filter((l) => l.state === 'trading' && BENCH_COINS.includes(l.base) && l.symbol.endsWith('_PERP'))
    .map(({ symbol, base, quote, contractValue, key }) => ({
      symbol,
      coin: base,
      quote,
      ...(contractValue === undefined ? {} : { contractValue }),
      ...(key === undefined ? {} : { instrument: key }),
    }));
}

/** A combined-stream frame of Binance (`{stream, data}`). */
interface BinanceFrame {
  readonly data?: { readonly e?: string };
}

/** Trades a Binance COIN-M frame carries (`aggTrade`: one a frame). */
const aggTradesIn = (frame: unknown): number => ((frame as BinanceFrame).data?.e === 'aggTrade' ? 1 : 0);

/** Mark price pushes of Binance COIN-M a frame carries (each one `derivative_ticker`). */
const markPushesIn = (frame: unknown): number => ((frame as BinanceFrame).data?.e === 'markPriceUpdate' ? 1 : 0);

export async function benchInverse(recordMs: number): Promise<BenchRow[]> {
  // Binance pushes a mark price once a second a symbol: tickers are recorded 3 times longer.
  const tickerMs = 3 * recordMs;
  // Binance COIN-M subscribes the instruments its list names (the perpetuals of the coins here), not coins at a quote.
  const coinm = { venue: 'binance_coinm', quote: INVERSE_QUOTE, instruments: perpetualsOf } as const;
  return benchVenueReplays({
    bench: 'inverse',
    simulator: { quote: QUOTE },
    listings: true,
    cases: [
      bybitCase('bybit', 'trade', QUOTE, recordMs),
      bybitCase('bybit_linear', 'trade', QUOTE, recordMs),
      bybitCase('bybit_inverse', 'trade', INVERSE_QUOTE, recordMs),
      { ...coinm, kind: 'trade', ms: recordMs, unitsIn: aggTradesIn },
      bybitCase('bybit', 'order_book', QUOTE, recordMs),
      bybitCase('bybit_linear', 'order_book', QUOTE, recordMs),
      bybitCase('bybit_inverse', 'order_book', INVERSE_QUOTE, recordMs),
      bybitTickerCase('bybit_linear', QUOTE, tickerMs),
      bybitTickerCase('bybit_inverse', INVERSE_QUOTE, tickerMs),
      { ...coinm, kind: 'derivative_ticker', ms: tickerMs, unitsIn: markPushesIn },
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchInverse(Number(process.argv[2] ?? process.env.BENCH_INVERSE_MS ?? 6000))));
}
