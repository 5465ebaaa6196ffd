import { bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail } from '../book-outputs.js';
import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { applyL2Changes, l2BookOf, trimL2Book, type L2Book } from '../l2-book.js';

/**
 * `current`: Binance's and the testnet's local-book rule (2025 text); `us`: the older rule Binance US
 * still documents (first event brackets `lastUpdateId + 1`, then each `U` is the previous `u` + 1);
 * `futures`: the derivatives' rule (USD-M "How to manage a local order book correctly"): events with
 * `u` < `lastUpdateId` are dropped, the first applied one brackets it (`U` <= `lastUpdateId` <= `u`),
 * and after it each event's `pu` is the previous event's `u` (futures ids are not consecutive, so `U`
 * says nothing of a lost event).
 */
export type BinanceSyncRule = 'current' | 'us' | 'futures';

/**
 * A futures depth delta (`depthUpdate` with `pu`): a `BookUpdate` that also carries the last update id
 * of the event before it on the stream. It travels where any `BookUpdate` does, by reference; the
 * sequencer reads `previousUpdateId` through `previousUpdateIdOf`.
 */
export interface ChainedBookUpdate extends BookUpdate {
  /** `pu`: the `u` of the previous event of this symbol's stream. */
  readonly previousUpdateId: number;
}

/** The `pu` an update carries, or undefined for one that has none (spot, snapshots). */
export function previousUpdateIdOf(update: BookUpdate): number | undefined {
  return 'previousUpdateId' in update && typeof update.previousUpdateId === 'number' ? update.previousUpdateId : undefined;
}

/** Before a usable snapshot: deltas wait in `buffer` (oldest first) while one snapshot request is in flight. */
export interface BufferingBook {
  readonly status: 'buffering';
  readonly symbol: string;
  readonly buffer: readonly BookUpdate[];
  /** A snapshot request is in flight. */
  readonly fetching: boolean;
  /** Times this symbol's buffer overflowed and restarted. */
  readonly overflows: number;
}

/** A book built from a snapshot and every update since. */
export interface LiveBook {
  readonly status: 'live';
  readonly symbol: string;
  readonly book: L2Book;
  /** `u` of the last applied event, or the snapshot's `lastUpdateId`. */
  readonly lastUpdateId: number;
  /** No event applied since the snapshot yet (Binance US and futures check the first one differently). */
  readonly first: boolean;
  readonly overflows: number;
}

export type BinanceBookState = BufferingBook | LiveBook;

/** The state after one input, what to publish, and whether to request a snapshot now. */
export interface BinanceBookStep {
  readonly state: BinanceBookState;
  readonly outputs: readonly BookOutput[];
  readonly fetch: boolean;
  /** The buffer overflowed on this input and restarted. */
  readonly overflowed: boolean;
}

export interface BinanceBookSequencerConfig {
  readonly rule: BinanceSyncRule;
  /** Levels per side in each published view. Default 50. */
  readonly viewLevels: number;
  /** Levels kept per side; worse ones are dropped. Default 5000 (the deepest REST snapshot). */
  readonly maxLevels: number;
  /** Deltas held per symbol while its snapshot is fetched; one more restarts the buffer. Default 2000. */
  readonly maxBuffered: number;
}

export const DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG = {
  rule: 'current',
  viewLevels: 50,
  maxLevels: 5000,
  maxBuffered: 2000,
} as const satisfies BinanceBookSequencerConfig;

/** One symbol's book before its first delta. */
export function initialBinanceBook(symbol: string): BinanceBookState {
  return { status: 'buffering', symbol, buffer: [], fetching: false, overflows: 0 };
}

