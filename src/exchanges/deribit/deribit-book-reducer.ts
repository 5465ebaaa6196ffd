import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS, noSnapshotResyncOf } from '../book-outputs.js';
import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { applyL2Changes, EMPTY_L2_BOOK, l2BookOf, trimL2Book, type L2Book } from '../l2-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';

/** One Deribit book notification for one instrument: `updateId` its `change_id`, `prevUpdateId` its `prev_change_id` (absent on a snapshot). */
export interface DeribitBookUpdate extends BookUpdate {
  readonly prevUpdateId?: number;
}

export interface DeribitBookState {
  readonly symbol: string;
  /** `empty` until the first snapshot; `live` while each change names the last; `resyncing` until the next snapshot. */
  readonly status: 'empty' | 'live' | 'resyncing';
  readonly book: L2Book;
  /** `change_id` of the last applied notification. */
  readonly lastChangeId?: number;
  readonly reason?: BookResyncReason;
  readonly refusals?: number;
}

/**
 * Levels per side: 50 published; 1,000 kept (a `book.{instrument}.{interval}` snapshot is the whole book,
 * and a change may touch any level of it; levels past 1,000 from the touch are dropped after each
 * notification, and re-enter when a change names them).
 */
export const DEFAULT_DERIBIT_BOOK_REDUCER_CONFIG = { viewLevels: 50, maxLevels: 1000, maxRefusals: DEFAULT_MAX_REFUSALS } as const;

type Config = typeof DEFAULT_DERIBIT_BOOK_REDUCER_CONFIG;
type Step = SymbolStep<DeribitBookState, BookOutput>;

/**
 * A Deribit book for one instrument, pure, run per symbol (docs "book.{instrument_name}.{interval}"):
 * a `snapshot` replaces the book; a `change` applies when its `prev_change_id` is the last `change_id`
 * (change ids grow but are not consecutive); one already applied (its `change_id` not past the last) is
 * ignored; any other is a gap: `resyncing`, one `book_resync`, changes dropped until the next snapshot
 * (the feed resubscribes that book alone, and Deribit answers with a snapshot). A change before the first
 * snapshot is `no_snapshot`, a refused notification `refused`; a crossed or locked book is never published.
 */
export function deribitBookReducer(): SymbolReducer<DeribitBookState, BookInput, BookOutput> {
  const config: Config = DEFAULT_DERIBIT_BOOK_REDUCER_CONFIG;
  return {
    initial: (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK }),
    reduce: (state, inputs) => {
      let current = state;
      const events: BookOutput[] = [];
      for (const input of inputs) {
        const step = input.type === 'book_lost' ? lost(current, input, config) : bookStep(current, input, config);
        current = step.state;
        events.push(...step.events);
      }
      return { state: current, events };
    },
  };
}

function bookStep(state: DeribitBookState, update: DeribitBookUpdate, config: Config): Step {
  if (update.action === 'snapshot') {
    const book = trimL2Book(l2BookOf(update.bids, update.asks), config.maxLevels);
    return published(state, { symbol: state.symbol, status: 'live', book, lastChangeId: update.updateId }, update, config);
  }
  if (state.status === 'empty') return { state: down(state, 'no_snapshot'), events: [noSnapshotResyncOf(state.symbol, update)] };
  if (state.status !== 'live') return { state, events: [] };
  const last = state.lastChangeId;
  if (last !== undefined && update.prevUpdateId !== last) {
    if (update.updateId <= last) return { state, events: [] };
    return resync(state, 'gap', `expected prev_change_id ${last}, got ${update.prevUpdateId ?? 'none'}`, update);
  }
  const book = trimL2Book(applyL2Changes(state.book, update.bids, update.asks), config.maxLevels);
  return published(state, { symbol: state.symbol, status: 'live', book, lastChangeId: update.updateId }, update, config);
}

function published(previous: DeribitBookState, next: DeribitBookState, update: BookUpdate, config: Config): Step {
  const crossed = crossedDetail(next.book);
  if (crossed !== undefined) return resync(previous, 'crossed', crossed, update);
  return { state: next, events: [bookViewOf(next.symbol, next.book, update, config.viewLevels)] };
}

function resync(state: DeribitBookState, reason: BookResyncReason, detail: string, update: BookUpdate): Step {
  return { state: down(state, reason), events: state.status === 'resyncing' ? [] : [bookResyncOf(state.symbol, reason, detail, update)] };
}

function lost(state: DeribitBookState, loss: BookLoss, config: Config): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  return { state: { ...down(state, 'refused'), refusals }, events: asksAgain(refusals, config.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}

function down(state: DeribitBookState, reason: BookResyncReason): DeribitBookState {
  const next: DeribitBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, reason };
  return state.refusals === undefined || state.status !== 'resyncing' ? next : { ...next, refusals: state.refusals };
}
