import type { BookChannels, BookFault, BookMessage, BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import type { TickBook } from '../../book-view-diff.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import { hlOrderCount, hlText } from './hyperliquid-numbers.js';
import { topicParts } from './hyperliquid-request.js';

/**
 * `l2Book` (hyperliquid.gitbook.io `api/websocket/subscriptions`, "Optional parameters: nSigFigs,
 * mantissa, fast: boolean (5 levels if fast, 20 levels if slow)"): whole snapshots, no deltas, no
 * sequence (hyperliquid-l2Book.ndjson). The cadence changed in 2026: the page still says "pushed on
 * each block that is at least 0.5s since last push", but since the network upgrade of 2026-07-25 a
 * subscription without `fast` pushes 20 levels at most every 5 s, with `fast: true` 5 levels every
 * 0.5 s (Hyperliquid API announcements t.me/hyperliquid_api/326 and 327, quoted in
 * nktkas/hyperliquid#142; the July step in pmxt-dev/pmxt#1879). Both intervals are venue options.
 */
export const HYPERLIQUID_BOOK_LEVELS = 20;
export const HYPERLIQUID_FAST_BOOK_LEVELS = 5;
export const DEFAULT_L2BOOK_INTERVAL_MS = 5_000;
export const DEFAULT_FAST_L2BOOK_INTERVAL_MS = 500;

export interface HyperliquidBooksConfig {
  readonly books: SimulatedBooks;
  /** A book without `fast` is pushed every this many ms. */
  readonly intervalMs: number;
  /** A `fast` book is pushed every this many ms. */
  readonly fastIntervalMs: number;
}

/** The faults armed on a coin's next snapshot (of either subscription). */
type Faults = Set<BookFault>;

/**
 * Hyperliquid's `l2Book` over the venue's simulated books, topics `l2Book|<coin>` and
 * `l2Book|<coin>|fast`: the book's current snapshot to each new subscriber at once, then one to all
 * its holders at each interval's end, `{"channel":"l2Book","data":{"coin","time","levels":[bids,
 * asks]}}` with at most 20 (fast: 5) `{px, sz, n}` a side, bids best first, and `"fast": true` in a
 * fast one's data (nktkas/hyperliquid `L2BookEvent`). Faults act on the coin's next snapshot: `drop`
 * (not sent), `cross` (a bid a tick above the best ask); a book of snapshots has no sequence to
 * restart and no checksum, so `restart` and `checksum` are refused.
 */
export class HyperliquidBooks implements BookChannels {
  readonly channels = ['l2Book'];
  private readonly faults = new Map<string, Faults>();
  private readonly held = new Set<string>();
  /** Each coin's last 20-level snapshot sent: what its subscribers hold. */
  private readonly lastSent = new Map<string, TickBook>();
  private readonly clock = new IntervalClock();
  private readonly written = new WeakMap<object, string>();

  constructor(private readonly config: HyperliquidBooksConfig) {}

  accepts(topic: string): boolean {
    const parts = topicParts(topic);
    return parts?.type === 'l2Book' && (parts.variant === undefined || parts.variant === 'fast') && this.config.books.market.has(parts.coin);
  }

  onSubscribe(topic: string, now: number): readonly BookMessage[] {
    const parts = topicParts(topic);
    if (parts === undefined || !this.accepts(topic)) return [];
    this.held.add(topic);
    const message = this.snapshot(topic, parts.coin, parts.variant === 'fast', now);
    return message === undefined ? [] : [message];
  }

  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[] {
    this.config.books.advance(elapsedMs, (coin) => subscribed(`l2Book|${coin}`) || subscribed(`l2Book|${coin}|fast`));
    this.clock.advance(elapsedMs);
    const slow = this.clock.ended(this.config.intervalMs);
    const fast = this.clock.ended(this.config.fastIntervalMs);
    if (!slow && !fast) return [];
    const messages: BookMessage[] = [];
    for (const topic of this.held) {
      const parts = topicParts(topic);
      if (parts === undefined || !subscribed(topic)) continue;
      const isFast = parts.variant === 'fast';
      if (!(isFast ? fast : slow) || !this.config.books.market.has(parts.coin)) continue;
      const message = this.snapshot(topic, parts.coin, isFast, now, this.faults.get(parts.coin));
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  arm(fault: BookFault, symbol: string): boolean {
    if ((fault !== 'drop' && fault !== 'cross') || this.config.books.book(symbol) === undefined) return false;
    let faults = this.faults.get(symbol);
    if (faults === undefined) this.faults.set(symbol, (faults = new Set()));
    faults.add(fault);
    return true;
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** The last 20-level snapshot sent of `symbol` (its current book before any), top `levels` a side; `updateId` is the book's own count of changes. */
  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined {
    const book = channel === 'l2Book' ? this.config.books.book(symbol) : undefined;
    if (book === undefined) return undefined;
    const held = this.lastSent.get(symbol) ?? book.top(HYPERLIQUID_BOOK_LEVELS);
    const pairs = (side: readonly TickLevel[]) => side.slice(0, levels).map((l) => [hlText(book.price(l.tick)), hlText(book.size(l.lots))] as const);
    return { symbol, channel, updateId: book.updateId, bids: pairs(held.bids), asks: pairs(held.asks) };
  }

  /** An `l2Book` message in the venue's framing. */
  frame(message: BookMessage): string {
    let text = this.written.get(message.payload);
    if (text === undefined) this.written.set(message.payload, (text = JSON.stringify(message.payload)));
    return text;
  }

  /** The coin's snapshot now, as `faults` leave it: none when dropped; a bid above the best ask when crossed. */
  private snapshot(topic: string, coin: string, fast: boolean, now: number, faults?: Faults): BookMessage | undefined {
    const book = this.config.books.book(coin);
    if (book === undefined) return undefined;
    const depth = fast ? HYPERLIQUID_FAST_BOOK_LEVELS : HYPERLIQUID_BOOK_LEVELS;
    let levels: TickBook = book.top(depth);
    if (faults?.delete('drop') === true) return undefined;
    const bestAsk = levels.asks[0];
    if (faults?.delete('cross') === true && bestAsk !== undefined) {
      levels = { bids: [{ tick: bestAsk.tick + 1, lots: levels.bids[0]?.lots ?? 1 }, ...levels.bids].slice(0, depth), asks: levels.asks };
    }
    if (!fast) this.lastSent.set(coin, levels);
    const data = { coin, time: now, levels: [this.side(book, levels.bids), this.side(book, levels.asks)], ...(fast ? { fast: true } : {}) };
    return { topic, payload: { channel: 'l2Book', data } };
  }

  private side(book: SimulatedBook, levels: readonly TickLevel[]): { px: string; sz: string; n: number }[] {
    return levels.map((l) => ({ px: hlText(book.price(l.tick)), sz: hlText(book.size(l.lots)), n: hlOrderCount(l.tick, l.lots) }));
  }
}
