import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS, noSnapshotResyncOf } from '../book-outputs.js';
import { applyL2Changes, EMPTY_L2_BOOK, l2BookOf, type L2Book, type LevelChange } from '../l2-book.js';
import type { BookLevel } from '../../model/order-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';
import { stepReducer } from '../step-reducer.js';

/** `empty` until the first snapshot; `live` while deltas apply; `resyncing` after a crossed book, a book kept too shallow, a refused frame or a delta without a snapshot, until a snapshot. */
export type CoinbaseBookStatus = 'empty' | 'live' | 'resyncing';

/** One product's book as the reducer keeps it between frames. */
export interface CoinbaseBookState {
  readonly symbol: string;
  readonly status: CoinbaseBookStatus;
  /** The kept levels, at most `maxLevels` per side; empty unless `live`. */
  readonly book: L2Book;
  /**
   * The worst bid price still known since levels were dropped (every bid at or above it is in `book`,
   * none below is); absent while the whole side is known. Asks alike with `askEdge`.
   */
  readonly bidEdge?: number;
  readonly askEdge?: number;
  /** `updateId` (the socket's `sequence_num`) of the last applied frame; -1 before the first snapshot. */
  readonly lastUpdateId: number;
  /** Why the book is `resyncing`. */
  readonly reason?: BookResyncReason;
  /** Refused frames since the book was last live, each one asking for a snapshot up to `maxRefusals`; absent: none. */
  readonly refusals?: number;
}

export interface CoinbaseBookReducerConfig {
  /** Levels per side in each published view. Default 50. */
  readonly viewLevels: number;
  /** Levels kept per side; the snapshot is the whole book (tens of thousands of levels), the rest is dropped. Default 1000. */
  readonly maxLevels: number;
  /** Refused frames since a book was last live that each ask for a snapshot (`book_resync`); past it the book waits, down. Default 3. */
  readonly maxRefusals: number;
}

export const DEFAULT_COINBASE_BOOK_REDUCER_CONFIG = {
  viewLevels: 50,
  maxLevels: 1000,
  maxRefusals: DEFAULT_MAX_REFUSALS,
} as const satisfies CoinbaseBookReducerConfig;

/**
 * Coinbase `level2` order book for one product, pure, run per product with `scan`:
 * - a snapshot replaces the book, keeping the best `maxLevels` per side;
 * - a delta applies only while `live` (while resyncing it is dropped; before the first snapshot, the
 *   snapshot lost or never sent, it is `resyncing`, `no_snapshot`);
 *   sizes are absolute, 0 deletes, an unknown price inserts. There is no per-product sequence: a lost
 *   message shows in the socket's `sequence_num`, and the feed reconnects (fresh snapshots);
 * - the feed sends changes for the whole book, but only the best `maxLevels` per side are kept: once
 *   a side has been cut, changes beyond its edge (the worst price kept when it was cut) are ignored,
 *   and if fewer than `viewLevels` known levels remain on a cut side (the price moved towards the edge),
 *   the book is `resyncing` (`gap`): its top can no longer be told;
 * - a frame of the product the decoder refused (a `BookLoss`: its snapshot or delta is lost; nothing else
 *   would tell without a socket, where `sequence_num` is not followed) is `resyncing` (`refused`) at
 *   once; one refused while already resyncing (it may have been the snapshot asked for) signals again,
 *   up to `maxRefusals` since it was last live;
 * - a book crossed or locked after any frame is never published: `resyncing` (`crossed`).
 * Each applied frame emits the top `viewLevels` per side; entering `resyncing` emits one `book_resync`.
 */
export function coinbaseBookReducer(config: Partial<CoinbaseBookReducerConfig> = {}): SymbolReducer<CoinbaseBookState, BookInput, BookOutput> {
  const options: CoinbaseBookReducerConfig = { ...DEFAULT_COINBASE_BOOK_REDUCER_CONFIG, ...config };
  const viewLevels = Math.max(1, Math.floor(options.viewLevels));
  const settings: CoinbaseBookReducerConfig = {
    viewLevels,
    maxLevels: Math.max(viewLevels, Math.floor(options.maxLevels)),
    maxRefusals: Math.max(1, Math.floor(options.maxRefusals)),
  };
  return stepReducer<CoinbaseBookState, BookInput, BookOutput>(
    (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK, lastUpdateId: -1 }),
    (state, update) => bookStep(state, update, settings),
  );
}

type Step = SymbolStep<CoinbaseBookState, BookOutput>;