/**
 * Pure step of Binance's local order book for one symbol; `update` is a stream delta, a REST
 * snapshot (`action: 'snapshot'`, `updateId` = `lastUpdateId`), or a refused depth frame (`BookLoss`):
 * - deltas before a usable snapshot are buffered (at most `maxBuffered`) and the first asks for a snapshot;
 * - a snapshot older than the buffer (`current`: `lastUpdateId` < first `U`; `us`: the first event with
 *   `u` > `lastUpdateId` has `U` > `lastUpdateId` + 1; `futures`: the first event with `u` >= `lastUpdateId`
 *   has `U` > `lastUpdateId`) asks for another;
 * - otherwise the book is the snapshot, buffered deltas with `u` <= `lastUpdateId` (`futures`: `u` <
 *   `lastUpdateId`) are dropped, the rest applied;
 * - a delta already covered is ignored (`u` <= the local id; `futures` before its first event: `u` < it);
 *   `U` > local + 1 (`us`: `U` != local + 1 after the first; `futures`: `U` > local on the first, then
 *   `pu` != local) is a gap; a crossed or locked book after any update is `crossed`. Either emits one
 *   `book_resync` and restarts from the offending delta with a new snapshot. Each applied update (a
 *   snapshot with its buffer counts as one) publishes a view;
 * - a refused depth frame (a lost delta) drops a live book at once with one `book_resync` (`refused`),
 *   as a gap would at the next delta; the next delta buffers and asks for a snapshot. A buffering
 *   book keeps its buffer: the snapshot's checks tell a lost delta it covers from one it does not (a
 *   gap, said then).
 */
export function stepBinanceBook(state: BinanceBookState, update: BookInput, config: BinanceBookSequencerConfig): BinanceBookStep {
  if (update.type === 'book_lost') return lostStep(state, update);
  if (update.action === 'snapshot') return state.status === 'buffering' ? snapshotStep(state, update, config) : idle(state);
  if (state.status === 'buffering') return buffered(state, update, config);
  if (isCovered(update.updateId, state.lastUpdateId, config.rule, state.first)) return idle(state);
  const gap = gapDetail(state, update, config.rule);
  if (gap !== undefined) return restart(state, 'gap', gap, update, [update]);
  return published(state, applied(state, update, config), update, config);
}

function snapshotStep(state: BufferingBook, snapshot: BookUpdate, config: BinanceBookSequencerConfig): BinanceBookStep {
  const first = state.buffer[0];
  if (first === undefined) return idle({ ...state, fetching: false });
  const pending = state.buffer.filter((u) => !isCovered(u.updateId, snapshot.updateId, config.rule, true));
  if (isOlderThanBuffer(snapshot.updateId, first, pending[0], config.rule))
    return { state: { ...state, fetching: true }, outputs: [], fetch: true, overflowed: false };
  let live: LiveBook = {
    status: 'live',
    symbol: state.symbol,
    book: trimL2Book(l2BookOf(snapshot.bids, snapshot.asks), config.maxLevels),
    lastUpdateId: snapshot.updateId,
    first: true,
    overflows: state.overflows,
  };
  let last = snapshot;
  const crossed = crossedDetail(live.book);
  if (crossed !== undefined) return restart(live, 'crossed', crossed, snapshot, pending);
  for (const [i, update] of pending.entries()) {
    const gap = gapDetail(live, update, config.rule);
    if (gap !== undefined) return restart(live, 'gap', gap, update, pending.slice(i));
    live = applied(live, update, config);
    const cross = crossedDetail(live.book);
    if (cross !== undefined) return restart(live, 'crossed', cross, update, pending.slice(i));
    last = update;
  }
  return published(live, live, last, config);
}

function isOlderThanBuffer(lastUpdateId: number, first: BookUpdate, firstPending: BookUpdate | undefined, rule: BinanceSyncRule): boolean {
  if (rule === 'current') return lastUpdateId < firstIdOf(first);
  if (rule === 'futures') return firstPending !== undefined && firstIdOf(firstPending) > lastUpdateId;
  return firstPending !== undefined && firstIdOf(firstPending) > lastUpdateId + 1;
}

