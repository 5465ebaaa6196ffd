import type { BookPlan } from '../book-sync.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { hasKey, stringValues } from '../refused-frame-peek.js';
import type { KrakenPrecision } from './kraken-book-checksum.js';
import { krakenBookReducer } from './kraken-book-reducer.js';
import { krakenBookUpdates } from './kraken-book-update.js';
import type { KrakenFrame } from './kraken-frames.js';

/** The depths of Kraken's `book` channel (levels per side). */
export const KRAKEN_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
export type KrakenBookDepth = (typeof KRAKEN_BOOK_DEPTHS)[number];

/** Levels per side subscribed by default (Kraken's own default, and all the checksum covers). */
export const DEFAULT_KRAKEN_BOOK_DEPTH: KrakenBookDepth = 10;

/** The channel of Kraken's L2 books; the depth is a parameter of the subscribe request, not part of the topic. */
export const KRAKEN_BOOK_CHANNEL = 'book';

export interface KrakenBookPlanConfig {
  /** Levels per side subscribed and kept. Default 10. */
  readonly depth: KrakenBookDepth;
  /** The pairs' precisions from their listing, when known (they override the precisions learned from the messages). */
  readonly precisionOf?: (symbol: string) => KrakenPrecision | undefined;
}

/**
 * Kraken's order books over the `book` channel: each message becomes a `BookUpdate` per symbol that also
 * carries its level texts and checksum, folded per symbol by `krakenBookReducer` (the book cut to
 * `depth` and verified against Kraken's checksum after every message); a `book_resync` (a checksum
 * mismatch, a crossed book, a refused `book` message, or an update without a snapshot) resubscribes the
 * symbol's topic, and Kraken answers with a fresh snapshot.
 * The state lives in the reducer's value, one per symbol per subscription of the sync.
 */
export function krakenBookPlan(config: Partial<KrakenBookPlanConfig> = {}): BookPlan<KrakenFrame> {
  const depth = config.depth ?? DEFAULT_KRAKEN_BOOK_DEPTH;
  return {
    channel: KRAKEN_BOOK_CHANNEL,
    updates: (frame, receivedTs) => (frame.kind === 'book' ? krakenBookUpdates(frame, receivedTs) : []),
    refusedSymbols: krakenBookSymbolsOf,
    sync: resyncBySnapshot(krakenBookReducer({ depth, ...(config.precisionOf === undefined ? {} : { precisionOf: config.precisionOf }) })),
  };
}

/**
 * The symbols of a refused `book` message (`"channel":"book"`, its `data[].symbol`), read leniently
 * from its text; none for a reply to a method (a subscribe ack names `book` and a symbol too).
 */
export function krakenBookSymbolsOf(text: string): readonly string[] {
  if (!stringValues(text, 'channel').includes(KRAKEN_BOOK_CHANNEL) || hasKey(text, 'method')) return [];
  return stringValues(text, 'symbol');
}
