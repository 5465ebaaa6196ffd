import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import { bookViewDiff, type TickBook } from '../../book-view-diff.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import { crc32 } from 'node:zlib';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { okxTopic, topicParts } from './okx-channels.js';
import { orderCount } from './okx-ticker-frames.js';
import type { OkxUnits } from './okx-units.js';

/**
 * `books` (okx docs-v5 `#order-book-trading-market-data-ws-order-book-channel`): "400 depth levels will
 * be pushed in the initial full snapshot. Incremental data will be pushed every 100 ms for the changes
 * in the order book during that period of time"; "If there are no updates to the depth for an
 * extended period (Around 60 seconds) ... a message with 'asks': [], 'bids': [] ... `seqId` is the
 * same as the last sent message and `prevSeqId` equals to `seqId`".
 */
export const OKX_BOOK_DEPTH = 400;
export const OKX_BOOK_INTERVAL_MS = 100;
export const OKX_BOOK_QUIET_MS = 60_000;

/** One instrument's `books` topic: the book its subscribers hold, its sequence, the faults armed. */
interface TopicState {
  readonly topic: string;
  readonly book: SimulatedBook;
  /** What a subscriber holds after the last message made (dropped ones included); undefined until first subscribed. */
  held?: TickBook;
  /** The `seqId` of the last message made. */
  seqId: number;
  lastMessageAt: number;
  readonly faults: Set<BookFault>;
  /** The next update carries a checksum that is not its book's (after a `checksum` fault's checked snapshot). */
  wrongChecksum?: boolean;
}

/** Levels per side OKX's checksum covers. */
const CHECKSUM_LEVELS = 25;

export interface OkxBooksConfig {
  readonly books: SimulatedBooks;
  readonly units: OkxUnits;
}

/**
 * OKX's `books` channel over the venue's simulated books, one topic per instrument (`books:BTC-USDT`):
 * a snapshot of the best 400 levels a side (`action` `snapshot`, `prevSeqId` -1) to each new
 * subscriber (the held book when others hold the topic), then, at each 100 ms boundary when the book
 * changed, an `update` with each level that changed in the best 400 and a size "0" for each that left
 * them, so that the client's book is always the venue's best 400. Every message carries the
 * instrument's `seqId` and, but on a snapshot, the `prevSeqId` of the last message (OKX's only
 * integrity rule), `checksum` 0 ("fixed to 0 and must no longer be used"), levels `[px, sz, "0",
 * numOrders]` (sizes in contracts on swaps). Faults act on the instrument's next update: `drop` (made
 * and not sent: the next `prevSeqId` skips the client's last `seqId`), `cross` (a bid a tick above
 * the best ask, deleted by the next update), `restart` (a snapshot instead), `checksum` (OKX turning
 * its checksum back on, then damaging it: a snapshot carrying its book's checksum, the CRC32 of
 * `bid1px:bid1sz:ask1px:ask1sz:...` over the best 25 a side, then an update whose checksum is not its book's).
 */
export class OkxBooks implements BookChannels {
  readonly channels = ['books'];
  private readonly states = new Map<string, TopicState>();
  /** Topics to look at at the next boundary: their book changed, or a fault or a crossed bid waits. */
  private pending = new Set<TopicState>();
  private readonly clock = new IntervalClock();

  constructor(private readonly config: OkxBooksConfig) {
    config.books.onCreate((book) => {
      this.states.set(book.symbol, { topic: okxTopic('books', book.symbol), book, seqId: book.seq, lastMessageAt: 0, faults: new Set() });
    });
  }

  accepts(topic: string): boolean {
    const parts = topicParts(topic);
    return parts?.channel === 'books' && this.config.books.market.has(parts.key);
  }

