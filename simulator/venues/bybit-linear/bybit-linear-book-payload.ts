import type { TickBook } from '../../book-view-diff.js';
import type { BybitBookPayloadInput } from '../bybit/bybit-book-payload.js';
import type { SimulatedBook } from '../../simulated-book.js';

/**
 * A linear level as recorded: price at the price scale and size at the lot step, trailing zeros kept
 * (`["65114.20","6.054"]`); a deleted level's size is `"0"` (`["65093.10","0"]`).
 */
export function bybitLinearLevel(book: SimulatedBook, tick: number, lots: number): readonly [string, string] {
  return [book.price(tick), lots === 0 ? '0' : book.size(lots)];
}

/**
 * A Bybit v5 linear depth frame, keys in the recorded linear order (`topic, type, ts, data{s, b, a,
 * u, seq}, cts`; bybit-linear-orderbook.ndjson, where spot puts `ts` before `type`), levels written
 * by `level` (`bybitLinearLevel`; an inverse venue's writes USD).
 */
export function bybitLinearBookPayload(
  book: SimulatedBook,
  input: BybitBookPayloadInput,
  level: (book: SimulatedBook, tick: number, lots: number) => readonly [string, string] = bybitLinearLevel,
): Record<string, unknown> {
  const pairs = (levels: TickBook['bids']): (readonly [string, string])[] => levels.map((l) => level(book, l.tick, l.lots));
  return {
    topic: input.topic,
    type: input.type,
    ts: input.ts,
    data: { s: book.symbol, b: pairs(input.levels.bids), a: pairs(input.levels.asks), u: input.u, seq: input.seq },
    cts: input.cts,
  };
}
