import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS, noSnapshotResyncOf } from '../book-outputs.js';
import { applyL2Changes, EMPTY_L2_BOOK, l2BookOf, trimL2Book, type L2Book } from '../l2-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';
import { stepReducer } from '../step-reducer.js';

/** `empty` until the first snapshot; `live` while every delta follows on; `resyncing` after a gap, a crossed book, a refused frame or a delta without a snapshot, until a snapshot. */
export type BookStatus = 'empty' | 'live' | 'resyncing';

/** One symbol's book as the reducer keeps it between frames. */
export interface BybitBookState {
  readonly symbol: string;
  readonly status: BookStatus;
  /** The levels; empty unless `live`. */
  readonly book: L2Book;
  /** `u` of the last applied frame; 0 before the first snapshot. */
  readonly lastUpdateId: number;
  /** Why the book is `resyncing`. */
  readonly reason?: BookResyncReason;
  /** Refused frames since the book was last live, each one asking for a snapshot up to `maxRefusals`; absent: none. */
  readonly refusals?: number;
}

export interface BybitBookReducerConfig {
  /** Levels per side in each published view. Default 50 (Bybit's `orderbook.50`). */
  readonly viewLevels: number;
  /** Levels kept per side; worse ones are dropped after each frame. Default 1000 (the deepest spot topic). */
  readonly maxLevels: number;
  /** Refused frames since a book was last live that each ask for a snapshot (`book_resync`); past it the book waits, down. Default 3. */
  readonly maxRefusals: number;
}

export const DEFAULT_BYBIT_BOOK_REDUCER_CONFIG = {
  viewLevels: 50,
  maxLevels: 1000,
  maxRefusals: DEFAULT_MAX_REFUSALS,
} as const satisfies BybitBookReducerConfig;

/**
 * Bybit v5 depth-N order book for one symbol, pure, run per symbol with `scan`:
 * - a snapshot, or any frame with `u` = 1 (service restart), replaces the book and resets `u`;
 * - a delta applies only when `u` is the last `u` + 1; `u` <= last is stale and ignored;
 *   `u` > last + 1 is a gap: `resyncing`, and every delta is dropped until the next snapshot;
 * - a delta before the first snapshot (the snapshot lost, or never sent) is `resyncing` (`no_snapshot`);
 * - a frame of the topic the decoder refused (a `BookLoss`: its snapshot or delta is lost) is
 *   `resyncing` (`refused`) at once; one refused while already resyncing (it may have been the
 *   snapshot asked for) signals again, up to `maxRefusals` since it was last live;
 * - a book crossed or locked after any frame is never published: `resyncing` (`crossed`).
 * Each applied frame emits the top `viewLevels` per side; entering `resyncing` emits one `book_resync`.
 */
export function bybitBookReducer(config: Partial<BybitBookReducerConfig> = {}): SymbolReducer<BybitBookState, BookInput, BookOutput> {
  const options: BybitBookReducerConfig = { ...DEFAULT_BYBIT_BOOK_REDUCER_CONFIG, ...config };
  const settings: BybitBookReducerConfig = {
    viewLevels: Math.max(1, Math.floor(options.viewLevels)),
    maxLevels: Math.max(1, Math.floor(options.maxLevels)),
    maxRefusals: Math.max(1, Math.floor(options.maxRefusals)),
  };
  return stepReducer<BybitBookState, BookInput, BookOutput>(
    (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK, lastUpdateId: 0 }),
    (state, update) => bookStep(state, update, settings),
  );
}

type Step = SymbolStep<BybitBookState, BookOutput>;

function bookStep(state: BybitBookState, update: BookInput, config: BybitBookReducerConfig): Step {
  if (update.type === 'book_lost') return lost(state, update, config);
  if (update.action === 'snapshot' || update.updateId === 1) {
    const book = trimL2Book(l2BookOf(update.bids, update.asks), config.maxLevels);
    return published(state, { symbol: state.symbol, status: 'live', book, lastUpdateId: update.updateId }, update, config);
  }
  if (state.status === 'empty') return { state: down(state, 'no_snapshot', update.updateId), events: [noSnapshotResyncOf(state.symbol, update)] };
  if (state.status !== 'live' || update.updateId <= state.lastUpdateId) return { state, events: [] };
  const expected = state.lastUpdateId + 1;
  if (update.updateId !== expected) return resync(state, 'gap', `expected u ${expected}, got ${update.updateId}`, update);
  const book = trimL2Book(applyL2Changes(state.book, update.bids, update.asks), config.maxLevels);
  return published(state, { symbol: state.symbol, status: 'live', book, lastUpdateId: update.updateId }, update, config);
}

/** The next state and its view, unless the book came out crossed or locked. */
function published(previous: BybitBookState, next: BybitBookState, update: BookUpdate, config: BybitBookReducerConfig): Step {
  const crossed = crossedDetail(next.book);
  if (crossed !== undefined) return resync(previous, 'crossed', crossed, update);
  return { state: next, events: [bookViewOf(next.symbol, next.book, update, config.viewLevels)] };
}

/** Drops the book; signals only on entering `resyncing`. */
function resync(state: BybitBookState, reason: BookResyncReason, detail: string, update: BookUpdate): Step {
  const next = down(state, reason, update.updateId);
  if (state.status === 'resyncing') return { state: next, events: [] };
  return { state: next, events: [bookResyncOf(state.symbol, reason, detail, update)] };
}

/** A refused frame of the topic: the book drops at once and signals, and again while down, up to `maxRefusals` since it was last live. */
function lost(state: BybitBookState, loss: BookLoss, config: BybitBookReducerConfig): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  const next: BybitBookState = { ...down(state, 'refused', state.lastUpdateId), refusals };
  return { state: next, events: asksAgain(refusals, config.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}

/** The book dropped for `reason`, at update id `lastUpdateId`, its refusals kept. */
function down(state: BybitBookState, reason: BookResyncReason, lastUpdateId: number): BybitBookState {
  const next: BybitBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, lastUpdateId, reason };
  return state.refusals === undefined || state.status !== 'resyncing' ? next : { ...next, refusals: state.refusals };
}
