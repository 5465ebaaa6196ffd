import type { BookPlan } from '../book-sync.js';
import type { LevelChange } from '../l2-book.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { stringValues } from '../refused-frame-peek.js';
import { deribitBookReducer, type DeribitBookUpdate } from './deribit-book-reducer.js';
import type { DeribitFrame } from './deribit-frames.js';
import type { DeribitBookFrame } from './deribit-market-frames.js';

/** The book channel's name before its instrument: `book.{instrument}.{interval}`. */
export const DERIBIT_BOOK_CHANNEL = 'book';

/**
 * `deribit`'s order books over `book.{instrument}.{interval}`: each notification becomes one update
 * whose level sizes are the base asset (`amount / level price`: Deribit's inverse amounts are USD), folded
 * per instrument by `deribitBookReducer` along the `change_id` chain; a `book_resync` resubscribes that
 * instrument's book alone, and Deribit answers with a fresh snapshot.
 */
export const deribitBookPlan: BookPlan<DeribitFrame> = {
  channel: DERIBIT_BOOK_CHANNEL,
  updates: (frame, receivedTs) => (frame.kind === 'book' ? [deribitBookUpdate(frame, receivedTs)] : []),
  refusedSymbols: deribitBookSymbolsOf,
  sync: resyncBySnapshot(deribitBookReducer()),
};

/** One book notification as an update, sizes in the base asset (a USD amount over its level's price; 0 stays 0). */
export function deribitBookUpdate(frame: DeribitBookFrame, receivedTs: number): DeribitBookUpdate {
  const base = (levels: readonly LevelChange[]): readonly LevelChange[] => levels.map(({ price, size }) => ({ price, size: size / price }));
  const update: DeribitBookUpdate = {
    type: 'book_update',
    symbol: frame.instrument,
    action: frame.type === 'snapshot' ? 'snapshot' : 'delta',
    bids: base(frame.bids),
    asks: base(frame.asks),
    updateId: frame.changeId,
    exchangeTs: frame.timestamp,
    receivedTs,
  };
  return frame.type === 'snapshot' || frame.prevChangeId === undefined ? update : { ...update, prevUpdateId: frame.prevChangeId };
}

/** The instrument of a refused book notification (`"channel":"book.BTC-PERPETUAL.100ms"`), read leniently from its text. */
export function deribitBookSymbolsOf(text: string): readonly string[] {
  return stringValues(text, 'channel').flatMap((channel) => {
    const parts = channel.split('.');
    return parts.length === 3 && parts[0] === DERIBIT_BOOK_CHANNEL && parts[1] !== undefined ? [parts[1]] : [];
  });
}
