import type { MarketEvent } from '../model/index.js';
import { REMEMBERED_TRADES, identityOf } from './overlap-deduplicator.js';

interface Waiting {
  readonly id: string;
  readonly event: MarketEvent;
}

/**
 * Keeps each symbol's trades (and aggregate trades, liquidations) in the venue's order while two sockets
 * overlap. The newer socket may deliver trade N+1 before the older one delivers N: both are new to the
 * duplicate filter, so N+1 would be published first. Instead the newer socket's trades wait while an older
 * one is open; each trade the older one delivers lets the waiting ones before it go first and takes the
 * place of its own waiting copy; when the older sockets close, the rest go, in the newer socket's order.
 * Other events pass (the duplicate filter drops a stale tick or book ticker by its time or update id).
 * At most `REMEMBERED_TRADES` wait per symbol and type: past that the oldest goes, so that its id is still
 * remembered when the older socket delivers it.
 */
export class HandOverOrder {
  private readonly waiting = new Map<string, Waiting[]>();

  get holding(): boolean {
    return this.waiting.size > 0;
  }

  /** The newer socket's events: those to publish now (the others wait). */
  fromNewer(events: readonly MarketEvent[]): readonly MarketEvent[] {
    const now: MarketEvent[] = [];
    for (const event of events) {
      const id = identityOf(event);
      if (id === undefined) {
        now.push(event);
        continue;
      }
      const key = `${event.type}|${event.symbol}`;
      const queue = this.waiting.get(key) ?? [];
      if (queue.length === 0) this.waiting.set(key, queue);
      queue.push({ id, event });
      const oldest = queue.length > REMEMBERED_TRADES ? queue.shift() : undefined;
      if (oldest !== undefined) now.push(oldest.event);
    }
    return now;
  }

  /** An older socket's events, with the newer socket's waiting ones that precede them. */
  fromOlder(events: readonly MarketEvent[]): readonly MarketEvent[] {
    if (this.waiting.size === 0) return events;
    const now: MarketEvent[] = [];
    for (const event of events) {
      const id = identityOf(event);
      const key = `${event.type}|${event.symbol}`;
      const queue = id === undefined ? undefined : this.waiting.get(key);
      const at = queue === undefined ? -1 : queue.findIndex((waiting) => waiting.id === id);
      if (queue !== undefined && at >= 0) {
        for (const waiting of queue.splice(0, at + 1).slice(0, at)) now.push(waiting.event);
        if (queue.length === 0) this.waiting.delete(key);
      }
      now.push(event);
    }
    return now;
  }

  /** The older sockets closed: every waiting event, in its socket's order. */
  release(): readonly MarketEvent[] {
    const now = [...this.waiting.values()].flatMap((queue) => queue.map((waiting) => waiting.event));
    this.waiting.clear();
    return now;
  }
}
