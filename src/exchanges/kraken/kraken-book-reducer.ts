import type { BookLevel } from '../../model/order-book.js';
import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS, noSnapshotResyncOf } from '../book-outputs.js';
import type { BookInput, BookLoss, BookOutput, BookResyncReason, BookUpdate } from '../book-update.js';
import { applyL2Changes, EMPTY_L2_BOOK, l2BookOf, trimL2Book, type L2Book, type LevelChange } from '../l2-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';
import { KRAKEN_CHECKSUM_LEVELS, krakenBookChecksum, type KrakenPrecision, type LevelText } from './kraken-book-checksum.js';
import { decimalPlaces, plainDecimal } from './kraken-decimal-text.js';
import { isKrakenBookUpdate } from './kraken-book-update.js';
import { stepReducer } from '../step-reducer.js';

/**
 * `empty` until the first snapshot; `live` while every message verifies; `resyncing` after a checksum
 * mismatch, a crossed book, a refused message or an update without a snapshot, until a snapshot verifies.
 */
export type KrakenBookStatus = 'empty' | 'live' | 'resyncing';

/** One symbol's book as the reducer keeps it between messages. */
export interface KrakenBookState {
  readonly symbol: string;
  readonly status: KrakenBookStatus;
  /** The levels, at most the subscribed depth per side; empty unless `live`. */
  readonly book: L2Book;
  /** The decimal texts of the kept levels, by price. */
  readonly texts: { readonly bids: ReadonlyMap<number, LevelText>; readonly asks: ReadonlyMap<number, LevelText> };
  /** The most decimals seen in this symbol's prices and in its quantities (kept across resyncs). */
  readonly seen: KrakenPrecision;
  /** Snapshots in a row whose book failed (crossed, or its checksum), since the last good one. */
  readonly failedSnapshots: number;
  /** Why the book is `resyncing`. */
  readonly reason?: BookResyncReason;
  /** Refused messages since the book was last live, each one asking for a snapshot up to `maxRefusals`; absent: none. */
  readonly refusals?: number;
}

export interface KrakenBookReducerConfig {
  /** The subscribed depth (10, 25, 100, 500 or 1000): the book is cut to it after every message. Default 10. */
  readonly depth: number;
  /** Levels per side in each published view. Default: the depth. */
  readonly viewLevels?: number;
  /**
   * The pair's precision as its listing gives it (AssetPairs `pair_decimals`, `lot_decimals`), when
   * known: it overrides the precision learned from the messages. Default: none known.
   */
  readonly precisionOf?: (symbol: string) => KrakenPrecision | undefined;
  /** Failed snapshots in a row that each ask for another (a `book_resync`); past it the book stays down quietly. Default 3. */
  readonly maxFailedSnapshots?: number;
  /** Refused messages since a book was last live that each ask for a snapshot (a `book_resync`); past it the book waits, down. Default 3. */
  readonly maxRefusals?: number;
}

const NO_TEXTS: KrakenBookState['texts'] = { bids: new Map(), asks: new Map() };

/**
 * Kraken v2 L2 book for one symbol, pure, run per symbol with `scan`:
 * - a snapshot replaces the book; an update applies its levels in order (one level may change several
 *   times in a message; `qty` 0 deletes, an absent level's delete is a no-op); updates while resyncing
 *   are dropped; an update before the first snapshot (the snapshot lost, or never sent) is `resyncing`
 *   (`no_snapshot`) with one `book_resync`;
 * - a message the decoder refused (a `BookLoss`: its snapshot or update is lost) is `resyncing`
 *   (`refused`) at once; one refused while already resyncing (it may have been the snapshot asked
 *   for) signals again, up to `maxRefusals` since the book was last live;
 * - after every message the book is cut to the subscribed depth (Kraken sends no delete for a level
 *   pushed out of it), then the top 10 per side must give the message's checksum;
 * - a mismatch (a lost or misapplied message) or a crossed or locked book is never published: the book
 *   is `resyncing` with one `book_resync` (reason `gap`, detail `checksum expected X, computed Y`;
 *   or `crossed`), and the next snapshot starts it again; a snapshot that fails too asks again, up to
 *   `maxFailedSnapshots` in a row.
 * The checksum writes every number at the pair's precision: Kraken pads its decimals to it on the wire,
 * but a copy re-serialised on the way (trailing zeros lost: `0.06` for `0.06000000`) does not, so
 * the precision is the most decimals seen per symbol in its price texts and in its quantity texts
 * (snapshots and updates), unless `precisionOf` knows the pair's own.
 */
export function krakenBookReducer(config: Partial<KrakenBookReducerConfig> = {}): SymbolReducer<KrakenBookState, BookInput, BookOutput> {
  const depth = Math.max(1, Math.floor(config.depth ?? 10));
  const settings: Settings = {
    depth,
    viewLevels: Math.max(1, Math.floor(config.viewLevels ?? depth)),
    precisionOf: config.precisionOf ?? (() => undefined),
    maxFailedSnapshots: Math.max(1, Math.floor(config.maxFailedSnapshots ?? 3)),
    maxRefusals: Math.max(1, Math.floor(config.maxRefusals ?? DEFAULT_MAX_REFUSALS)),
  };
  return stepReducer<KrakenBookState, BookInput, BookOutput>(
    (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK, texts: NO_TEXTS, seen: { price: 0, qty: 0 }, failedSnapshots: 0 }),
    (state, update) => bookStep(state, update, settings),
  );
}