function bookStep(state: CoinbaseBookState, update: BookInput, config: CoinbaseBookReducerConfig): Step {
  if (update.type === 'book_lost') return lost(state, update, config);
  if (update.action === 'snapshot') {
    const whole = l2BookOf(update.bids, update.asks);
    return published(state, kept(state.symbol, whole, undefined, undefined, update, config.maxLevels), update, config);
  }
  if (state.status === 'empty') return { state: down(state, 'no_snapshot', update.updateId), events: [noSnapshotResyncOf(state.symbol, update)] };
  if (state.status !== 'live') return { state, events: [] };
  const bids = within(update.bids, state.bidEdge, 1);
  const asks = within(update.asks, state.askEdge, -1);
  const book = applyL2Changes(state.book, bids, asks);
  return published(state, kept(state.symbol, book, state.bidEdge, state.askEdge, update, config.maxLevels), update, config);
}

/** `book` cut to `maxLevels` per side, the edge of a cut side moved in to its worst kept price. */
function kept(
  symbol: string,
  book: L2Book,
  bidEdge: number | undefined,
  askEdge: number | undefined,
  update: BookUpdate,
  maxLevels: number,
): CoinbaseBookState {
  const bids = cut(book.bids, bidEdge, maxLevels);
  const asks = cut(book.asks, askEdge, maxLevels);
  const state: { -readonly [K in keyof CoinbaseBookState]: CoinbaseBookState[K] } = {
    symbol,
    status: 'live',
    book: bids.levels === book.bids && asks.levels === book.asks ? book : { bids: bids.levels, asks: asks.levels },
    lastUpdateId: update.updateId,
  };
  if (bids.edge !== undefined) state.bidEdge = bids.edge;
  if (asks.edge !== undefined) state.askEdge = asks.edge;
  return state;
}

function cut(
  levels: readonly BookLevel[],
  edge: number | undefined,
  maxLevels: number,
): { readonly levels: readonly BookLevel[]; readonly edge: number | undefined } {
  if (levels.length <= maxLevels) return { levels, edge };
  const top = levels.slice(0, maxLevels);
  return { levels: top, edge: top[maxLevels - 1]?.price };
}

/** The changes at or better than `edge` (`direction` +1 for bids, -1 for asks); all of them without an edge. */
function within(changes: readonly LevelChange[], edge: number | undefined, direction: number): readonly LevelChange[] {
  if (edge === undefined || changes.every((c) => (c.price - edge) * direction >= 0)) return changes;
  return changes.filter((c) => (c.price - edge) * direction >= 0);
}

/** The next state and its view, unless the book came out crossed or locked, or too shallow on a cut side. */
function published(previous: CoinbaseBookState, next: CoinbaseBookState, update: BookUpdate, config: CoinbaseBookReducerConfig): Step {
  const crossed = crossedDetail(next.book);
  if (crossed !== undefined) return resync(previous, 'crossed', crossed, update);
  const shallow = shallowDetail(next, config.viewLevels);
  if (shallow !== undefined) return resync(previous, 'gap', shallow, update);
  return { state: next, events: [bookViewOf(next.symbol, next.book, update, config.viewLevels)] };
}

function shallowDetail(state: CoinbaseBookState, viewLevels: number): string | undefined {
  const { bids, asks } = state.book;
  if (state.bidEdge !== undefined && bids.length < viewLevels)
    return `${bids.length} bids known down to ${state.bidEdge}, fewer than the ${viewLevels} published`;
  if (state.askEdge !== undefined && asks.length < viewLevels)
    return `${asks.length} asks known up to ${state.askEdge}, fewer than the ${viewLevels} published`;
  return undefined;
}

/** Drops the book; signals only on entering `resyncing`. */
function resync(state: CoinbaseBookState, reason: BookResyncReason, detail: string, update: BookUpdate): Step {
  const next = down(state, reason, update.updateId);
  if (state.status === 'resyncing') return { state: next, events: [] };
  return { state: next, events: [bookResyncOf(state.symbol, reason, detail, update)] };
}

/** A refused frame of the product: the book drops at once and signals, and again while down, up to `maxRefusals` since it was last live. */
function lost(state: CoinbaseBookState, loss: BookLoss, config: CoinbaseBookReducerConfig): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  const next: CoinbaseBookState = { ...down(state, 'refused', state.lastUpdateId), refusals };
  return { state: next, events: asksAgain(refusals, config.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}

/** The book dropped for `reason`, at update id `lastUpdateId`, its refusals kept. */
function down(state: CoinbaseBookState, reason: BookResyncReason, lastUpdateId: number): CoinbaseBookState {
  const next: CoinbaseBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, lastUpdateId, reason };
  return state.refusals === undefined || state.status !== 'resyncing' ? next : { ...next, refusals: state.refusals };
}