/**
 * An event the book at `lastUpdateId` already holds: `u` <= it; under `futures`, before the first
 * applied event, `u` < it (the first may end at `lastUpdateId` itself).
 */
function isCovered(updateId: number, lastUpdateId: number, rule: BinanceSyncRule, first: boolean): boolean {
  return rule === 'futures' && first ? updateId < lastUpdateId : updateId <= lastUpdateId;
}

function buffered(state: BufferingBook, update: BookUpdate, config: BinanceBookSequencerConfig): BinanceBookStep {
  const overflowed = state.buffer.length >= config.maxBuffered;
  const buffer = overflowed ? [update] : [...state.buffer, update];
  const next: BufferingBook = { ...state, buffer, fetching: true, overflows: state.overflows + (overflowed ? 1 : 0) };
  return { state: next, outputs: [], fetch: !state.fetching, overflowed };
}

function gapDetail(state: LiveBook, update: BookUpdate, rule: BinanceSyncRule): string | undefined {
  if (rule === 'futures') return futuresGapDetail(state, update);
  const expected = state.lastUpdateId + 1;
  const first = firstIdOf(update);
  if (rule === 'us' && !state.first) return first === expected ? undefined : `expected U ${expected}, got ${first}`;
  return first > expected ? `expected U <= ${expected}, got ${first}` : undefined;
}

/** `futures`: the first event after the snapshot brackets it (`U` <= `lastUpdateId`); each later one names the previous `u` as its `pu`. */
function futuresGapDetail(state: LiveBook, update: BookUpdate): string | undefined {
  if (state.first) {
    const first = firstIdOf(update);
    return first <= state.lastUpdateId ? undefined : `expected U <= ${state.lastUpdateId}, got ${first}`;
  }
  const previous = previousUpdateIdOf(update);
  return previous === state.lastUpdateId ? undefined : `expected pu ${state.lastUpdateId}, got ${previous ?? 'none'}`;
}

function applied(state: LiveBook, update: BookUpdate, config: BinanceBookSequencerConfig): LiveBook {
  return { ...state, book: trimL2Book(applyL2Changes(state.book, update.bids, update.asks), config.maxLevels), lastUpdateId: update.updateId, first: false };
}

/** Publishes `next` after `update`, unless it came out crossed or locked. */
function published(previous: LiveBook, next: LiveBook, update: BookUpdate, config: BinanceBookSequencerConfig): BinanceBookStep {
  const crossed = crossedDetail(next.book);
  if (crossed !== undefined) return restart(previous, 'crossed', crossed, update, update.action === 'delta' ? [update] : []);
  return { state: next, outputs: [bookViewOf(next.symbol, next.book, update, config.viewLevels)], fetch: false, overflowed: false };
}

/** Drops the book, signals why, and buffers `from` (the offending delta and those after it) for the next snapshot. */
function restart(state: BinanceBookState, reason: BookResyncReason, detail: string, update: BookUpdate, from: readonly BookUpdate[]): BinanceBookStep {
  const next: BufferingBook = { status: 'buffering', symbol: state.symbol, buffer: from, fetching: true, overflows: state.overflows };
  return { state: next, outputs: [bookResyncOf(state.symbol, reason, detail, update)], fetch: true, overflowed: false };
}

/** A refused depth frame: a live book drops and says so, buffering from the next delta (which fetches); a buffering one goes on. */
function lostStep(state: BinanceBookState, loss: BookLoss): BinanceBookStep {
  if (state.status === 'buffering') return idle(state);
  const next: BufferingBook = { status: 'buffering', symbol: state.symbol, buffer: [], fetching: false, overflows: state.overflows };
  return { state: next, outputs: [bookLossResyncOf(loss)], fetch: false, overflowed: false };
}

function idle(state: BinanceBookState): BinanceBookStep {
  return { state, outputs: [], fetch: false, overflowed: false };
}

function firstIdOf(update: BookUpdate): number {
  return update.firstUpdateId ?? update.updateId;
}
