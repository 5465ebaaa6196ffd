import { crc32 } from 'node:zlib';
import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import { bookViewDiff, type TickBook } from '../../book-view-diff.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { bitgetTopic, bitgetTopicParts } from './bitget-frames.js';
import type { BitgetUnits } from './bitget-units.js';

/**
 * `books` (docs "Depth Channel"): "books: All levels of depth. First update pushed is full data:
 * snapshot, and then push the update data: update", pushed every 200 ms; the simulator's whole book
 * is at most this many levels a side.
 */
export const BITGET_BOOK_DEPTH = 1000;
export const BITGET_BOOK_INTERVAL_MS = 200;

/** Levels per side the checksum covers (docs "Depth Channel", Checksum: "the first 25 bids and asks"). */
export const BITGET_CHECKSUM_LEVELS = 25;

/**
 * Bitget's checksum of a book (docs "Depth Channel", Checksum): the best 25 bids and asks interleaved
 * as written, `bid1px:bid1sz:ask1px:ask1sz:bid2px:...` (a side with fewer levels leaves its places
 * out), CRC32 as a signed 32-bit integer.
 */
export function bitgetChecksum(bids: readonly (readonly [string, string])[], asks: readonly (readonly [string, string])[]): number {
  const parts: string[] = [];
  for (let n = 0; n < BITGET_CHECKSUM_LEVELS; n++) {
    const bid = bids[n];
    const ask = asks[n];
    if (bid !== undefined) parts.push(`${bid[0]}:${bid[1]}`);
    if (ask !== undefined) parts.push(`${ask[0]}:${ask[1]}`);
  }
  return crc32(parts.join(':')) | 0;
}

/** One instrument's `books` topic: the book its subscribers hold, its sequence, the faults armed. */
interface TopicState {
  readonly topic: string;
  readonly book: SimulatedBook;
  /** What a subscriber holds after the last message made (dropped ones included); undefined until first subscribed. */
  held?: TickBook;
  /** The `seq` of the last message made. */
  seq: number;
  readonly faults: Set<BookFault>;
}

export interface BitgetBooksConfig {
  readonly books: SimulatedBooks;
  readonly units: BitgetUnits;
}

/**
 * Bitget's `books` channel over the venue's simulated books, one topic per instrument (`books:BTCUSDT`):
 * a snapshot of the whole book (`checksum` 0, `pseq` 0, as a v2 snapshot is written) to each new
 * subscriber (the held book when others hold the topic), then, at each 200 ms boundary when the book
 * changed, an `update` with each level that changed and a size "0" for each that left, carrying the
 * instrument's next `seq`, the last message's as `pseq`, and the checksum of the best 25 a side after
 * it. Levels are `[price, size]`, sizes the base coin. Faults act on the instrument's next update:
 * `drop` (made and not sent: the next `pseq` skips the client's last `seq`), `checksum` (sent with a
 * checksum that is not its book's), `cross` (a bid a tick above the best ask, deleted by the next
 * update), `restart` (a snapshot instead).
 */
export class BitgetBooks implements BookChannels {
  readonly channels = ['books'];
  private readonly states = new Map<string, TopicState>();
  /** Topics to look at at the next boundary: their book changed, or a fault or a crossed bid waits. */
  private pending = new Set<TopicState>();
  private readonly clock = new IntervalClock();

  constructor(private readonly config: BitgetBooksConfig) {
    config.books.onCreate((book) => {
      this.states.set(book.symbol, { topic: bitgetTopic('books', book.symbol), book, seq: book.seq, faults: new Set() });
    });
  }

  accepts(topic: string): boolean {
    const parts = bitgetTopicParts(topic);
    return parts?.channel === 'books' && this.config.books.market.has(parts.instId);
  }

