import type { BookPlan } from '../book-sync.js';
import type { BookUpdate } from '../book-update.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { stringValues } from '../refused-frame-peek.js';
import type { HyperliquidFrame } from './hyperliquid-frames.js';
import type { HyperliquidBookFrame } from './hyperliquid-market-frames.js';
import { hyperliquidBookReducer } from './hyperliquid-book-reducer.js';

/** The book channel: whole snapshots of at most 20 levels a side (docs "Websocket > Subscriptions", `l2Book`, full precision). */
export const HYPERLIQUID_BOOK_CHANNEL = 'l2Book';

/**
 * Hyperliquid's order books over `l2Book`: every message is a snapshot (`hyperliquidBookUpdate`),
 * folded per coin by `hyperliquidBookReducer`. A `book_resync` (a crossed snapshot, a refused frame)
 * is logged and nothing else: there is no sequence to resync, and the venue's next message, within a
 * block, is the whole book again.
 */
export const hyperliquidBookPlan: BookPlan<HyperliquidFrame> = {
  channel: HYPERLIQUID_BOOK_CHANNEL,
  updates: (frame, receivedTs) => (frame.kind === 'book' ? [hyperliquidBookUpdate(frame, receivedTs)] : []),
  refusedSymbols: hyperliquidBookSymbolsOf,
  sync: resyncBySnapshot(hyperliquidBookReducer(), 'next-snapshot'),
};

/** One `l2Book` message as a snapshot: its `time` is both its update id and its venue time (it has no sequence). */
export function hyperliquidBookUpdate(frame: HyperliquidBookFrame, receivedTs: number): BookUpdate {
  return {
    type: 'book_update',
    symbol: frame.coin,
    action: 'snapshot',
    bids: frame.bids,
    asks: frame.asks,
    updateId: frame.time,
    exchangeTs: frame.time,
    receivedTs,
  };
}

/** The coins of a refused `l2Book` frame (`"channel":"l2Book"`, `"coin":".."`), read leniently from its text. */
export function hyperliquidBookSymbolsOf(text: string): readonly string[] {
  return stringValues(text, 'channel').includes(HYPERLIQUID_BOOK_CHANNEL) ? stringValues(text, 'coin') : [];
}
