import type { TickBook } from '../../book-view-diff.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import { SimulatedBooks } from '../../simulated-books.js';
import type { BybitBookPayloadInput } from '../bybit/bybit-book-payload.js';
import { BybitBookTopics } from '../bybit/bybit-book-topics.js';
import type { BybitOptionChain } from './bybit-option-chain.js';
import { optionMessageId } from './bybit-option-trade-frames.js';

/** The option depths and their push intervals, ms (orderbook.mdx, Option: "Level 25 data, push frequency: 20ms", "Level 100 data, push frequency: 100ms"). */
export const BYBIT_OPTION_BOOK_DEPTHS: Readonly<Record<number, number>> = { 25: 20, 100: 100 };

/** Levels a side an option book keeps: the deepest topic's. */
const OPTION_BOOK_LEVELS = 100;

/** An option level as recorded: price and size without trailing zeros (`["1.74","46"]`; a deleted level `["1.74","0"]`). */
export function bybitOptionLevel(book: SimulatedBook, tick: number, lots: number): readonly [string, string] {
  return [trimmedDecimal(book.price(tick)), trimmedDecimal(book.size(lots))];
}

/**
 * A Bybit v5 option depth frame: the recorded envelope (`bybit-option-orderbook.ndjson`: `id, topic, ts,
 * data{s, b, a, u}, type`; an empty side `[]`) with the documented `data.seq` (the cross sequence, also
 * the middle of `id`) and `cts` (orderbook.mdx, Response Parameters).
 */
export function bybitOptionBookPayload(book: SimulatedBook, input: BybitBookPayloadInput): Record<string, unknown> {
  const pairs = (levels: TickBook['bids']): (readonly [string, string])[] => levels.map((l) => bybitOptionLevel(book, l.tick, l.lots));
  return {
    id: optionMessageId(input.topic, input.seq, input.ts),
    topic: input.topic,
    ts: input.ts,
    data: { s: book.symbol, b: pairs(input.levels.bids), a: pairs(input.levels.asks), u: input.u, seq: input.seq },
    type: input.type,
    cts: input.cts,
  };
}

/** The option books and their topics. */
export interface BybitOptionBooks {
  readonly books: SimulatedBooks;
  readonly topics: BybitBookTopics;
}

/**
 * Bybit's option books: one per option, made on first use, 100 levels a side, pinned to Bybit's quote
 * (an option with no bid has an empty bid side) and moved to it at each step of the chain's marks; served
 * as `orderbook.25` and `orderbook.100` by the Bybit books' snapshot-then-delta machinery
 * (`BybitBookTopics`: `u` + 1 a frame, faults), in the option framing.
 */
export function bybitOptionBooks(chain: BybitOptionChain, seed: number): BybitOptionBooks {
  const books = new SimulatedBooks({
    market: chain.market,
    seed,
    depth: OPTION_BOOK_LEVELS,
    eager: false,
    touch: (symbol, state) => chain.quotes.anchor(symbol) ?? state,
  });
  const topics = new BybitBookTopics({ books, depths: BYBIT_OPTION_BOOK_DEPTHS, payload: bybitOptionBookPayload, level: bybitOptionLevel });
  return { books, topics };
}
