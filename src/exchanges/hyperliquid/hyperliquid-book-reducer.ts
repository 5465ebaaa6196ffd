import { asksAgain, bookLossResyncOf, bookResyncOf, bookViewOf, crossedDetail, DEFAULT_MAX_REFUSALS } from '../book-outputs.js';
import type { BookInput, BookLoss, BookOutput, BookUpdate } from '../book-update.js';
import { EMPTY_L2_BOOK, l2BookOf, trimL2Book, type L2Book } from '../l2-book.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';
import { HYPERLIQUID_BOOK_LEVELS } from './hyperliquid-market-frames.js';

/** `empty` until the first snapshot; `live` while the last one was good; `resyncing` after a crossed or refused one, until the next good one. */
export type HyperliquidBookStatus = 'empty' | 'live' | 'resyncing';

export interface HyperliquidBookState {
  readonly symbol: string;
  readonly status: HyperliquidBookStatus;
  /** The levels of the last good snapshot; empty unless `live`. */
  readonly book: L2Book;
  /** `time` of the last snapshot applied; undefined before the first. */
  readonly lastTime?: number;
  /** Refused frames since the book was last live, each saying so up to `maxRefusals`. */
  readonly refusals?: number;
}

export interface HyperliquidBookReducerConfig {
  /** Levels per side in each published view. Default 20: all a snapshot holds. */
  readonly viewLevels: number;
  /** Levels kept per side. Default 20 (`HYPERLIQUID_BOOK_LEVELS`). */
  readonly maxLevels: number;
  readonly maxRefusals: number;
}

export const DEFAULT_HYPERLIQUID_BOOK_REDUCER_CONFIG = {
  viewLevels: HYPERLIQUID_BOOK_LEVELS,
  maxLevels: HYPERLIQUID_BOOK_LEVELS,
  maxRefusals: DEFAULT_MAX_REFUSALS,
} as const satisfies HyperliquidBookReducerConfig;

/**
 * A Hyperliquid `l2Book` book for one coin, pure, run per symbol. Every message is the whole book, at
 * most 20 levels a side (docs "Websocket > Subscriptions", `WsBook`: "Snapshot feed, pushed on each
 * block that is at least 0.5 since last push"), with no sequence and nothing to resync on:
 * - each snapshot replaces the book and is published (its `time` is its update id);
 * - one older than the last applied (`time` before it) is ignored;
 * - a snapshot crossed or locked is never published: `resyncing` (`crossed`), and the next good
 *   snapshot, which the venue sends within a block or so, makes the book live again;
 * - a refused frame of the channel drops the book (`refused`), until the next good snapshot.
 * Entering `resyncing` emits one `book_resync`; nothing is asked of the venue, whose next message is a
 * whole book anyway.
 */
export function hyperliquidBookReducer(config: Partial<HyperliquidBookReducerConfig> = {}): SymbolReducer<HyperliquidBookState, BookInput, BookOutput> {
  const options = { ...DEFAULT_HYPERLIQUID_BOOK_REDUCER_CONFIG, ...config };
  const settings: HyperliquidBookReducerConfig = {
    viewLevels: Math.max(1, Math.floor(options.viewLevels)),
    maxLevels: Math.max(1, Math.floor(options.maxLevels)),
    maxRefusals: Math.max(1, Math.floor(options.maxRefusals)),
  };
  return {
    initial: (symbol) => ({ symbol, status: 'empty', book: EMPTY_L2_BOOK }),
    reduce: (state, inputs) => {
      let current = state;
      const events: BookOutput[] = [];
      for (const input of inputs) {
        const step = input.type === 'book_lost' ? lost(current, input, settings) : snapshot(current, input, settings);
        current = step.state;
        for (const event of step.events) events.push(event);
      }
      return { state: current, events };
    },
  };
}

type Step = SymbolStep<HyperliquidBookState, BookOutput>;

function snapshot(state: HyperliquidBookState, update: BookUpdate, config: HyperliquidBookReducerConfig): Step {
  if (state.lastTime !== undefined && update.updateId < state.lastTime) return { state, events: [] };
  const book = trimL2Book(l2BookOf(update.bids, update.asks), config.maxLevels);
  const crossed = crossedDetail(book);
  if (crossed !== undefined) {
    const next: HyperliquidBookState = { symbol: state.symbol, status: 'resyncing', book: EMPTY_L2_BOOK, lastTime: update.updateId };
    return { state: next, events: state.status === 'resyncing' ? [] : [bookResyncOf(state.symbol, 'crossed', crossed, update)] };
  }
  const next: HyperliquidBookState = { symbol: state.symbol, status: 'live', book, lastTime: update.updateId };
  return { state: next, events: [bookViewOf(state.symbol, book, update, config.viewLevels)] };
}

/** A refused frame: the book drops at once and says so, and again while down, up to `maxRefusals` since it was last live. */
function lost(state: HyperliquidBookState, loss: BookLoss, config: HyperliquidBookReducerConfig): Step {
  const refusals = state.status === 'resyncing' ? (state.refusals ?? 0) + 1 : 1;
  const next: HyperliquidBookState = {
    symbol: state.symbol,
    status: 'resyncing',
    book: EMPTY_L2_BOOK,
    refusals,
    ...(state.lastTime === undefined ? {} : { lastTime: state.lastTime }),
  };
  return { state: next, events: asksAgain(refusals, config.maxRefusals) ? [bookLossResyncOf(loss)] : [] };
}
