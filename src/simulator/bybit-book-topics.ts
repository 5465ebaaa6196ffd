import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from './book-channels.js';
import { bookViewDiff, type TickBook } from './book-view-diff.js';
import { bybitBookPayload } from './bybit-book-payload.js';
import { trimmedDecimal } from './scaled-decimal.js';
import type { SimulatedBook } from './simulated-book.js';
import type { SimulatedBooks } from './simulated-books.js';

/** Bybit spot depth topics served with snapshot + deltas (`orderbook.1` stays the best bid/ask ticker). */
export const BYBIT_BOOK_DEPTHS = [50, 200, 1000] as const;
export type BybitBookDepth = (typeof BYBIT_BOOK_DEPTHS)[number];

/** Bybit spot push intervals per depth, ms (orderbook.mdx: 50 -> 20 ms, 200 -> 100 ms, 1000 -> 200 ms). */
export const DEFAULT_BYBIT_BOOK_INTERVALS_MS: Readonly<Record<BybitBookDepth, number>> = { 50: 20, 200: 100, 1000: 200 };

export interface BybitBookTopicsConfig {
  readonly books: SimulatedBooks;
  /** Delta interval per depth, ms; defaults `DEFAULT_BYBIT_BOOK_INTERVALS_MS`. */
  readonly intervalsMs?: Partial<Record<BybitBookDepth, number>>;
}

/** One topic's stream: the view its subscribers hold (as of `u`), and the faults armed on it. */
interface TopicState {
  readonly topic: string;
  readonly depth: BybitBookDepth;
  readonly book: SimulatedBook;
  readonly intervalMs: number;
  sinceMs: number;
  /** The view as of the last frame (what a subscriber holds), undefined until first subscribed. */
  view?: TickBook;
  u: number;
  seq: number;
  cts: number;
  /** No subscriber at the last step: the view is refreshed before the next snapshot. */
  idle: boolean;
  faults: Set<BookFault>;
  /** A crossed bid sent by the `cross` fault, deleted by the next delta. */
  phantomBid?: number;
}

const EMPTY: TickBook = { bids: [], asks: [] };

/**
 * Bybit v5 spot `orderbook.{50|200|1000}.{SYMBOL}`: a snapshot on subscribe (the topic's current
 * view and `u`), then a delta per interval with the levels that changed in the top `depth` (size
 * `"0"` deletes, levels leaving the top N included), `u` + 1 per frame, `seq` and `cts`. A delta
 * with nothing in it is not sent. Faults act on the symbol's next frame of each depth topic:
 * `drop` (the frame is not sent, so the next `u` skips one), `restart` (a snapshot with `u` = 1,
 * then `u` counts on from 1), `cross` (one bid above the best ask; the next delta deletes it).
 */
export class BybitBookTopics implements BookChannels {
  readonly channels = BYBIT_BOOK_DEPTHS.map((d) => `orderbook.${d}`);
  private readonly topics = new Map<string, TopicState>();

  constructor(private readonly config: BybitBookTopicsConfig) {
    const intervals = { ...DEFAULT_BYBIT_BOOK_INTERVALS_MS, ...config.intervalsMs };
    config.books.symbols.forEach((symbol) => {
      const book = config.books.book(symbol) as SimulatedBook;
      for (const depth of BYBIT_BOOK_DEPTHS) {
        const topic = `orderbook.${depth}.${symbol}`;
        const u = 10_000_000 + Math.floor((book.seq % 1000) * 1000) + depth;
        this.topics.set(topic, { topic, depth, book, intervalMs: intervals[depth], sinceMs: 0, u, seq: book.seq, cts: 0, idle: true, faults: new Set() });
      }
    });
  }

  accepts(topic: string): boolean {
    return this.topics.has(topic);
  }

  onSubscribe(topic: string, now: number): readonly BookMessage[] {
    const state = this.topics.get(topic);
    if (state === undefined) return [];
    if (state.view === undefined || state.idle) {
      // Nobody held this topic's book: it moved on without frames, as the venue's would.
      Object.assign(state, { view: state.book.top(state.depth), u: state.u + 1, seq: state.book.seq, cts: now, idle: false });
    }
    return [this.message(state, 'snapshot', state.view ?? EMPTY, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const followed = new Set([...this.topics.values()].filter((s) => subscribed(s.topic)).map((s) => s.book.symbol));
    this.config.books.step((symbol) => followed.has(symbol));
    const messages: BookMessage[] = [];
    for (const state of this.topics.values()) {
      state.sinceMs += elapsedMs;
      if (state.sinceMs < state.intervalMs) continue;
      state.sinceMs = 0;
      if (!subscribed(state.topic) || state.view === undefined) {
        state.idle = true;
        continue;
      }
      const message = this.next(state, now);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    const states = [...this.topics.values()].filter((s) => s.book.symbol === symbol);
    for (const state of states) state.faults.add(fault);
    return states.length > 0;
  }

  clearFaults(): void {
    for (const state of this.topics.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    const state = this.topics.get(`${channel}.${symbol}`);
    if (state === undefined) return undefined;
    const view = state.view ?? state.book.top(state.depth);
    const pairs = (side: TickBook['bids']) => side.slice(0, levels).map((l) => [trimmedDecimal(state.book.price(l.tick)), trimmedDecimal(state.book.size(l.lots))] as const);
    return { symbol, channel, updateId: state.u, bids: pairs(view.bids), asks: pairs(view.asks) };
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
    const payload = bybitBookPayload(state.book, { topic: state.topic, type, ts: now, cts: Math.min(state.cts, now), levels, u: state.u, seq: state.seq });
    return { topic: state.topic, payload };
  }
}
