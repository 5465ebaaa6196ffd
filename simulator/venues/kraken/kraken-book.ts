import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickBook } from '../../book-view-diff.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { krakenBookPayload } from './kraken-book-payload.js';
import { heldAfter, updateLevels } from './kraken-book-view.js';
import { krakenBookChecksum } from './kraken-checksum.js';

/** The depths the `book` channel takes (spot-websocket-v2/book: 10, 25, 100, 500, 1000; default 10). */
export const KRAKEN_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
export type KrakenBookDepth = (typeof KRAKEN_BOOK_DEPTHS)[number];
export const DEFAULT_KRAKEN_BOOK_DEPTH: KrakenBookDepth = 10;

/** The shared book faults and Kraken's own: `checksum`, the next update carries a wrong checksum. */
export type KrakenBookFault = BookFault;
export const KRAKEN_BOOK_FAULTS: readonly KrakenBookFault[] = ['drop', 'cross', 'restart', 'checksum'];

/** The simulator's topic of a symbol's book at a depth: `book.10:BTC/USD` (one topic per depth: each depth gets its own updates). */
export function krakenBookTopic(depth: KrakenBookDepth, symbol: string): string {
  return `book.${depth}:${symbol}`;
}

const TOPIC = /^book\.(10|25|100|500|1000):(.+)$/;

/** One depth topic's stream: the book its subscribers hold (as a correct client keeps it), and the faults armed on it. */
interface TopicState {
  readonly topic: string;
  readonly depth: KrakenBookDepth;
  readonly book: SimulatedBook;
  /** What a subscriber holds after the last frame (snapshot or update, dropped ones included); undefined until first subscribed. */
  held?: TickBook;
  /** Frames made since the first snapshot (the control API's `updateId`). */
  frames: number;
  readonly faults: Set<KrakenBookFault>;
  /** A crossed bid was sent: the next update deletes it, whether or not the book changed. */
  crossed: boolean;
}

export interface KrakenBookConfig {
  readonly books: SimulatedBooks;
}

/**
 * Kraken Spot WebSocket v2 `book` over the venue's simulated books, one topic per symbol and depth
 * (`book.{10|25|100|500|1000}:{SYMBOL}`): a snapshot of `depth` levels a side on subscribe (the
 * topic's held book when other connections hold it, else a fresh one), then an `update` at each
 * generation step in which the book changed, with the levels that changed in the top `depth`
 * (quantity 0 deletes; a level pushed below the depth is not deleted, the client truncates; a level
 * that comes into the top because one above went is sent). Every frame carries the CRC-32
 * `checksum` of the top 10 levels a side of the book the client holds after it, and a `timestamp`.
 * Faults act on each depth topic's next update of the symbol: `drop` (not sent: the client's book
 * differs from then on, so the next checksum fails), `cross` (one bid above the best ask; the next
 * update deletes it), `restart` (a fresh snapshot), `checksum` (a wrong checksum; the book is right).
 */
export class KrakenBook implements BookChannels {
  readonly channels = KRAKEN_BOOK_DEPTHS.map((d) => `book.${d}`);
  private readonly topics = new Map<string, TopicState>();
  private readonly bySymbol = new Map<string, TopicState[]>();
  /** Topics to look at in the next step: their book changed, a fault waits, or a crossed bid is to be deleted. */
  private pending = new Set<TopicState>();

  constructor(private readonly config: KrakenBookConfig) {
    config.books.onCreate((book) => {
      const states = KRAKEN_BOOK_DEPTHS.map((depth): TopicState => ({
        topic: krakenBookTopic(depth, book.symbol),
        depth,
        book,
        frames: 0,
        faults: new Set(),
        crossed: false,
      }));
      for (const state of states) this.topics.set(state.topic, state);
      this.bySymbol.set(book.symbol, states);
    });
  }

  accepts(topic: string): boolean {
    const symbol = TOPIC.exec(topic)?.[2];
    return symbol !== undefined && this.config.books.market.has(symbol);
  }

