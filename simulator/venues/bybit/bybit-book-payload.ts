import type { TickBook } from '../../book-view-diff.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';

/** What one `orderbook.{depth}.{SYMBOL}` frame says. */
export interface BybitBookPayloadInput {
  readonly topic: string;
  readonly type: 'snapshot' | 'delta';
  /** When the frame was generated, ms. */
  readonly ts: number;
  /** Matching-engine time of the update, ms (at or before `ts`). */
  readonly cts: number;
  /** The whole view (snapshot) or the changed levels, size 0 deleting (delta). */
  readonly levels: TickBook;
  readonly u: number;
  readonly seq: number;
}

/**
 * A Bybit v5 spot depth frame, keys in spot order as recorded (`topic, ts, type, data{s, b, a, u, seq}, cts`):
 * prices and sizes are decimal strings without trailing zeros (a deleted level's size is `"0"`), bids
 * best first then asks best first.
 */
export function bybitBookPayload(book: SimulatedBook, input: BybitBookPayloadInput): Record<string, unknown> {
  const pairs = (levels: TickBook['bids']): string[][] => levels.map((l) => [trimmedDecimal(book.price(l.tick)), trimmedDecimal(book.size(l.lots))]);
  return {
    topic: input.topic,
    ts: input.ts,
    type: input.type,
    data: { s: book.symbol, b: pairs(input.levels.bids), a: pairs(input.levels.asks), u: input.u, seq: input.seq },
    cts: input.cts,
  };
}