  onSubscribe(topic: string, now: number, othersHold = false): readonly BookMessage[] {
    const state = this.state(topic);
    if (state === undefined) return [];
    // Nobody held it: its book moved on without messages, so the newcomer starts afresh.
    if (state.held === undefined || !othersHold) {
      state.held = state.book.top(OKX_BOOK_DEPTH);
      state.seqId = this.nextSeqId(state);
      state.lastMessageAt = now;
    }
    if (state.faults.size > 0) this.pending.add(state);
    return [this.message(state, 'snapshot', state.held, -1, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const changed = this.config.books.advance(elapsedMs, (symbol) => subscribed(okxTopic('books', symbol)));
    for (const [symbol, changes] of changed) {
      const state = this.states.get(symbol);
      if (state !== undefined && changes.length > 0) this.pending.add(state);
    }
    this.clock.advance(elapsedMs);
    if (!this.clock.ended(OKX_BOOK_INTERVAL_MS)) return [];
    const messages: BookMessage[] = [];
    const due = this.pending;
    this.pending = new Set();
    for (const state of this.states.values()) {
      if (state.held === undefined || !subscribed(state.topic)) continue;
      const message = due.has(state) ? this.next(state, now) : this.quiet(state, now);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if (!this.config.books.market.has(symbol) || this.config.books.book(symbol) === undefined) return false;
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
    const state = channel === 'books' ? this.state(okxTopic('books', symbol)) : undefined;
    if (state === undefined) return undefined;
    const held = state.held ?? state.book.top(OKX_BOOK_DEPTH);
    const pairs = (side: readonly TickLevel[]) =>
      side.slice(0, levels).map((l) => [trimmedDecimal(state.book.price(l.tick)), this.config.units.lots(symbol, l.lots)] as const);
    return { symbol, channel, updateId: state.seqId, bids: pairs(held.bids), asks: pairs(held.asks) };
  }

  /** The topic's state, its book created on first use; undefined for a topic this venue does not serve. */
  private state(topic: string): TopicState | undefined {
    const parts = topicParts(topic);
    if (parts?.channel !== 'books' || !this.config.books.market.has(parts.key) || this.config.books.book(parts.key) === undefined) return undefined;
    return this.states.get(parts.key);
  }

  /** The update (or, after `restart`, snapshot) due now; undefined when nothing changed in the best 400 or the update is dropped. */
  private next(state: TopicState, now: number): BookMessage | undefined {
    const top = state.book.top(OKX_BOOK_DEPTH);
    if (state.faults.delete('restart')) {
      Object.assign(state, { held: top, seqId: this.nextSeqId(state), lastMessageAt: now });
      if (state.faults.size > 0) this.pending.add(state);
      return this.message(state, 'snapshot', top, -1, now);
    }
    if (state.faults.delete('checksum')) {
      Object.assign(state, { held: top, seqId: this.nextSeqId(state), lastMessageAt: now, wrongChecksum: true });
      this.pending.add(state);
      return this.message(state, 'snapshot', top, -1, now, this.checksum(state.book, top));
    }
    let target: TickBook = top;
    const bestAsk = top.asks[0];
    const crossed = state.faults.delete('cross') && bestAsk !== undefined;
    if (crossed) {
      // One bid a tick above the best ask; the next update, due since the book differs, deletes it.
      const bid = { tick: bestAsk.tick + 1, lots: top.bids[0]?.lots ?? 1 };
      target = { bids: [bid, ...top.bids], asks: top.asks };
      this.pending.add(state);
    }
    const update = bookViewDiff(state.held ?? top, target);
    if (update.bids.length === 0 && update.asks.length === 0) {
      // A fault waits for an update to act on.
      if (state.faults.size > 0) this.pending.add(state);
      return this.quiet(state, now);
    }
    const prevSeqId = state.seqId;
    Object.assign(state, { held: target, seqId: this.nextSeqId(state), lastMessageAt: now });
    const dropped = state.faults.delete('drop');
    if (state.faults.size > 0) this.pending.add(state);
    if (dropped) return undefined;
    const wrong = state.wrongChecksum === true ? this.checksum(state.book, target) : undefined;
    state.wrongChecksum = false;
    // Never the book's, never 0 (not checked).
    const checksum = wrong === undefined ? 0 : wrong === 1 ? 2 : (wrong ^ 1) | 0;
    return this.message(state, 'update', update, prevSeqId, now, checksum);
  }

  /** The empty update that tells a quiet book's subscribers the stream is alive, once 60 s passed without a message. */
  private quiet(state: TopicState, now: number): BookMessage | undefined {
    if (now - state.lastMessageAt < OKX_BOOK_QUIET_MS) return undefined;
    state.lastMessageAt = now;
    return this.message(state, 'update', { bids: [], asks: [] }, state.seqId, now);
  }

  /** The instrument's next `seqId`: above the last, and the book's own sequence when that moved further. */
  private nextSeqId(state: TopicState): number {
    return Math.max(state.seqId + 1, state.book.seq);
  }

  /** OKX's checksum of a book as its messages write it: the best 25 a side interleaved, `px:sz`, CRC32 as a signed integer. */
  private checksum(book: SimulatedBook, levels: TickBook): number {
    const text = (l: TickLevel | undefined): readonly string[] =>
      l === undefined ? [] : [`${trimmedDecimal(book.price(l.tick))}:${this.config.units.lots(book.symbol, l.lots)}`];
    const parts: string[] = [];
    for (let n = 0; n < CHECKSUM_LEVELS; n++) parts.push(...text(levels.bids[n]), ...text(levels.asks[n]));
    return crc32(parts.join(':')) | 0;
  }

  private message(state: TopicState, action: 'snapshot' | 'update', levels: TickBook, prevSeqId: number, now: number, checksum = 0): BookMessage {
    const { book } = state;
    const side = (list: readonly TickLevel[]) =>
      list.map((l) => [trimmedDecimal(book.price(l.tick)), this.config.units.lots(book.symbol, l.lots), '0', l.lots === 0 ? '0' : orderCount(l.tick, l.lots)]);
    const data = { asks: side(levels.asks), bids: side(levels.bids), ts: String(now), checksum, prevSeqId, seqId: state.seqId };
    return { topic: state.topic, payload: { arg: { channel: 'books', instId: book.symbol }, action, data: [data] } };
  }
}