  onSubscribe(topic: string, now: number, othersHold = false): readonly BookMessage[] {
    const state = this.state(topic);
    if (state === undefined) return [];
    // Nobody held this topic: its book moved on without frames, so the newcomer starts afresh.
    if (state.held === undefined || !othersHold) state.held = state.book.top(state.depth);
    if (state.faults.size > 0 || state.crossed) this.pending.add(state);
    return [this.message(state, 'snapshot', state.held, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const changed = this.config.books.advance(elapsedMs, (symbol) => (this.bySymbol.get(symbol) ?? []).some((s) => subscribed(s.topic)));
    for (const [symbol, changes] of changed) if (changes.length > 0) for (const state of this.bySymbol.get(symbol) ?? []) this.pending.add(state);
    const due = this.pending;
    this.pending = new Set();
    const messages: BookMessage[] = [];
    for (const state of due) {
      if (!subscribed(state.topic) || state.held === undefined) continue;
      const message = this.next(state, now);
      if (message !== undefined) messages.push(message);
      if (state.faults.size > 0 || state.crossed) this.pending.add(state);
    }
    return messages;
  }

  arm(fault: KrakenBookFault, symbol: string): boolean {
    if (!this.config.books.market.has(symbol) || this.config.books.book(symbol) === undefined) return false;
    for (const state of this.bySymbol.get(symbol) ?? []) {
      state.faults.add(fault);
      this.pending.add(state);
    }
    return true;
  }

  /** Arms Kraken's own fault: the symbol's next update of each depth carries a wrong checksum (until `BookFault` names `checksum`). */
  armChecksum(symbol: string): boolean {
    return this.arm('checksum', symbol);
  }

  clearFaults(): void {
    for (const state of this.topics.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    const state = this.state(`${channel}:${symbol}`);
    if (state === undefined) return undefined;
    const { book } = state;
    const held = state.held ?? book.top(state.depth);
    const pairs = (side: TickBook['bids']) =>
      side.slice(0, levels).map((l) => [scaledDecimal(l.tick, book.priceDecimals), scaledDecimal(l.lots, book.sizeDecimals)] as const);
    return { symbol, channel, updateId: state.frames, bids: pairs(held.bids), asks: pairs(held.asks) };
  }

  /** The topic's state, its book created on first use; undefined for a topic this venue does not serve. */
  private state(topic: string): TopicState | undefined {
    const symbol = TOPIC.exec(topic)?.[2];
    if (symbol === undefined || !this.config.books.market.has(symbol) || this.config.books.book(symbol) === undefined) return undefined;
    return this.topics.get(topic);
  }

  /** The topic's next frame, or undefined when nothing changed in its top levels or the frame is dropped. */
  private next(state: TopicState, now: number): BookMessage | undefined {
    const { book, depth } = state;
    const top = book.top(depth);
    if (state.faults.delete('restart')) {
      Object.assign(state, { held: top, crossed: false, frames: state.frames + 1 });
      return this.message(state, 'snapshot', top, now);
    }
    const held = state.held ?? top;
    let update = updateLevels(held, top, (side, tick) => (side === 'bid' ? book.bids : book.asks).lotsAt(tick) > 0);
    const bestAsk = top.asks[0];
    const cross = state.faults.delete('cross') && bestAsk !== undefined;
    if (cross) {
      // One bid a tick above the best ask, replacing any change at its price.
      const tick = bestAsk.tick + 1;
      update = { bids: [{ tick, lots: top.bids[0]?.lots ?? 1 }, ...update.bids.filter((l) => l.tick !== tick)], asks: update.asks };
    }
    if (update.bids.length === 0 && update.asks.length === 0) return undefined;
    Object.assign(state, { held: heldAfter(held, update, depth), crossed: cross, frames: state.frames + 1 });
    if (state.faults.delete('drop')) return undefined;
    const wrong = state.faults.delete('checksum');
    return this.message(state, 'update', update, now, wrong);
  }

  /** A frame of `levels`, its checksum that of the book the client holds after it (flipped in its lowest bit when `wrongChecksum`). */
  private message(state: TopicState, type: 'snapshot' | 'update', levels: TickBook, now: number, wrongChecksum = false): BookMessage {
    const { book } = state;
    const checksum = krakenBookChecksum(state.held ?? levels, book.priceDecimals, book.sizeDecimals);
    const payload = krakenBookPayload({
      symbol: book.symbol,
      type,
      levels,
      priceDecimals: book.priceDecimals,
      qtyDecimals: book.sizeDecimals,
      checksum: wrongChecksum ? (checksum ^ 1) >>> 0 : checksum,
      ts: now,
    });
    return { topic: state.topic, payload };
  }
}
