import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import { bookViewDiff, type TickBook } from '../../book-view-diff.js';
import { bybitBookPayload, type BybitBookPayloadInput } from './bybit-book-payload.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';

/** Bybit spot depth topics served with snapshot + deltas (`orderbook.1` stays the best bid/ask ticker). */
export const BYBIT_BOOK_DEPTHS = [50, 200, 1000] as const;
export type BybitBookDepth = (typeof BYBIT_BOOK_DEPTHS)[number];

/** Bybit spot push intervals per depth, ms (orderbook.mdx: 50 -> 20 ms, 200 -> 100 ms, 1000 -> 200 ms). */
export const DEFAULT_BYBIT_BOOK_INTERVALS_MS: Readonly<Record<BybitBookDepth, number>> = { 50: 20, 200: 100, 1000: 200 };

export interface BybitBookTopicsConfig {
  readonly books: SimulatedBooks;
  /** The depths served and each one's push interval, ms; default spot's (`DEFAULT_BYBIT_BOOK_INTERVALS_MS`; linear's are the same, options serve 25 and 100). */
  readonly depths?: Readonly<Record<number, number>>;
  /** Delta interval per depth, ms, over `depths`' (a test's shorter ones). */
  readonly intervalsMs?: Readonly<Record<number, number>>;
  /** How a frame is written; default spot's (`bybitBookPayload`), linear has its own key order and decimals. */
  readonly payload?: (book: SimulatedBook, input: BybitBookPayloadInput) => Record<string, unknown>;
  /** How a level is written for the control API's book view; default spot's, trailing zeros trimmed. */
  readonly level?: (book: SimulatedBook, tick: number, lots: number) => readonly [string, string];
}

/** A Bybit spot level: price and size without trailing zeros. */
const spotLevel = (book: SimulatedBook, tick: number, lots: number) => [trimmedDecimal(book.price(tick)), trimmedDecimal(book.size(lots))] as const;

/** One topic's stream: the view its subscribers hold (as of `u`), and the faults armed on it. */
interface TopicState {
  readonly topic: string;
  readonly depth: number;
  readonly book: SimulatedBook;
  /** The view as of the last frame (what a subscriber holds), undefined until first subscribed. */
  view?: TickBook;
  u: number;
  seq: number;
  cts: number;
  faults: Set<BookFault>;
  /** A crossed bid sent by the `cross` fault, deleted by the next delta. */
  phantomBid?: number;
}

const EMPTY: TickBook = { bids: [], asks: [] };

/**
 * Bybit v5 `orderbook.{depth}.{SYMBOL}` (spot's and linear's 50, 200, 1000; options' 25, 100): a
 * snapshot on subscribe (the topic's current view and `u`; a fresh view with `u` + 1 when no other
 * connection holds the topic), then a delta
 * per interval with the levels that changed in the top `depth` (size `"0"` deletes, levels leaving
 * the top N included), `u` + 1 per frame, `seq` and `cts`. A delta with nothing in it is not sent.
 * Only topics whose book changed (or with a fault armed) are looked at when their interval comes,
 * so thousands of quiet topics cost nothing. Faults act on the symbol's next frame of each depth
 * topic: `drop` (the frame is not sent, so the next `u` skips one), `restart` (a snapshot with
 * `u` = 1, then `u` counts on from 1), `cross` (one bid above the best ask; the next delta deletes it).
 */
export class BybitBookTopics implements BookChannels {
  readonly channels: readonly string[];
  private readonly depths: readonly number[];
  /** `orderbook.{depth}.{symbol}` of a depth served: the depth in group 1, the symbol in group 2. */
  private readonly topic: RegExp;
  private readonly topics = new Map<string, TopicState>();
  private readonly bySymbol = new Map<string, TopicState[]>();
  /** Per depth, the topics to look at when its interval comes: their book changed, or a fault waits. */
  private readonly pending: Map<number, Set<TopicState>>;
  private readonly intervals: Readonly<Record<number, number>>;
  private clock = 0;

  constructor(private readonly config: BybitBookTopicsConfig) {
    this.intervals = { ...(config.depths ?? DEFAULT_BYBIT_BOOK_INTERVALS_MS), ...config.intervalsMs };
    this.depths = Object.keys(config.depths ?? DEFAULT_BYBIT_BOOK_INTERVALS_MS).map(Number);
    this.channels = this.depths.map((d) => `orderbook.${d}`);
    this.topic = new RegExp(`^orderbook\\.(${this.depths.join('|')})\\.(.+)$`);
    this.pending = new Map(this.depths.map((d) => [d, new Set()]));
    config.books.onCreate((book) => {
      const states = this.depths.map((depth): TopicState => {
        const topic = `orderbook.${depth}.${book.symbol}`;
        const u = 10_000_000 + Math.floor((book.seq % 1000) * 1000) + depth;
        return { topic, depth, book, u, seq: book.seq, cts: 0, faults: new Set() };
      });
      for (const state of states) this.topics.set(state.topic, state);
      this.bySymbol.set(book.symbol, states);
    });
  }

