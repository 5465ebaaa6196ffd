import type { TickLevel } from '../../book-side.js';
import type { TickBook } from '../../book-view-diff.js';

/**
 * The book a client holds after applying `update` to `held` as Kraken's guide says (spot-ws-book-v2):
 * each level's quantity replaces the held one, quantity 0 deletes, then each side is truncated to
 * the subscribed `depth` (the venue sends no deletes for levels that fall out of scope).
 */
export function heldAfter(held: TickBook, update: TickBook, depth: number): TickBook {
  return { bids: applySide(held.bids, update.bids, depth, -1), asks: applySide(held.asks, update.asks, depth, 1) };
}

/**
 * The levels of an update that takes a client from `held` to `top` (the venue's top `depth` now):
 * every level of `top` that is new or resized, and quantity 0 for each held level the book no longer
 * has (`inBook` false). A held level still in the book but pushed below the top is not sent: the
 * client's truncation drops it, as Kraken leaves it to the client. A level that comes into the top
 * because one above it went is sent like any new level. Bids best (highest) first, asks lowest first.
 */
export function updateLevels(held: TickBook, top: TickBook, inBook: (side: 'bid' | 'ask', tick: number) => boolean): TickBook {
  return { bids: sideUpdate(held.bids, top.bids, (tick) => inBook('bid', tick), -1), asks: sideUpdate(held.asks, top.asks, (tick) => inBook('ask', tick), 1) };
}

function sideUpdate(held: readonly TickLevel[], top: readonly TickLevel[], inBook: (tick: number) => boolean, direction: number): TickLevel[] {
  const old = new Map(held.map((l) => [l.tick, l.lots]));
  const changed: TickLevel[] = [];
  for (const level of top) {
    if (old.get(level.tick) !== level.lots) changed.push(level);
    old.delete(level.tick);
  }
  for (const tick of old.keys()) if (!inBook(tick)) changed.push({ tick, lots: 0 });
  return changed.sort((x, y) => (x.tick - y.tick) * direction);
}

function applySide(held: readonly TickLevel[], update: readonly TickLevel[], depth: number, direction: number): TickLevel[] {
  const levels = new Map(held.map((l) => [l.tick, l.lots]));
  for (const level of update) {
    if (level.lots === 0) levels.delete(level.tick);
    else levels.set(level.tick, level.lots);
  }
  return [...levels]
    .map(([tick, lots]) => ({ tick, lots }))
    .sort((x, y) => (x.tick - y.tick) * direction)
    .slice(0, depth);
}
