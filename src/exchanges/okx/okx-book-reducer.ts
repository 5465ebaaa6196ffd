import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS, noSnapshotResyncOf } from '../book-outputs.js';
import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { applyL2Changes, EMPTY_L2_BOOK, l2BookOf, trimL2Book, type L2Book } from '../l2-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';
import { okxBookChecksum, snapshotTexts, updatedTexts, type OkxBookTexts } from './okx-book-checksum.js';
import { stepReducer } from '../step-reducer.js';

/**
 * One OKX depth push for one instrument: `updateId` is its `seqId` (0 when it sent none) and
 * `prevUpdateId` its `prevSeqId`, the `seqId` of the push before it (-1 on a snapshot); absent on a push
 * without a sequence (before 2023), which is applied in the order it came.
 */
export interface OkxBookUpdate extends BookUpdate {
  readonly prevUpdateId?: number;
  /** OKX's checksum of the book after this push (`checksum`); absent when it sent none or 0 (not checked). */
  readonly checksum?: number;
}

/** `empty` until the first snapshot; `live` while every update follows on; `resyncing` until the next snapshot. */
export type OkxBookStatus = 'empty' | 'live' | 'resyncing';

export interface OkxBookState {
  readonly symbol: string;
  readonly status: OkxBookStatus;
  /** The levels; empty unless `live`. */
  readonly book: L2Book;
  /** `seqId` of the last applied push; undefined before it, or when that push had none. */
  readonly lastSeqId?: number;
  /** The levels' texts as OKX wrote them, kept while the book is checked (from a snapshot with a checksum). */
  readonly texts?: OkxBookTexts;
  readonly reason?: BookResyncReason;
  /** Refused pushes since the book was last live, each asking for a snapshot up to `maxRefusals`. */
  readonly refusals?: number;
}

export interface OkxBookReducerConfig {
  /** Levels per side in each published view. Default 50. */
  readonly viewLevels: number;
  /**
   * Levels kept per side. Default 400, the depth of `books` (docs "Order book channel": "400 depth levels
   * will be pushed in the initial full snapshot"): a level OKX keeps in its 400 and updates later must
   * be here to be updated; worse ones (left behind when the window moved) are dropped after each push.
   */
  readonly maxLevels: number;
  readonly maxRefusals: number;
  /**
   * Whether a book is checked after any snapshot, not only one that carried a checksum: a venue whose
   * snapshots carry 0 while its updates carry the checksum (Bitget v2) keeps the texts of every snapshot.
   * Default false (OKX: a snapshot without a checksum says the book is not checked).
   */
  readonly checkEverySnapshot: boolean;
}

export const DEFAULT_OKX_BOOK_REDUCER_CONFIG = {
  viewLevels: 50,
  maxLevels: 400,
  maxRefusals: DEFAULT_MAX_REFUSALS,
  checkEverySnapshot: false,
} as const satisfies OkxBookReducerConfig;

/**
 * An OKX `books` book for one instrument, run per symbol (a state is not stepped twice: its texts change in
 * place, `OkxBookTexts`). OKX keeps the `seqId` chain (docs
 * "Order book channel", seqId notes) and, where it still sends one, a checksum: OKX sends 0 since 2026
 * (ccxt/ccxt#28660 "remove deprecated checksum field in OB", ccxt/ccxt#30299 "OKX now always sends
 * checksum: 0", xLydianSoftware/Qubx#387), and 0 is not checked; a non-zero `checksum` (older recordings,
 * or OKX turning it back on) must be the CRC32 of the book's top 25 levels (`okxBookChecksum`):
 * - a snapshot (`action: snapshot`, `prevSeqId` -1) replaces the book;
 * - an update applies when its `prevSeqId` is the last `seqId`: so does OKX's keep-alive (no levels,
 *   `seqId` = `prevSeqId`) and the update after a sequence reset for maintenance (`seqId` below
 *   `prevSeqId`); one already applied (`prevSeqId` before the last `seqId`, `seqId` not after it) is
 *   ignored; any other `prevSeqId` is a gap: `resyncing`, and updates are dropped until a snapshot;
 * - an update without a sequence (pushes before OKX added it, as the 2022 recordings) is applied in
 *   the order it came: the socket's order was all those pushes had besides the checksum;
 * - an update before the first snapshot is `no_snapshot`; a refused push `refused`; a book crossed or
 *   locked after any push is never published (`crossed`);
 * - a book whose snapshot carried a checksum is checked: the levels' texts as OKX wrote them are kept,
 *   and after each push carrying a non-zero checksum its top 25 must give it, else the book is
 *   `resyncing` (`checksum`, detail `expected X, computed Y`); a book whose snapshot had none is not.
 * Each applied push emits the top `viewLevels` per side; entering `resyncing` emits one `book_resync`.
 */