  accepts(topic: string): boolean {
    const symbol = this.topic.exec(topic)?.[2];
    return symbol !== undefined && this.config.books.market.has(symbol);
  }

  onSubscribe(topic: string, now: number, othersHold = false): readonly BookMessage[] {
    const state = this.state(topic);
    if (state === undefined) return [];
    if (state.view === undefined || !othersHold) {
      // Nobody held this topic's book: it moved on without frames, as the venue's would.
      Object.assign(state, { view: state.book.top(state.depth), u: state.u + 1, seq: state.book.seq, cts: now });
    }
    if (state.faults.size > 0 || state.phantomBid !== undefined) this.pend(state);
    return [this.message(state, 'snapshot', state.view ?? EMPTY, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const before = this.clock;
    this.clock += elapsedMs;
    const changed = this.config.books.advance(elapsedMs, (symbol) => (this.bySymbol.get(symbol) ?? []).some((s) => subscribed(s.topic)));
    for (const [symbol, changes] of changed) if (changes.length > 0) for (const state of this.bySymbol.get(symbol) ?? []) this.pend(state);
    const messages: BookMessage[] = [];
    for (const depth of this.depths) {
      const interval = this.intervals[depth] ?? 100;
      if (Math.floor(this.clock / interval) === Math.floor(before / interval)) continue;
      const due = this.pending.get(depth) ?? new Set<TopicState>();
      this.pending.set(depth, new Set());
      for (const state of due) {
        if (!subscribed(state.topic) || state.view === undefined) continue;
        const message = this.next(state, now);
        if (message !== undefined) messages.push(message);
        if (state.faults.size > 0 || state.phantomBid !== undefined) this.pend(state);
      }
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if (fault === 'checksum' || !this.config.books.market.has(symbol)) return false;
    this.config.books.book(symbol);
    const states = this.bySymbol.get(symbol) ?? [];
    for (const state of states) {
      state.faults.add(fault);
      this.pend(state);
    }
    return states.length > 0;
  }

  clearFaults(): void {
    for (const state of this.topics.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    const state = this.state(`${channel}.${symbol}`);
    if (state === undefined) return undefined;
    const view = state.view ?? state.book.top(state.depth);
    const level = this.config.level ?? spotLevel;
    const pairs = (side: TickBook['bids']) => side.slice(0, levels).map((l) => level(state.book, l.tick, l.lots));
    return { symbol, channel, updateId: state.u, bids: pairs(view.bids), asks: pairs(view.asks) };
  }

  /** The topic's state, its book created on first use; undefined for a topic this venue does not serve. */
  private state(topic: string): TopicState | undefined {
    const symbol = this.topic.exec(topic)?.[2];
    if (symbol === undefined || this.config.books.book(symbol) === undefined) return undefined;
    return this.topics.get(topic);
  }

  private pend(state: TopicState): void {
    this.pending.get(state.depth)?.add(state);
  }

  /** The topic's next frame, or undefined when nothing changed or the frame is dropped. */
  private next(state: TopicState, now: number): BookMessage | undefined {
    const view = state.book.top(state.depth);
    if (state.faults.delete('restart')) {
      Object.assign(state, { view, u: 1, seq: state.book.seq, cts: now });
      delete state.phantomBid;
      return this.message(state, 'snapshot', view, now);
    }
    const diff = bookViewDiff(state.view ?? view, view);
    let bids = diff.bids;
    const phantom = state.phantomBid;
    if (phantom !== undefined && !bids.some((l) => l.tick === phantom)) bids = [{ tick: phantom, lots: 0 }, ...bids];
    delete state.phantomBid;
    const cross = state.faults.delete('cross');
    const bestAsk = view.asks[0];
    if (cross && bestAsk !== undefined) {
      const tick = bestAsk.tick + 1;
      // The crossed bid replaces any change at its price (a bid the price fell through is deleted there).
      state.phantomBid = tick;
      bids = [{ tick, lots: view.bids[0]?.lots ?? 1 }, ...bids.filter((l) => l.tick !== tick)];
    }
    if (bids.length === 0 && diff.asks.length === 0) return undefined;
    Object.assign(state, { view, u: state.u + 1, seq: state.book.seq, cts: now });
    if (state.faults.delete('drop')) return undefined;
    return this.message(state, 'delta', { bids, asks: diff.asks }, now);
  }

  private message(state: TopicState, type: 'snapshot' | 'delta', levels: TickBook, now: number): BookMessage {
    const payload = (this.config.payload ?? bybitBookPayload)(state.book, {
      topic: state.topic,
      type,
      ts: now,
      cts: Math.min(state.cts, now),
      levels,
      u: state.u,
      seq: state.seq,
    });
    return { topic: state.topic, payload };
  }
}
