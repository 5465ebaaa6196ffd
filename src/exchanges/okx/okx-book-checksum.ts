import { crc32 } from 'node:zlib';
import type { BookLevel } from '../../model/order-book.js';
import type { L2Book, LevelChange } from '../l2-book.js';

/** Levels per side OKX's book checksum covers (docs "Order book channel", "Checksum"). */
export const OKX_CHECKSUM_LEVELS = 25;

/** A level of a depth push with its price and size as OKX wrote them (`px`, `sz`: sizes in contracts on swaps). */
export interface OkxLevel extends LevelChange {
  readonly px: string;
  readonly sz: string;
}

/**
 * The `px:sz` text of each level a checked book holds, by price, per side. The maps are the book state's
 * own: an update changes them in place (a copy of a 1,000-level side per push cost more than the rest of
 * the push), and a state is never read again once its successor is made (a book that fails its check is
 * dropped with its texts).
 */
export interface OkxBookTexts {
  readonly bids: Map<number, string>;
  readonly asks: Map<number, string>;
}

function texted(levels: readonly LevelChange[]): levels is readonly OkxLevel[] {
  return levels.every((level) => 'px' in level && 'sz' in level);
}

/** The texts of a snapshot's levels; `undefined` when a level came without them. */
export function snapshotTexts(bids: readonly LevelChange[], asks: readonly LevelChange[]): OkxBookTexts | undefined {
  if (!texted(bids) || !texted(asks)) return undefined;
  return { bids: applied(new Map(), bids), asks: applied(new Map(), asks) };
}

/**
 * The texts after an update's levels (size 0 deletes), changed in place, then pruned to the levels `book`
 * kept once they outgrow it (levels left behind when the window moved get no delete from OKX); `undefined`
 * when a level came without its text.
 */
export function updatedTexts(texts: OkxBookTexts, bids: readonly LevelChange[], asks: readonly LevelChange[], book: L2Book): OkxBookTexts | undefined {
  if (!texted(bids) || !texted(asks)) return undefined;
  if (bids.length === 0 && asks.length === 0) return texts;
  return { bids: pruned(applied(texts.bids, bids), book.bids), asks: pruned(applied(texts.asks, asks), book.asks) };
}

function applied(side: Map<number, string>, levels: readonly OkxLevel[]): Map<number, string> {
  for (const { price, size, px, sz } of levels) {
    if (size === 0) side.delete(price);
    else side.set(price, `${px}:${sz}`);
  }
  return side;
}

function pruned(side: Map<number, string>, kept: readonly BookLevel[]): Map<number, string> {
  if (side.size <= 2 * kept.length) return side;
  const texts = new Map<number, string>();
  for (const { price } of kept) {
    const text = side.get(price);
    if (text !== undefined) texts.set(price, text);
  }
  return texts;
}

/**
 * OKX's checksum of a book (docs "Order book channel", "Checksum"; ccxt okx `handleOrderBookMessage`):
 * CRC32 of the best 25 bids and asks interleaved, `bid1px:bid1sz:ask1px:ask1sz:...`, each as OKX wrote
 * it (when one side is shorter, the other side's levels alone), read as a signed 32-bit integer.
 */
export function okxBookChecksum(book: L2Book, texts: OkxBookTexts): number {
  const parts: string[] = [];
  for (let n = 0; n < OKX_CHECKSUM_LEVELS; n++) {
    const bid = book.bids[n];
    const ask = book.asks[n];
    if (bid !== undefined) parts.push(texts.bids.get(bid.price) ?? '');
    if (ask !== undefined) parts.push(texts.asks.get(ask.price) ?? '');
  }
  return crc32(parts.join(':')) | 0;
}
