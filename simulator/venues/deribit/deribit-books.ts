import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import { bookViewDiff, type TickBook } from '../../book-view-diff.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { channelParts } from './deribit-channels.js';

/** Levels a side of a simulated book's snapshot and changes (the simulator's choice; Deribit's `book` channel sends the whole book). */
export const DERIBIT_BOOK_DEPTH = 200;

interface TopicState {
  readonly topic: string;
  readonly interval: '100ms' | 'raw';
  readonly book: SimulatedBook;
  held?: TickBook;
  changeId: number;
  readonly faults: Set<BookFault>;
}

/**
 * Deribit's `book.{instrument}.{100ms|raw}` (docs.deribit.com subscription `book.{instrument_name}.{interval}`;
 * `deribit-book.ndjson`) over the futures' simulated books: a `snapshot` to each new subscriber
 * (levels `["new", price, amount]`), then a `change` when the book moved (every 100 ms on `.100ms`,
 * every generation step on `.raw`) with `["new"|"change"|"delete", price, amount]` per level, its
 * `change_id` and the `prev_change_id` of the topic's last message. Amounts in USD: a level's lots are
 * contracts of `contractUsd(symbol)`. Faults on the next change: `drop` (made and not sent: the next
 * change's `prev_change_id` is not the client's last `change_id`: Deribit's skipped change), `cross`
 * (a bid a tick above the best ask), `restart` (a new snapshot); no checksum.
 */
export class DeribitBooks implements BookChannels {
  readonly channels = ['book.100ms', 'book.raw'];
  private readonly states = new Map<string, TopicState>();
  private readonly clock = new IntervalClock();

  constructor(
    private readonly books: SimulatedBooks,
    private readonly contractUsd: (symbol: string) => number,
  ) {}

  accepts(topic: string): boolean {
    const parts = channelParts(topic);
    return parts?.kind === 'book' && this.books.market.has(parts.instrument);
  }

  onSubscribe(topic: string, now: number, othersHold = false): readonly BookMessage[] {
    const state = this.state(topic);
    if (state === undefined) return [];
    if (state.held === undefined || !othersHold) {
      state.held = state.book.top(DERIBIT_BOOK_DEPTH);
      state.changeId = Math.max(state.changeId + 1, state.book.seq);
    }
    return [this.message(state, 'snapshot', state.held, undefined, now)];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    this.books.advance(elapsedMs, (symbol) => subscribed(`book.${symbol}.100ms`) || subscribed(`book.${symbol}.raw`));
    this.clock.advance(elapsedMs);
    const boundary = this.clock.ended(100);
    const messages: BookMessage[] = [];
    for (const state of this.states.values()) {
      if (state.held === undefined || !subscribed(state.topic) || (state.interval === '100ms' && !boundary)) continue;
      const message = this.next(state, now);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if (fault === 'checksum' || !this.books.market.has(symbol)) return false;
    let armed = false;
    for (const interval of ['100ms', 'raw'] as const) {
      const state = this.state(`book.${symbol}.${interval}`);
      state?.faults.add(fault);
      armed ||= state !== undefined;
    }
    return armed;
  }

  clearFaults(): void {
    for (const state of this.states.values()) state.faults.clear();
  }

  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    const interval = channel === 'book.raw' ? 'raw' : channel === 'book.100ms' ? '100ms' : undefined;
    const state = interval === undefined ? undefined : this.state(`book.${symbol}.${interval}`);
    if (state === undefined) return undefined;
    const held = state.held ?? state.book.top(DERIBIT_BOOK_DEPTH);
    const pairs = (side: readonly TickLevel[]) =>
      side.slice(0, levels).map((l) => [state.book.price(l.tick), String(l.lots * this.contractUsd(symbol))] as const);
    return { symbol, channel, updateId: state.changeId, bids: pairs(held.bids), asks: pairs(held.asks) };
  }

  private state(topic: string): TopicState | undefined {
    const parts = channelParts(topic);
    if (parts?.kind !== 'book' || !this.books.market.has(parts.instrument)) return undefined;
    let state = this.states.get(topic);
    const book = this.books.book(parts.instrument);
    if (state === undefined && book !== undefined)
      this.states.set(topic, (state = { topic, interval: parts.interval, book, changeId: book.seq, faults: new Set() }));
    return state;
  }

  private next(state: TopicState, now: number): BookMessage | undefined {
    const top = state.book.top(DERIBIT_BOOK_DEPTH);
    if (state.faults.delete('restart')) {
      Object.assign(state, { held: top, changeId: Math.max(state.changeId + 1, state.book.seq) });
      return this.message(state, 'snapshot', top, undefined, now);
    }
    let target: TickBook = top;
    const bestAsk = top.asks[0];
    if (bestAsk !== undefined && state.faults.delete('cross'))
      target = { bids: [{ tick: bestAsk.tick + 1, lots: top.bids[0]?.lots ?? 1 }, ...top.bids], asks: top.asks };
    const held = state.held ?? top;
    const update = bookViewDiff(held, target);
    if (update.bids.length === 0 && update.asks.length === 0) return undefined;
    const prev = state.changeId;
    Object.assign(state, { held: target, changeId: Math.max(state.changeId + 1, state.book.seq) });
    if (state.faults.delete('drop')) return undefined;
    return this.message(state, 'change', update, prev, now, held);
  }

  private message(state: TopicState, type: 'snapshot' | 'change', levels: TickBook, prev: number | undefined, now: number, held?: TickBook): BookMessage {
    const { book } = state;
    const contract = this.contractUsd(book.symbol);
    const side = (list: readonly TickLevel[], before: readonly TickLevel[] | undefined) => {
      const had = new Set(before?.map((l) => l.tick));
      return list.map((l) => [l.lots === 0 ? 'delete' : had.has(l.tick) ? 'change' : 'new', Number(book.price(l.tick)), l.lots * contract]);
    };
    const data = {
      timestamp: now,
      type,
      change_id: state.changeId,
      instrument_name: book.symbol,
      bids: side(levels.bids, held?.bids),
      asks: side(levels.asks, held?.asks),
      ...(prev === undefined ? {} : { prev_change_id: prev }),
    };
    return { topic: state.topic, payload: data };
  }
}
