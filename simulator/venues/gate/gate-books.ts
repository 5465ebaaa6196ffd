import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import type { TickBook } from '../../book-view-diff.js';
import type { BookChange, SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import { GATE_BOOK_CHANNEL, gateTopic, gateTopicParts } from './gate-frames.js';
import type { GateUnits } from './gate-units.js';

/** `order_book_update` pushes every 100 ms (the `"100ms"` of a subscription: docs "Changed order book levels"). */
export const GATE_BOOK_INTERVAL_MS = 100;

/** A level as written: spot `["price","size"]` in the coin, futures `{"p":"price","s":<contracts>}`. */
export type GateLevel = readonly [string, string] | { readonly p: string; readonly s: number };

/** One instrument's depth: the levels changed since its last push, the book as of that push, its faults. */
interface BookState {
  readonly topic: string;
  readonly book: SimulatedBook;
  /** `u` of the last push made (sent or not): what the REST snapshot's `id` is. */
  lastU: number;
  /** Levels touched since the last push, by `side:tick`. */
  touched: Map<string, BookChange>;
  /** The book as of `lastU`: what a client in sync holds, and what the REST snapshot serves. */
  view: TickBook;
  readonly faults: Set<BookFault>;
  /** A crossed bid sent by the `cross` fault, deleted by the next push. */
  phantomBid?: number;
}

/** A REST order book as Gate answers it: the id the pushes reached and the levels at it, written. */
export interface GateBookSnapshot {
  readonly id: number;
  readonly bids: readonly GateLevel[];
  readonly asks: readonly GateLevel[];
}

export interface GateBooksConfig {
  readonly books: SimulatedBooks;
  readonly units: GateUnits;
}

/**
 * Gate's `spot.order_book_update` and `futures.order_book_update` over the venue's simulated books, one
 * topic per instrument (`order_book_update:BTC_USDT`): nothing on subscribe (the client takes the REST
 * snapshot, `GET .../order_book?with_id=true`, {@link snapshot}), then, at each 100 ms boundary when the
 * book changed, a push of every level changed with its absolute size (0 deletes) holding update ids
 * `U` = the last push's `u` + 1 to `u` = the book's update id. The REST snapshot's `id` is the last `u`
 * made and its levels the book as of it, so the next push starts at `id + 1`. Faults act on the
 * instrument's next push: `drop` (made and not sent: the next `U` skips past the client's `u` + 1),
 * `cross` (a bid a tick above the best ask, deleted by the push after); `restart` and `checksum` are
 * not Gate's (no snapshot is pushed, no checksum is sent).
 */
export class GateBooks implements BookChannels {
  readonly channels = [GATE_BOOK_CHANNEL];
  private readonly states = new Map<string, BookState>();
  private pending = new Set<BookState>();
  private clock = 0;

  constructor(private readonly config: GateBooksConfig) {
    config.books.onCreate((book) => {
      this.states.set(book.symbol, {
        topic: gateTopic(GATE_BOOK_CHANNEL, book.symbol),
        book,
        lastU: book.updateId,
        touched: new Map(),
        view: book.top(book.depth),
        faults: new Set(),
      });
    });
  }

  accepts(topic: string): boolean {
    const parts = gateTopicParts(topic);
    return parts?.channel === GATE_BOOK_CHANNEL && this.config.books.market.has(parts.symbol);
  }

  /** Nothing is sent on subscribe; the book is created so that its ids start now. */
  onSubscribe(topic: string): readonly BookMessage[] {
    const parts = gateTopicParts(topic);
    if (parts !== undefined) this.config.books.book(parts.symbol);
    return [];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const before = this.clock;
    this.clock += elapsedMs;
    const changes = this.config.books.advance(elapsedMs, (symbol) => subscribed(gateTopic(GATE_BOOK_CHANNEL, symbol)));
    for (const [symbol, changed] of changes) {
      const state = this.states.get(symbol);
      if (state === undefined || changed.length === 0) continue;
      for (const change of changed) state.touched.set(`${change.side}:${change.tick}`, change);
      this.pending.add(state);
    }
    if (Math.floor(this.clock / GATE_BOOK_INTERVAL_MS) === Math.floor(before / GATE_BOOK_INTERVAL_MS)) return [];
    const due = this.pending;
    this.pending = new Set();
    const messages: BookMessage[] = [];
    for (const state of due) {
      const message = this.next(state, now, subscribed(state.topic));
      if (message !== undefined) messages.push(message);
      if (state.faults.size > 0 || state.phantomBid !== undefined) this.pending.add(state);
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if ((fault !== 'drop' && fault !== 'cross') || !this.config.books.market.has(symbol) || this.config.books.book(symbol) === undefined) return false;
    const state = this.states.get(symbol);
    if (state === undefined) return false;
    state.faults.add(fault);
    this.pending.add(state);
    return true;
  }

  clearFaults(): void {
    for (const state of this.states.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    if (channel !== GATE_BOOK_CHANNEL || this.config.books.book(symbol) === undefined) return undefined;
    const state = this.states.get(symbol);
    if (state === undefined) return undefined;
    const pairs = (side: readonly TickLevel[]) =>
      side.slice(0, levels).map((l): [string, string] => [trimmedDecimal(state.book.price(l.tick)), this.sizeText(state.book, l.lots)]);
    return { symbol, channel, updateId: state.lastU, bids: pairs(state.view.bids), asks: pairs(state.view.asks) };
  }

  /** The REST order book of `symbol`, its best `limit` levels a side; undefined for an instrument the venue does not list. */
  snapshot(symbol: string, limit: number): GateBookSnapshot | undefined {
    const book = this.config.books.book(symbol);
    const state = book === undefined ? undefined : this.states.get(symbol);
    if (state === undefined) return undefined;
    const side = (levels: readonly TickLevel[]) => levels.slice(0, limit).flatMap((l) => this.level(state.book, l.tick, l.lots));
    return { id: state.lastU, bids: side(state.view.bids), asks: side(state.view.asks) };
  }

  /** A level's size as the control API shows it: the written size (futures contracts as digits). */
  private sizeText(book: SimulatedBook, lots: number): string {
    return this.config.units.kind === 'spot' ? this.config.units.lots(book.symbol, lots) : String(lots);
  }

  /** A level as written; none for a futures level of no whole contract (never, a lot being a contract, but kept out if so). */
  private level(book: SimulatedBook, tick: number, lots: number, deleted = false): GateLevel[] {
    const price = trimmedDecimal(book.price(tick));
    const { units } = this.config;
    if (units.kind === 'spot') return [[price, units.lots(book.symbol, lots)]];
    const contracts = units.contracts(book.symbol, Number(book.size(lots)));
    return contracts === 0 && !deleted ? [] : [{ p: price, s: contracts }];
  }

  /** The instrument's next push, or undefined when nothing changed, nobody listens or the push is dropped. */
  private next(state: BookState, now: number, listened: boolean): BookMessage | undefined {
    const { book } = state;
    const bestAsk = book.asks.best();
    const cross = listened && bestAsk !== undefined && state.faults.delete('cross');
    const phantom = state.phantomBid;
    if (state.touched.size === 0 && phantom === undefined && !cross) return undefined;
    // Sending or deleting the crossed bid is an update of its own.
    if (phantom !== undefined || cross) book.updateId += 1;
    const first = state.lastU + 1;
    const bids: GateLevel[] = [];
    const asks: GateLevel[] = [];
    for (const change of [...state.touched.values()].sort((x, y) => x.tick - y.tick))
      (change.side === 'bid' ? bids : asks).push(...this.level(book, change.tick, change.lots, change.lots === 0));
    if (phantom !== undefined && !state.touched.has(`bid:${phantom}`)) bids.push(...this.level(book, phantom, 0, true));
    delete state.phantomBid;
    Object.assign(state, { lastU: book.updateId, touched: new Map(), view: book.top(book.depth) });
    if (!listened) return undefined;
    if (cross && bestAsk !== undefined) {
      state.phantomBid = bestAsk.tick + 1;
      const price = trimmedDecimal(book.price(state.phantomBid));
      const kept = bids.filter((l) => (Array.isArray(l) ? l[0] : (l as { p: string }).p) !== price);
      bids.splice(0, bids.length, ...kept, ...this.level(book, state.phantomBid, book.bids.best()?.lots ?? 1));
    }
    if (state.faults.delete('drop')) return undefined;
    return { topic: state.topic, payload: this.push(book.symbol, first, state.lastU, bids, asks, now) };
  }

  /**
   * A push, keys as recorded: spot `{t, e, E, s, U, u, b, a}` (gate-order_book_update.ndjson line 52),
   * futures `{t, s, U, u, b, a}` (the recorded keys sorted otherwise, gate-futures-order_book_update.ndjson).
   */
  private push(symbol: string, first: number, last: number, bids: readonly GateLevel[], asks: readonly GateLevel[], now: number): Record<string, unknown> {
    const spot = this.config.units.kind === 'spot';
    const result = spot
      ? { t: now, e: 'depthUpdate', E: Math.floor(now / 1000), s: symbol, U: first, u: last, b: bids, a: asks }
      : { t: now, s: symbol, U: first, u: last, b: bids, a: asks };
    return { time: Math.floor(now / 1000), time_ms: now, channel: `${spot ? 'spot' : 'futures'}.${GATE_BOOK_CHANNEL}`, event: 'update', result };
  }
}
