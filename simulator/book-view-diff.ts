import type { TickLevel } from './book-side.js';

/** Both sides of a book, best first. */
export interface TickBook {
  readonly bids: readonly TickLevel[];
  readonly asks: readonly TickLevel[];
}

/**
 * The levels that turn `before` into `after`: each new or resized level with its new size, each
 * level gone with size 0. Bids come best first (descending), asks best first (ascending).
 */
export function bookViewDiff(before: TickBook, after: TickBook): TickBook {
  return { bids: sideDiff(before.bids, after.bids, -1), asks: sideDiff(before.asks, after.asks, 1) };
}

function sideDiff(before: readonly TickLevel[], after: readonly TickLevel[], direction: number): readonly TickLevel[] {
  const old = new Map(before.map((l) => [l.tick, l.lots]));
  const changed: TickLevel[] = [];
  for (const level of after) {
    if (old.get(level.tick) !== level.lots) changed.push(level);
    old.delete(level.tick);
  }
  for (const tick of old.keys()) changed.push({ tick, lots: 0 });
  return changed.sort((x, y) => (x.tick - y.tick) * direction);
}
