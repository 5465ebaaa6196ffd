import type { BookPlan } from '../book-sync.js';
import type { BookUpdate } from '../book-update.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import { stringValues } from '../refused-frame-peek.js';
import { bybitBookReducer } from './bybit-book-reducer.js';
import type { BybitFrame, BybitOrderbookFrame } from './bybit-frames.js';
import type { BybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitBookFrame } from './bybit-mappers.js';

/** The depths of Bybit's `orderbook.{depth}.{SYMBOL}` topics, spot and linear alike (`docs/v5/websocket/public/orderbook.mdx`). */
export const BYBIT_BOOK_DEPTHS = [1, 50, 200, 1000] as const;
export type BybitBookDepth = (typeof BYBIT_BOOK_DEPTHS)[number];

/**
 * What a level's size is written in: `base` (spot, linear: the base asset) or `usd` (inverse: USD, one
 * contract 1 USD), which the plan gives in the base asset, the size over its level's price (0 stays 0).
 */
export type BybitSizing = 'base' | 'usd';

/** Levels per side of the depth topic subscribed by default. */
export const DEFAULT_BYBIT_BOOK_DEPTH: BybitBookDepth = 50;

/**
 * Bybit's order books over `orderbook.{depth}`: depth frames become `BookUpdate`s, folded per symbol
 * by `bybitBookReducer` (keeping `depth` levels per side); a `book_resync` (a gap in `u`, or a
 * crossed book; a refused frame of the topic, or a delta without a snapshot) resubscribes the symbol's
 * topic, and Bybit answers with a fresh snapshot. At depth 1
 * the topic is the one the best bid/ask (`BookTicker`) already reads: every frame is a snapshot. Spot
 * and linear books run alike (snapshot then deltas, `u` + 1 per frame, `u` = 1 a service restart), and
 * inverse ones too, their USD sizes given in the base asset (`sizing`).
 */
export function bybitBookPlan(depth: BybitBookDepth = DEFAULT_BYBIT_BOOK_DEPTH, sizing: BybitSizing = 'base'): BookPlan<BybitFrame | BybitLinearFrame> {
  const channel = `orderbook.${depth}`;
  const sized = sizing === 'usd' ? inBaseAsset : (update: BookUpdate) => update;
  return {
    channel,
    updates: (frame, receivedTs) => {
      if (frame.kind === 'book' && frame.topic.startsWith(`${channel}.`)) return [sized(mapBybitBookFrame(frame, receivedTs))];
      if (depth === 1 && frame.kind === 'orderbook') return [sized(levelOneSnapshot(frame, receivedTs))];
      return [];
    },
    refusedSymbols: (text) => bybitBookSymbolsOf(text, channel),
    sync: resyncBySnapshot(bybitBookReducer({ viewLevels: depth, maxLevels: depth })),
  };
}

/** The symbols of the `channel` topics (`orderbook.50.BTCUSDT`) a refused frame names, read leniently from its text. */
export function bybitBookSymbolsOf(text: string, channel: string): readonly string[] {
  const prefix = `${channel}.`;
  return stringValues(text, 'topic').flatMap((topic) => (topic.startsWith(prefix) && topic.length > prefix.length ? [topic.slice(prefix.length)] : []));
}

/** An update whose USD sizes are given in the base asset: each size over its level's price. */
function inBaseAsset(update: BookUpdate): BookUpdate {
  const base = (levels: BookUpdate['bids']): BookUpdate['bids'] => levels.map(({ price, size }) => ({ price, size: size / price }));
  return { ...update, bids: base(update.bids), asks: base(update.asks) };
}

/** An `orderbook.1` frame replaces the one-level book. */
function levelOneSnapshot(frame: BybitOrderbookFrame, receivedTs: number): BookUpdate {
  const level = (pair: readonly [string, string] | undefined): BookUpdate['bids'] =>
    pair === undefined ? [] : [{ price: Number(pair[0]), size: Number(pair[1]) }];
  return {
    type: 'book_update',
    symbol: frame.data.s,
    action: 'snapshot',
    bids: level(frame.data.bid),
    asks: level(frame.data.ask),
    updateId: frame.data.u,
    exchangeTs: frame.ts,
    receivedTs,
  };
}