  onSubscribe(topic: string, now: number, othersHold = false): readonly BookMessage[] {
    const state = this.state(topic);
    if (state === undefined) return [];
    // Nobody held it: its book moved on without messages, so the newcomer starts afresh.
    if (state.held === undefined || !othersHold) {
      state.held = state.book.top(BITGET_BOOK_DEPTH);
      state.seq = this.nextSeq(state);
    }
    if (state.faults.size > 0) this.pending.add(state);
    return [this.message(state, 'snapshot', state.held, 0, now, 0)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    const changed = this.config.books.advance(elapsedMs, (symbol) => subscribed(bitgetTopic('books', symbol)));
    for (const [symbol, changes] of changed) {
      const state = this.states.get(symbol);
      if (state !== undefined && changes.length > 0) this.pending.add(state);
    }
    this.clock.advance(elapsedMs);
    if (!this.clock.ended(BITGET_BOOK_INTERVAL_MS)) return [];
    const messages: BookMessage[] = [];
    const due = this.pending;
    this.pending = new Set();
    for (const state of due) {
      if (state.held === undefined || !subscribed(state.topic)) continue;
      const message = this.next(state, now);
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
    const state = channel === 'books' ? this.state(bitgetTopic('books', symbol)) : undefined;
    if (state === undefined) return undefined;
    const held = state.held ?? state.book.top(BITGET_BOOK_DEPTH);
    return {
      symbol,
      channel,
      updateId: state.seq,
      bids: this.written(state.book, held.bids.slice(0, levels)),
      asks: this.written(state.book, held.asks.slice(0, levels)),
    };
  }

  /** The topic's state, its book created on first use; undefined for a topic this venue does not serve. */
  private state(topic: string): TopicState | undefined {
    const parts = bitgetTopicParts(topic);
    if (parts?.channel !== 'books' || !this.config.books.market.has(parts.instId) || this.config.books.book(parts.instId) === undefined) return undefined;
    return this.states.get(parts.instId);
  }

  /** The update (or, after `restart`, snapshot) due now; undefined when nothing changed or the update is dropped. */
  private next(state: TopicState, now: number): BookMessage | undefined {
    const top = state.book.top(BITGET_BOOK_DEPTH);
    if (state.faults.delete('restart')) {
      Object.assign(state, { held: top, seq: this.nextSeq(state) });
      if (state.faults.size > 0) this.pending.add(state);
      return this.message(state, 'snapshot', top, 0, now, 0);
    }
    let target: TickBook = top;
    const bestAsk = top.asks[0];
    if (state.faults.has('cross') && bestAsk !== undefined) {
      state.faults.delete('cross');
      // One bid a tick above the best ask; the next update, due since the book differs, deletes it.
      target = { bids: [{ tick: bestAsk.tick + 1, lots: top.bids[0]?.lots ?? 1 }, ...top.bids], asks: top.asks };
      this.pending.add(state);
    }
    const update = bookViewDiff(state.held ?? top, target);
    if (update.bids.length === 0 && update.asks.length === 0) {
      // A fault waits for an update to act on.
      if (state.faults.size > 0) this.pending.add(state);
      return undefined;
    }
    const pseq = state.seq;
    Object.assign(state, { held: target, seq: this.nextSeq(state) });
    const dropped = state.faults.delete('drop');
    const wrong = !dropped && state.faults.delete('checksum');
    if (state.faults.size > 0) this.pending.add(state);
    if (dropped) return undefined;
    const checksum = this.checksumOf(state.book, target);
    // Never the book's, never 0 (not checked).
    return this.message(state, 'update', update, pseq, now, wrong ? (checksum === 1 ? 2 : (checksum ^ 1) | 0) : checksum);
  }

  /** The instrument's next `seq`: above the last, and the book's own sequence when that moved further. */
  private nextSeq(state: TopicState): number {
    return Math.max(state.seq + 1, state.book.seq);
  }

  /** Levels as written: `[price, size]`, the price at the tick, the size in the base coin. */
  private written(book: SimulatedBook, levels: readonly TickLevel[]): [string, string][] {
    return levels.map((l) => [book.price(l.tick), this.config.units.lots(book.symbol, l.lots)]);
  }

  /** The checksum of a book as its messages write it. */
  private checksumOf(book: SimulatedBook, levels: TickBook): number {
    return bitgetChecksum(this.written(book, levels.bids.slice(0, BITGET_CHECKSUM_LEVELS)), this.written(book, levels.asks.slice(0, BITGET_CHECKSUM_LEVELS)));
  }

  /** A `books` push, data keys as recorded (`asks, bids, checksum, ts`, bitget-books.ndjson) then `seq` and `pseq` (bitget-books5.ndjson's order), the push's `ts` last. */
  private message(state: TopicState, action: 'snapshot' | 'update', levels: TickBook, pseq: number, now: number, checksum: number): BookMessage {
    const { book } = state;
    const data = { asks: this.written(book, levels.asks), bids: this.written(book, levels.bids), checksum, ts: String(now), seq: state.seq, pseq };
    const arg = { instType: this.config.units.instType, channel: 'books', instId: book.symbol };
    return { topic: state.topic, payload: { action, arg, data: [data], ts: now } };
  }
}
