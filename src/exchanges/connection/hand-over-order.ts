import type { MarketEvent } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import { REMEMBERED_TRADES, identityOf } from '../overlap-deduplicator.js';

/** What one socket delivers that the order of two overlapping sockets can break. */
export type HandedOver = MarketEvent | BookUpdate;

interface Waiting {
  readonly id: string;
  readonly item: HandedOver;
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
  private readonly waiting = new Map<string, Waiting[]>();

  get holding(): boolean {
    return this.waiting.size > 0;
  }

  /** The newer socket's items: those to publish now (the others wait). */
  fromNewer<T extends HandedOver>(items: readonly T[]): readonly T[] {
    const now: T[] = [];
    for (const item of items) {
      const id = idOf(item);
      if (id === undefined) {
        now.push(item);
        continue;
      }
      const key = keyOf(item);
      const queue = this.waiting.get(key) ?? [];
      if (queue.length === 0) this.waiting.set(key, queue);
      queue.push({ id, item });
      const oldest = queue.length > REMEMBERED_TRADES ? queue.shift() : undefined;
      if (oldest !== undefined) now.push(oldest.item as T);
    }
    return now;
  }

  /** An older socket's items, after the newer socket's waiting ones that precede them. */
  fromOlder<T extends HandedOver>(items: readonly T[]): readonly T[] {
    if (this.waiting.size === 0) return items;
    const now: T[] = [];
    for (const item of items) {
      const key = keyOf(item);
      const queue = idOf(item) === undefined ? undefined : this.waiting.get(key);
      if (queue !== undefined) {
        if (item.type === 'book_update') {
          while (queue.length > 0 && (queue[0]?.item as BookUpdate).updateId <= item.updateId) queue.shift();
        } else {
          const id = idOf(item);
          const at = queue.findIndex((waiting) => waiting.id === id);
          if (at >= 0) for (const waiting of queue.splice(0, at + 1).slice(0, at)) now.push(waiting.item as T);
        }
        if (queue.length === 0) this.waiting.delete(key);
      }
      now.push(item);
    }
    return now;
  }

  /** The older sockets closed: every waiting item, in its socket's order. */
  release(): readonly HandedOver[] {
    const now = [...this.waiting.values()].flatMap((queue) => queue.map((waiting) => waiting.item));
    this.waiting.clear();
    return now;
  }
}

function idOf(item: HandedOver): string | undefined {
  if (item.type !== 'book_update') return identityOf(item);
  return item.firstUpdateId === undefined ? undefined : String(item.updateId);
}

function keyOf(item: HandedOver): string {
  return `${item.type}|${item.symbol}`;
}
