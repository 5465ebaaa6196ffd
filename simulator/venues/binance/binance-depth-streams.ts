import type { TickLevel } from '../../book-side.js';
import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickBook } from '../../book-view-diff.js';
import { paddedDecimal } from '../../scaled-decimal.js';
import type { BookChange, SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';

/** Binance diff-depth streams and their push intervals, ms (`<sym>@depth@100ms`, `<sym>@depth` every second). */
export const BINANCE_DEPTH_STREAMS = { 'depth@100ms': 100, depth: 1000 } as const;
export type BinanceDepthStream = keyof typeof BINANCE_DEPTH_STREAMS;

/** Binance writes prices and quantities with 8 decimals. */
const BINANCE_DECIMALS = 8;

export interface BinanceDepthStreamsConfig {
  readonly books: SimulatedBooks;
  /** Push interval per stream, ms; defaults `BINANCE_DEPTH_STREAMS` (100 and 1000). */
  readonly intervalsMs?: Partial<Record<BinanceDepthStream, number>>;
  /** The streams served and their push intervals, ms, instead of spot's (USD-M: `depth@100ms`, `depth` every 250 ms, `depth@500ms`). */
  readonly streams?: Readonly<Record<string, number>>;
  /** How an event is written; default spot's `{e, E, s, U, u, b, a}`. */
  readonly event?: (event: DepthEvent) => Record<string, unknown>;
  /** How a level is written; default spot's, 8 decimals (`binanceLevel`). */
  readonly level?: (book: SimulatedBook, tick: number, lots: number) => [string, string];
}

/** One diff-depth event before it is written: the symbol, its update range and the levels changed (written already). */
export interface DepthEvent {
  readonly symbol: string;
  readonly now: number;
  /** First update id of the event: the previous event's `u` + 1. */
  readonly first: number;
  /** Last update id of the event. */
  readonly last: number;
  /** The previous event's `u` (sent or not). */
  readonly previous: number;
  readonly bids: readonly [string, string][];
  readonly asks: readonly [string, string][];
}

/** Binance spot's `depthUpdate` (web-socket-streams.md "Diff. Depth Stream"). */
const spotEvent = (event: DepthEvent): Record<string, unknown> => ({
  e: 'depthUpdate',
  E: event.now,
  s: event.symbol,
  U: event.first,
  u: event.last,
  b: event.bids,
  a: event.asks,
});

/** One symbol's diff-depth stream: what changed since its last event, and the book as of that event. */
interface StreamState {
  readonly stream: string;
  readonly channel: string;
  readonly book: SimulatedBook;
  /** `u` of the last event (sent or not). */
  lastU: number;
  /** Levels touched since the last event, by `side:tick`. */
  touched: Map<string, BookChange>;
  /** The book as of `lastU`: what a client in sync holds. */
  view: TickBook;
  faults: Set<BookFault>;
  /** A crossed bid sent by the `cross` fault, deleted by the next event. */
  phantomBid?: number;
}

/** A `[price, quantity]` pair as Binance writes it. */
export function binanceLevel(book: SimulatedBook, tick: number, lots: number): [string, string] {
  return [paddedDecimal(book.price(tick), BINANCE_DECIMALS), paddedDecimal(book.size(lots), BINANCE_DECIMALS)];
}

/**
 * Binance spot diff depth: `<sym>@depth@100ms` and `<sym>@depth` push `depthUpdate` events
 * `{e, E, s, U, u, b, a}` holding every level changed since the previous event with its absolute
 * quantity (0 removes), `U` = previous `u` + 1 and `u` = the book's update id. Nothing is sent on
 * subscribe (clients take the REST snapshot) and no event when nothing changed; only streams whose
 * book changed (or with a fault armed) are looked at when their interval comes. Faults act on the
 * symbol's next event: `drop` (not sent: the next `U` is beyond the client's `u` + 1), `cross`
 * (one bid above the best ask, deleted by the event after).
 */
export class BinanceDepthStreams implements BookChannels {
  readonly channels: readonly string[];
  private readonly streams = new Map<string, StreamState>();
  private readonly bySymbol = new Map<string, StreamState[]>();
  private readonly pending: Map<string, Set<StreamState>>;
  private readonly intervals: Readonly<Record<string, number>>;
  private readonly pattern: RegExp;
  private clock = 0;

  constructor(private readonly config: BinanceDepthStreamsConfig) {
    this.intervals = { ...(config.streams ?? BINANCE_DEPTH_STREAMS), ...config.intervalsMs };
    this.channels = Object.keys(this.intervals);
    this.pending = new Map(this.channels.map((c) => [c, new Set()]));
    // Longer names first, so that `depth@100ms` is not read as `depth`.
    const names = [...this.channels].sort((x, y) => y.length - x.length).map((c) => c.replace(/[.@]/g, (m) => `\\${m}`));
    this.pattern = new RegExp(`^([a-z0-9]+)@(${names.join('|')})$`);
    config.books.onCreate((book) => {
      const states = this.channels.map((channel): StreamState => ({
        stream: `${book.symbol.toLowerCase()}@${channel}`,
        channel,
        book,
        lastU: book.updateId,
        touched: new Map(),
        view: book.top(book.depth),
        faults: new Set(),
      }));
      for (const state of states) this.streams.set(state.stream, state);
      this.bySymbol.set(book.symbol, states);
    });
  }

  accepts(topic: string): boolean {
    const symbol = this.pattern.exec(topic)?.[1]?.toUpperCase();
    return symbol !== undefined && this.config.books.market.has(symbol);
  }

  /** Nothing is sent on subscribe; the book is created so that the stream's sequence starts now. */
  onSubscribe(topic: string): readonly BookMessage[] {
    const symbol = this.pattern.exec(topic)?.[1]?.toUpperCase();
    if (symbol !== undefined) this.config.books.book(symbol);
    return [];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const before = this.clock;
    this.clock += elapsedMs;
    const changes = this.config.books.advance(elapsedMs, (symbol) => (this.bySymbol.get(symbol) ?? []).some((s) => subscribed(s.stream)));
    for (const [symbol, changed] of changes) {
      if (changed.length === 0) continue;
      for (const state of this.bySymbol.get(symbol) ?? []) {
        for (const change of changed) state.touched.set(`${change.side}:${change.tick}`, change);
        this.pend(state);
      }
    }
    const messages: BookMessage[] = [];
    for (const channel of this.channels) {
      const interval = this.intervals[channel] ?? 1000;
      if (Math.floor(this.clock / interval) === Math.floor(before / interval)) continue;
      const due = this.pending.get(channel) as Set<StreamState>;
      this.pending.set(channel, new Set());
      for (const state of due) {
        const message = this.next(state, now, subscribed(state.stream));
        if (message !== undefined) messages.push(message);
        if (state.faults.size > 0 || state.phantomBid !== undefined) this.pend(state);
      }
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if (fault === 'restart' || fault === 'checksum' || !this.config.books.market.has(symbol)) return false;
    this.config.books.book(symbol);
    const states = this.bySymbol.get(symbol) ?? [];
    for (const state of states) {
      state.faults.add(fault);
      this.pend(state);
    }
    return states.length > 0;
  }

  clearFaults(): void {
    for (const state of this.streams.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    if (this.config.books.book(symbol) === undefined) return undefined;
    const state = this.streams.get(`${symbol.toLowerCase()}@${channel}`);
    if (state === undefined) return undefined;
    const level = this.config.level ?? binanceLevel;
    const pairs = (side: readonly TickLevel[]) => side.slice(0, levels).map((l) => level(state.book, l.tick, l.lots));
    return { symbol, channel, updateId: state.lastU, bids: pairs(state.view.bids), asks: pairs(state.view.asks) };
  }

  private pend(state: StreamState): void {
    this.pending.get(state.channel)?.add(state);
  }

  /** The stream's next event, or undefined when nothing changed, nobody listens or the event is dropped. */
  private next(state: StreamState, now: number, listened: boolean): BookMessage | undefined {
    const { book } = state;
    const bestAsk = book.asks.best();
    const cross = listened && bestAsk !== undefined && state.faults.delete('cross');
    const phantom = state.phantomBid;
    if (state.touched.size === 0 && phantom === undefined && !cross) return undefined;
    // Sending or deleting the crossed bid is an update of its own.
    if (phantom !== undefined || cross) book.updateId += 1;
    const level = this.config.level ?? binanceLevel;
    const previous = state.lastU;
    const first = state.lastU + 1;
    const bids: [string, string][] = [];
    const asks: [string, string][] = [];
    for (const change of [...state.touched.values()].sort((x, y) => x.tick - y.tick)) {
      (change.side === 'bid' ? bids : asks).push(level(book, change.tick, change.lots));
    }
    if (phantom !== undefined && !state.touched.has(`bid:${phantom}`)) bids.push(level(book, phantom, 0));
    delete state.phantomBid;
    Object.assign(state, { lastU: book.updateId, touched: new Map(), view: book.top(book.depth) });
    if (!listened) return undefined;
    if (cross && bestAsk !== undefined) {
      state.phantomBid = bestAsk.tick + 1;
      const [price] = level(book, state.phantomBid, 0);
      const kept = bids.filter(([p]) => p !== price);
      bids.splice(0, bids.length, ...kept, level(book, state.phantomBid, book.bids.best()?.lots ?? 1));
    }
    if (state.faults.delete('drop')) return undefined;
    const event = { symbol: book.symbol, now, first, last: state.lastU, previous, bids, asks };
    return { topic: state.stream, payload: (this.config.event ?? spotEvent)(event) };
  }
}
