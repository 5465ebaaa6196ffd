import type { BookPlan } from '../book-sync.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { stringValues } from '../refused-frame-peek.js';
import { coinbaseBookReducer, type CoinbaseBookReducerConfig } from './coinbase-book-reducer.js';
import { coinbaseBookUpdates } from './coinbase-book-updates.js';
import type { CoinbaseFrame } from './coinbase-frames.js';

/** The channel subscribed for order books; its frames arrive on channel `l2_data`. */
export const COINBASE_BOOK_CHANNEL = 'level2';

/**
 * Coinbase's order books over `level2`: `l2_data` frames become `BookUpdate`s, folded per product by
 * `coinbaseBookReducer` (the whole-book snapshot cut to `maxLevels` per side, `viewLevels` published);
 * a `book_resync` (a crossed book, a kept book too shallow, a refused `l2_data` frame, or an update
 * without a snapshot) resubscribes the product's `level2` topic, and Coinbase answers the new subscribe
 * with a fresh snapshot.
 */
export function coinbaseBookPlan(config: Partial<CoinbaseBookReducerConfig> = {}): BookPlan<CoinbaseFrame> {
  return {
    channel: COINBASE_BOOK_CHANNEL,
    updates: (frame, receivedTs) => (frame.kind === 'l2_data' ? coinbaseBookUpdates(frame, receivedTs) : []),
    refusedSymbols: coinbaseBookSymbolsOf,
    sync: resyncBySnapshot(coinbaseBookReducer(config)),
  };
}

/** The products of a refused `l2_data` frame (`"channel":"l2_data"`, its `events[].product_id`), read leniently from its text. */
export function coinbaseBookSymbolsOf(text: string): readonly string[] {
  return stringValues(text, 'channel').includes('l2_data') ? stringValues(text, 'product_id') : [];
}