type Settings = Required<KrakenBookReducerConfig>;
type Step = SymbolStep<KrakenBookState, BookOutput>;
type TextedLevel = LevelChange & { readonly text: LevelText };

function bookStep(state: KrakenBookState, update: BookInput, settings: Settings): Step {
  if (update.type === 'book_lost') return lost(state, update, settings);
  const snapshot = update.action === 'snapshot';
  if (!snapshot && state.status === 'empty') {
    const next: KrakenBookState = { ...state, status: 'resyncing', reason: 'no_snapshot' };
    return { state: next, events: [noSnapshotResyncOf(state.symbol, update)] };
  }
  if (!snapshot && state.status !== 'live') return { state, events: [] };
  const bids = texted(update.bids);
  const asks = texted(update.asks);
  const seen = learned(learned(state.seen, bids), asks);
  const book = trimL2Book(snapshot ? l2BookOf(update.bids, update.asks) : applyL2Changes(state.book, update.bids, update.asks), settings.depth);
  const texts = snapshot
    ? { bids: keptTexts(book.bids, bids, NO_TEXTS.bids), asks: keptTexts(book.asks, asks, NO_TEXTS.asks) }
    : { bids: keptTexts(book.bids, bids, state.texts.bids), asks: keptTexts(book.asks, asks, state.texts.asks) };
  const crossed = crossedDetail(book);
  if (crossed !== undefined) return resync(state, seen, 'crossed', crossed, update, snapshot, settings);
  if (isKrakenBookUpdate(update)) {
    const computed = krakenBookChecksum(sideTexts(book.asks, texts.asks), sideTexts(book.bids, texts.bids), settings.precisionOf(state.symbol) ?? seen);
    if (computed !== update.checksum) return resync(state, seen, 'checksum', `expected ${update.checksum}, computed ${computed}`, update, snapshot, settings);
  }
  const next: KrakenBookState = { symbol: state.symbol, status: 'live', book, texts, seen, failedSnapshots: 0 };
  return { state: next, events: [bookViewOf(state.symbol, book, update, settings.viewLevels)] };
}

/**
 * Drops the book, keeping what was learned of the precision. Signals on entering `resyncing`, and for
 * a snapshot that failed (it answered a resubscribe, so another is asked for), up to the limit.
 */
function resync(
  state: KrakenBookState,
  seen: KrakenPrecision,
  reason: BookResyncReason,
  detail: string,
  update: BookUpdate,
  snapshot: boolean,
  settings: Settings,
): Step {
  const failedSnapshots = snapshot ? state.failedSnapshots + 1 : 0;
  const dropped: KrakenBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, texts: NO_TEXTS, seen, failedSnapshots, reason };
  const next = state.refusals === undefined || state.status !== 'resyncing' ? dropped : { ...dropped, refusals: state.refusals };
  const signal = state.status !== 'resyncing' || (snapshot && failedSnapshots <= settings.maxFailedSnapshots);
  return { state: next, events: signal ? [bookResyncOf(state.symbol, reason, detail, update)] : [] };
}

/** A refused message of the book: it drops at once and signals, and again while down, up to `maxRefusals` since it was last live. */
function lost(state: KrakenBookState, loss: BookLoss, settings: Settings): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  const next: KrakenBookState = { ...state, status: 'resyncing', book: EMPTY_L2_BOOK, texts: NO_TEXTS, reason: 'refused', refusals };
  return { state: next, events: asksAgain(refusals, settings.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}

/** The levels of a message with their texts (from a plain `BookUpdate`: the numbers' own shortest texts). */
function texted(levels: readonly LevelChange[]): readonly TextedLevel[] {
  return levels.map((level) => {
    const price = 'priceText' in level && typeof level.priceText === 'string' ? level.priceText : numberText(level.price);
    const qty = 'qtyText' in level && typeof level.qtyText === 'string' ? level.qtyText : numberText(level.size);
    return { price: level.price, size: level.size, text: { price, qty } };
  });
}

function numberText(value: number): string {
  return plainDecimal(String(value)) ?? String(value);
}

function learned(seen: KrakenPrecision, levels: readonly TextedLevel[]): KrakenPrecision {
  let { price, qty } = seen;
  for (const { text } of levels) {
    price = Math.max(price, decimalPlaces(text.price));
    qty = Math.max(qty, decimalPlaces(text.qty));
  }
  return price === seen.price && qty === seen.qty ? seen : { price, qty };
}

/** The texts of the levels kept on a side: a message's last text for a price, else the one kept before. */
function keptTexts(kept: readonly BookLevel[], changes: readonly TextedLevel[], before: ReadonlyMap<number, LevelText>): ReadonlyMap<number, LevelText> {
  const latest = new Map<number, LevelText>();
  for (const change of changes) latest.set(change.price, change.text);
  const texts = new Map<number, LevelText>();
  for (const level of kept)
    texts.set(level.price, latest.get(level.price) ?? before.get(level.price) ?? { price: numberText(level.price), qty: numberText(level.size) });
  return texts;
}

/** The texts of a side's best levels, as many as the checksum covers. */
function sideTexts(levels: readonly BookLevel[], texts: ReadonlyMap<number, LevelText>): readonly LevelText[] {
  return levels.slice(0, KRAKEN_CHECKSUM_LEVELS).map((level) => texts.get(level.price) ?? { price: numberText(level.price), qty: numberText(level.size) });
}
