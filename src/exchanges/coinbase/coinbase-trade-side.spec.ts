import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { mapCoinbaseFrame } from './coinbase-mappers.js';
import { splitSymbol } from '../split-symbol.js';
import { parsedFrame, recordedLines } from './__fixtures__/recorded-frames.js';

const context: MapperContext = { exchange: 'coinbase', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };

/** An RFC 3339 UTC time as text that sorts by time to the nanosecond (every recorded time is of one day, in Z). */
const sortable = (time: string): string => {
  const [whole = '', fraction = ''] = time.replace('Z', '').split('.');
  return `${whole}.${fraction.padEnd(9, '0')}`;
};

interface Touch {
  readonly at: string;
  readonly product: string;
  readonly bid: number;
  readonly ask: number;
}

/** The best bid and ask of every recorded ticker frame, read from the JSON itself. */
const touches: readonly Touch[] = recordedLines('coinbase-ticker.ndjson').map((line) => {
  const frame = JSON.parse(line) as { timestamp: string; events: { tickers: { product_id: string; best_bid: string; best_ask: string }[] }[] };
  const ticker = frame.events[0]?.tickers[0];
  if (ticker === undefined) throw new Error('a ticker frame without a ticker');
  return { at: sortable(frame.timestamp), product: ticker.product_id, bid: Number(ticker.best_bid), ask: Number(ticker.best_ask) };
});

/** Every trade of the recorded `update` frames (not the snapshots, which predate the first ticker), with its raw time. */
const updateTrades = recordedLines('coinbase-market_trades.ndjson').flatMap((line) => {
  const raw = JSON.parse(line) as { events: { type: string; trades: { trade_id: string; time: string }[] }[] };
  if (raw.events[0]?.type !== 'update') return [];
  const times = new Map(raw.events.flatMap((e) => e.trades.map((t) => [t.trade_id, sortable(t.time)] as const)));
  return mapCoinbaseFrame(parsedFrame(line), 0, context).flatMap((event) => (event.type === 'trade' ? [{ event, at: times.get(event.tradeId) ?? '' }] : []));
});

describe("Coinbase's trade side is the maker's: the mapped taker side against the book", () => {
  it('finds most taker BUYs at or above the ask held just before, and taker SELLs at or below the bid', () => {
    const counts = { agrees: 0, inside: 0, contradicts: 0, noTouchBefore: 0 };
    for (const { event, at } of updateTrades) {
      const before = touches.filter((t) => t.product === event.symbol && t.at < at).at(-1);
      if (before === undefined) {
        counts.noTouchBefore++;
        continue;
      }
      const atAsk = event.price >= before.ask;
      const atBid = event.price <= before.bid;
      if (!atAsk && !atBid) counts.inside++;
      else if ((event.side === 'BUY' && atAsk) || (event.side === 'SELL' && atBid)) counts.agrees++;
      else counts.contradicts++;
    }
    // Counted by a separate script over the same two files: 20 trades at the touch their taker side
    // predicts, 1 inside the spread, none at the other touch, 1 before the product's first ticker.
    expect(counts).toEqual({ agrees: 20, inside: 1, contradicts: 0, noTouchBefore: 1 });
    expect(counts.agrees).toBeGreaterThanOrEqual(0.9 * (counts.agrees + counts.contradicts + counts.inside));
  });

  it('has both sides in the sample, so the agreement is not one side alone', () => {
    const sides = new Set(updateTrades.map(({ event }) => event.side));
    expect([...sides].sort()).toEqual(['BUY', 'SELL']);
  });
});
