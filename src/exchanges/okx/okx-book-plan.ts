import type { BookPlan } from '../book-sync.js';
import type { MapperContext } from '../mapper-context.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { stringValues } from '../refused-frame-peek.js';
import { contractsToBase, type OkxSizing } from './okx-contracts.js';
import type { OkxFrame } from './okx-frames.js';
import { OKX_BOOK_CHANNELS, type OkxBookFrame } from './okx-market-frames.js';
import type { OkxLevel } from './okx-book-checksum.js';
import { okxBookReducer, type OkxBookUpdate } from './okx-book-reducer.js';

/** The depth channel subscribed for books: 400 levels, then the changes every 100 ms (docs "Order book channel"). */
export const OKX_BOOK_CHANNEL = 'books';

/**
 * OKX's order books over `books` on `/public`: each depth push becomes `OkxBookUpdate`s (sizes in the
 * base asset: a swap's contracts times its contract value, from the mapper context), folded per
 * instrument by `okxBookReducer` along the `seqId` chain, checked against a non-zero `checksum`; a
 * `book_resync` (a broken chain, a checksum mismatch, a crossed book, a refused push, an update
 * without a snapshot) resubscribes the instrument's topic, and OKX answers with a fresh snapshot. Pushes of the tick-by-tick channels, same format, are read alike.
 */
export function okxBookPlan(sizing: OkxSizing): BookPlan<OkxFrame> {
  return {
    channel: OKX_BOOK_CHANNEL,
    updates: (frame, receivedTs, context) => (frame.kind === 'book' ? okxBookUpdates(frame, receivedTs, sizing, context) : []),
    refusedSymbols: okxBookSymbolsOf,
    sync: resyncBySnapshot(okxBookReducer()),
  };
}

/**
 * The book updates of one depth push: `updateId` its `seqId` (0 without one), `prevUpdateId` its
 * `prevSeqId`, time its `ts`, `checksum` its non-zero checksum, levels with their texts as written. On swaps, sizes times the contract value; none without it (such a push
 * is refused before, `okxContractRefusal`) or without a context to tell it.
 */
export function okxBookUpdates(frame: OkxBookFrame, receivedTs: number, sizing: OkxSizing, context?: MapperContext): readonly OkxBookUpdate[] {
  const contractValue = sizing === 'contracts' ? context?.partsOf(frame.instId)?.contractValue : 1;
  if (contractValue === undefined) return [];
  const scale = (levels: readonly OkxLevel[]): readonly OkxLevel[] =>
    sizing === 'base' ? levels : levels.map((level) => ({ ...level, size: contractsToBase(level.size, contractValue) }));
  return frame.books.map((data): OkxBookUpdate => {
    const update: OkxBookUpdate = {
      type: 'book_update',
      symbol: frame.instId,
      action: frame.action === 'snapshot' || data.prevSeqId === -1 ? 'snapshot' : 'delta',
      bids: scale(data.bids),
      asks: scale(data.asks),
      updateId: data.seqId ?? 0,
      exchangeTs: data.ts,
      receivedTs,
    };
    const checked = data.checksum === undefined ? update : { ...update, checksum: data.checksum };
    return data.prevSeqId === undefined ? checked : { ...checked, prevUpdateId: data.prevSeqId };
  });
}

/** The instruments of a refused frame of a depth channel (`"arg":{"channel":"books","instId":..}`), read leniently from its text. */
export function okxBookSymbolsOf(text: string): readonly string[] {
  const channels = stringValues(text, 'channel');
  return channels.some((channel) => (OKX_BOOK_CHANNELS as readonly string[]).includes(channel)) ? stringValues(text, 'instId') : [];
}