export function okxBookReducer(config: Partial<OkxBookReducerConfig> = {}): SymbolReducer<OkxBookState, BookInput, BookOutput> {
  const options = { ...DEFAULT_OKX_BOOK_REDUCER_CONFIG, ...config };
  const settings: OkxBookReducerConfig = {
    viewLevels: Math.max(1, Math.floor(options.viewLevels)),
    maxLevels: Math.max(1, Math.floor(options.maxLevels)),
    maxRefusals: Math.max(1, Math.floor(options.maxRefusals)),
    checkEverySnapshot: options.checkEverySnapshot,
  };
  return stepReducer<OkxBookState, BookInput, BookOutput>(
    (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK }),
    (state, update) => bookStep(state, update, settings),
  );
}

type Step = SymbolStep<OkxBookState, BookOutput>;

function bookStep(state: OkxBookState, input: BookInput, config: OkxBookReducerConfig): Step {
  if (input.type === 'book_lost') return lost(state, input, config);
  const update: OkxBookUpdate = input;
  const seq = update.prevUpdateId === undefined ? {} : { lastSeqId: update.updateId };
  if (update.action === 'snapshot') {
    const book = trimL2Book(l2BookOf(update.bids, update.asks), config.maxLevels);
    const texts = update.checksum === undefined && !config.checkEverySnapshot ? undefined : snapshotTexts(update.bids, update.asks);
    return published(state, { symbol: state.symbol, status: 'live', book, ...seq, ...(texts === undefined ? {} : { texts }) }, update, config);
  }
  if (state.status === 'empty') return { state: down(state, 'no_snapshot'), events: [noSnapshotResyncOf(state.symbol, update)] };
  if (state.status !== 'live') return { state, events: [] };
  const previous = update.prevUpdateId;
  const last = state.lastSeqId;
  if (previous !== undefined && last !== undefined && previous !== last) {
    if (previous < last && update.updateId <= last) return { state, events: [] };
    return resync(state, 'gap', `expected prevSeqId ${last}, got ${previous}`, update);
  }
  const book = trimL2Book(applyL2Changes(state.book, update.bids, update.asks), config.maxLevels);
  const texts = state.texts === undefined ? undefined : updatedTexts(state.texts, update.bids, update.asks, book);
  return published(state, { symbol: state.symbol, status: 'live', book, ...seq, ...(texts === undefined ? {} : { texts }) }, update, config);
}

/** The next state and its view, unless the book came out crossed or locked, or not as the push's checksum says. */
function published(previous: OkxBookState, next: OkxBookState, update: OkxBookUpdate, config: OkxBookReducerConfig): Step {
  const crossed = crossedDetail(next.book);
  if (crossed !== undefined) return resync(previous, 'crossed', crossed, update);
  if (update.checksum !== undefined && next.texts !== undefined) {
    const computed = okxBookChecksum(next.book, next.texts);
    if (computed !== update.checksum) return resync(previous, 'checksum', `expected ${update.checksum}, computed ${computed}`, update);
  }
  return { state: next, events: [bookViewOf(next.symbol, next.book, update, config.viewLevels)] };
}

/** Drops the book; signals only on entering `resyncing`. */
function resync(state: OkxBookState, reason: BookResyncReason, detail: string, update: BookUpdate): Step {
  const next = down(state, reason);
  return { state: next, events: state.status === 'resyncing' ? [] : [bookResyncOf(state.symbol, reason, detail, update)] };
}

/** A refused push: the book drops at once and signals, and again while down, up to `maxRefusals` since it was last live. */
function lost(state: OkxBookState, loss: BookLoss, config: OkxBookReducerConfig): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  const next: OkxBookState = { ...down(state, 'refused'), refusals };
  return { state: next, events: asksAgain(refusals, config.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}

/** The book dropped for `reason`, its refusals kept while it stays down. */
function down(state: OkxBookState, reason: BookResyncReason): OkxBookState {
  const next: OkxBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, reason };
  return state.refusals === undefined || state.status !== 'resyncing' ? next : { ...next, refusals: state.refusals };
}
