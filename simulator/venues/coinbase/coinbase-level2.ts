import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickBook } from '../../book-view-diff.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { BookChange, SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { rfc3339Micro } from './coinbase-time.js';

/** The subscribe name of the channel; its frames say `l2_data`. */
export const COINBASE_LEVEL2 = 'level2';

export interface CoinbaseLevel2Config {
  readonly books: SimulatedBooks;
  /**
   * Told when a `drop` fault loses an update of `topic`: the protocol uses up a `sequence_num` on
   * every connection holding the topic, so that the lost frame leaves its hole (see `SimCoinbaseProtocol.frameLost`).
   */
  readonly onDropped?: (topic: string, now: number) => void;
}

/** One `l2_data` row, keys in the recorded order. */
interface Level2Row {
  readonly side: 'bid' | 'offer';
  readonly event_time: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

/** A product's stream: its book, the faults armed on it, and its update count (the control API's `updateId`). */
interface ProductState {
  readonly topic: string;
  readonly book: SimulatedBook;
  readonly faults: Set<BookFault>;
  /** A crossed bid sent by the `cross` fault, deleted by the next update. */
  phantomBid?: number;
  updates: number;
}

const PREFIX = `${COINBASE_LEVEL2}:`;

/**
 * Coinbase Advanced Trade `level2` (frames on channel `l2_data`) over the venue's simulated books:
 * on subscribe a `snapshot` of the WHOLE book (all bids best first, then all offers best first, one
 * shared `event_time`: memo §2), then at each generation step an `update` with every level that
 * changed (`new_quantity` absolute, `"0"` deletes), bids then offers, one `event_time`. No
 * per-product sequence: only the connection's `sequence_num`, stamped by the protocol's
 * `bookFrame`. Faults act on the product's next update: `drop` (not sent; `onDropped` charges its
 * number), `cross` (one bid above the best ask; the next update deletes it), `restart` (a fresh
 * snapshot instead of the update). Sizes and prices are written as the recorded ones are: the
 * book's decimals with trailing zeros trimmed.
 */
export class CoinbaseLevel2 implements BookChannels {
  readonly channels: readonly string[] = [COINBASE_LEVEL2];
  private readonly states = new Map<string, ProductState>();
  /** Products with a fault armed or a crossed bid to delete: looked at even when their book did not change. */
  private readonly pending = new Set<ProductState>();

  constructor(private readonly config: CoinbaseLevel2Config) {}

  accepts(topic: string): boolean {
    return topic.startsWith(PREFIX) && this.config.books.market.has(topic.slice(PREFIX.length));
  }

  onSubscribe(topic: string, now: number): readonly BookMessage[] {
    const state = topic.startsWith(PREFIX) ? this.state(topic.slice(PREFIX.length)) : undefined;
    return state === undefined ? [] : [this.snapshot(state, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const changed = this.config.books.advance(elapsedMs, (symbol) => subscribed(PREFIX + symbol));
    const messages: BookMessage[] = [];
    const visit = (state: ProductState, changes: readonly BookChange[]): void => {
      if (!subscribed(state.topic)) return;
      const message = this.next(state, changes, now);
      if (message !== undefined) messages.push(message);
    };
    for (const [symbol, changes] of changed) {
      const state = this.states.get(symbol);
      if (state !== undefined) visit(state, changes);
    }
    for (const state of [...this.pending]) if (!changed.has(state.book.symbol)) visit(state, []);
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if (fault === 'checksum') return false;
    const state = this.state(symbol);
    if (state === undefined) return false;
    state.faults.add(fault);
    this.pending.add(state);
    return true;
  }

  clearFaults(): void {
    for (const state of this.states.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    if (channel !== COINBASE_LEVEL2) return undefined;
    const state = this.state(symbol);
    if (state === undefined) return undefined;
    const { book } = state;
    const pairs = (side: TickBook['bids']) => side.map((l) => [trimmedDecimal(book.price(l.tick)), trimmedDecimal(book.size(l.lots))] as const);
    const top = book.top(levels);
    return { symbol, channel, updateId: state.updates, bids: pairs(top.bids), asks: pairs(top.asks) };
  }

  /** The product's stream, its book created on first use; undefined for a product the market does not list. */
  private state(symbol: string): ProductState | undefined {
    const found = this.states.get(symbol);
    if (found !== undefined) return found;
    const book = this.config.books.book(symbol);
    if (book === undefined) return undefined;
    const state: ProductState = { topic: PREFIX + symbol, book, faults: new Set(), updates: 0 };
    this.states.set(symbol, state);
    return state;
  }

  /** The product's next frame: the update of `changes` as the armed faults make it; undefined when there is none to send. */
  private next(state: ProductState, changes: readonly BookChange[], now: number): BookMessage | undefined {
    const { book, faults } = state;
    if (faults.delete('restart')) {
      delete state.phantomBid;
      this.settle(state);
      return this.snapshot(state, now);
    }
    let levels = [...changes];
    const phantom = state.phantomBid;
    if (phantom !== undefined && !levels.some((l) => l.side === 'bid' && l.tick === phantom)) levels.push({ side: 'bid', tick: phantom, lots: 0 });
    delete state.phantomBid;
    const bestAsk = book.asks.best();
    if (bestAsk !== undefined && faults.delete('cross')) {
      const tick = bestAsk.tick + 1;
      state.phantomBid = tick;
      levels = [...levels.filter((l) => !(l.side === 'bid' && l.tick === tick)), { side: 'bid', tick, lots: book.bids.best()?.lots ?? 1 }];
    }
    if (levels.length === 0) {
      this.settle(state);
      return undefined;
    }
    state.updates += 1;
    const dropped = faults.delete('drop');
    this.settle(state);
    if (dropped) {
      this.config.onDropped?.(state.topic, now);
      return undefined;
    }
    const bids = levels.filter((l) => l.side === 'bid').sort((x, y) => y.tick - x.tick);
    const asks = levels.filter((l) => l.side === 'ask').sort((x, y) => x.tick - y.tick);
    return this.message(state, 'update', [...bids, ...asks], now);
  }

  /** Keeps the product among those looked at every step while a fault or a crossed bid waits. */
  private settle(state: ProductState): void {
    if (state.faults.size > 0 || state.phantomBid !== undefined) this.pending.add(state);
    else this.pending.delete(state);
  }

  private snapshot(state: ProductState, now: number): BookMessage {
    const { bids, asks } = state.book.top(Math.max(state.book.bids.length, state.book.asks.length));
    const levels = [...bids.map((l): BookChange => ({ side: 'bid', ...l })), ...asks.map((l): BookChange => ({ side: 'ask', ...l }))];
    return this.message(state, 'snapshot', levels, now);
  }

  /**
   * `{events: [{type, product_id, updates}]}`: the frame's events, framed by the protocol's
   * `bookFrame`. The event time falls in the first half of its millisecond, before the envelope's.
   */
  private message(state: ProductState, type: 'snapshot' | 'update', levels: readonly BookChange[], now: number): BookMessage {
    const { book } = state;
    const eventTime = rfc3339Micro(now, (Math.floor(now) * 7919) % 500);
    const updates = levels.map((l): Level2Row => ({
      side: l.side === 'bid' ? 'bid' : 'offer',
      event_time: eventTime,
      price_level: trimmedDecimal(book.price(l.tick)),
      new_quantity: trimmedDecimal(book.size(l.lots)),
    }));
    return { topic: state.topic, payload: { events: [{ type, product_id: book.symbol, updates }] } };
  }
}
