import type { MarketEvent } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import { REMEMBERED_TRADES, identityOf } from '../overlap-deduplicator.js';

/** What one socket delivers that the order of two overlapping sockets can break. */
export type HandedOver = MarketEvent | BookUpdate;

interface Waiting<T> {
  readonly id: string;
  readonly item: T;
}

/**
 * One kind's waiting items of the newer socket (trades, or chained book updates), a queue per symbol and
 * record type, each item under its id; `settle` takes the older socket's item and the queue of its symbol,
 * takes from the queue what the older item covers, and answers the waiting items to publish before it.
 */
class WaitingItems<T extends HandedOver> {
  private readonly queues = new Map<string, Waiting<T>[]>();

  constructor(
    private readonly idOf: (item: T) => string | undefined,
    private readonly settle: (queue: Waiting<T>[], item: T, id: string) => readonly T[],
  ) {}

  get holding(): boolean {
    return this.queues.size > 0;
  }

  fromNewer(items: readonly T[]): readonly T[] {
    const now: T[] = [];
    for (const item of items) {
      const id = this.idOf(item);
      if (id === undefined) {
        now.push(item);
        continue;
      }
      const key = keyOf(item);
      const queue = this.queues.get(key) ?? [];
      if (queue.length === 0) this.queues.set(key, queue);
      queue.push({ id, item });
      const oldest = queue.length > REMEMBERED_TRADES ? queue.shift() : undefined;
      if (oldest !== undefined) now.push(oldest.item);
    }
    return now;
  }

  fromOlder(items: readonly T[]): readonly T[] {
    if (this.queues.size === 0) return items;
    const now: T[] = [];
    for (const item of items) {
      const id = this.idOf(item);
      const key = keyOf(item);
      const queue = id === undefined ? undefined : this.queues.get(key);
      if (queue !== undefined && id !== undefined) {
        now.push(...this.settle(queue, item, id));
        if (queue.length === 0) this.queues.delete(key);
      }
      now.push(item);
    }
    return now;
  }

  release(): readonly T[] {
    const now = [...this.queues.values()].flatMap((queue) => queue.map((waiting) => waiting.item));
    this.queues.clear();
    return now;
  }
}

/**
 * Keeps each symbol's trades (and aggregate trades, liquidations) and chained book updates in the venue's
 * order while two sockets overlap. The newer socket may deliver trade N+1 before the older one delivers N:
 * both are new to the duplicate filter, so N+1 would be published first; and a depth update whose first id
 * is past the book's last would be taken for a gap, and the book resynced. Instead the newer socket's
 * trades and updates wait while an older socket is open:
 * - each trade the older one delivers lets the waiting trades before it go first and takes the place of
 *   its own waiting copy;
 * - each book update the older one delivers drops the waiting updates it covers (ids up to its last);
 * - when the older sockets close, what still waits goes, in the newer socket's order.
 * Other events pass (the duplicate filter drops a stale tick or book ticker by its time or update id), and
 * so do book updates without a first id (their venues' ids are not shared between sockets).
 * At most `REMEMBERED_TRADES` wait per symbol and kind: past that the oldest goes, so that a trade's id is
 * still remembered by the duplicate filter when the older socket delivers it.
 */
export class HandOverOrder {
  private readonly events = new WaitingItems<MarketEvent>(identityOf, (queue, _trade, id) => {
    const at = queue.findIndex((waiting) => waiting.id === id);
    return at < 0
      ? []
      : queue
          .splice(0, at + 1)
          .slice(0, at)
          .map((waiting) => waiting.item);
  });
  private readonly books = new WaitingItems<BookUpdate>(
    (update) => (update.firstUpdateId === undefined ? undefined : String(update.updateId)),
    (queue, update) => {
      while (queue.length > 0 && (queue[0]?.item.updateId ?? Infinity) <= update.updateId) queue.shift();
      return [];
    },
  );

  get holding(): boolean {
    return this.events.holding || this.books.holding;
  }

  /** The newer socket's events: those to publish now (the others wait). */
  fromNewer(events: readonly MarketEvent[]): readonly MarketEvent[] {
    return this.events.fromNewer(events);
  }

  /** An older socket's events, after the newer socket's waiting ones that precede them. */
  fromOlder(events: readonly MarketEvent[]): readonly MarketEvent[] {
    return this.events.fromOlder(events);
  }

  /** The newer socket's book updates: those to publish now (the others wait). */
  booksFromNewer(updates: readonly BookUpdate[]): readonly BookUpdate[] {
    return this.books.fromNewer(updates);
  }

  /** An older socket's book updates, each dropping the newer socket's waiting ones it covers. */
  booksFromOlder(updates: readonly BookUpdate[]): readonly BookUpdate[] {
    return this.books.fromOlder(updates);
  }

  /** The older sockets closed: every waiting item, in its socket's order (events, then book updates). */
  release(): readonly HandedOver[] {
    return [...this.events.release(), ...this.books.release()];
  }
}

function keyOf(item: HandedOver): string {
  return `${item.type}|${item.symbol}`;
}
