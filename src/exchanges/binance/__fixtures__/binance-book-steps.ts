import type { BookInput, BookOutput, BookUpdate } from '../../book-update.js';
import {
  DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG,
  initialBinanceBook,
  stepBinanceBook,
  type BinanceBookSequencerConfig,
  type BinanceBookState,
  type ChainedBookUpdate,
} from '../binance-book-sequencer.js';

/** `[price, size]` levels as a test writes them. */
export type Pairs = readonly (readonly [number, number])[];

const levels = (pairs: Pairs) => pairs.map(([price, size]) => ({ price, size }));

/** A BTCUSDT depthUpdate covering ids `U..u`. */
export function depthDelta(U: number, u: number, bids: Pairs = [], asks: Pairs = []): BookUpdate {
  return {
    type: 'book_update',
    symbol: 'BTCUSDT',
    action: 'delta',
    bids: levels(bids),
    asks: levels(asks),
    updateId: u,
    firstUpdateId: U,
    exchangeTs: 1000 + u,
    receivedTs: 2000 + u,
  };
}

/** A USD-M depthUpdate covering ids `U..u`, the event before it having ended at `pu`. */
export const chainedDelta = (U: number, u: number, pu: number, bids: Pairs = [], asks: Pairs = []): ChainedBookUpdate => ({
  ...depthDelta(U, u, bids, asks),
  previousUpdateId: pu,
});

/** A REST depth snapshot of BTCUSDT as of `lastUpdateId`. */
export function depthSnapshot(lastUpdateId: number, bids: Pairs, asks: Pairs): BookUpdate {
  return {
    type: 'book_update',
    symbol: 'BTCUSDT',
    action: 'snapshot',
    bids: levels(bids),
    asks: levels(asks),
    updateId: lastUpdateId,
    exchangeTs: 9000,
    receivedTs: 9000,
  };
}

/** What stepping updates through one book made. */
export interface BookSteps {
  readonly state: BinanceBookState;
  /** Each view, resync, overflow and snapshot request (`fetch`), in order. */
  readonly log: readonly string[];
  readonly outputs: readonly BookOutput[];
}

/** Steps the updates (and refused frames' losses) through one fresh BTCUSDT book. */
export function stepBook(updates: readonly BookInput[], config: Partial<BinanceBookSequencerConfig> = {}): BookSteps {
  const settings = { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, ...config };
  let state = initialBinanceBook('BTCUSDT');
  const log: string[] = [];
  const outputs: BookOutput[] = [];
  for (const update of updates) {
    const step = stepBinanceBook(state, update, settings);
    state = step.state;
    outputs.push(...step.outputs);
    for (const o of step.outputs) log.push(o.type === 'book_view' ? `view ${o.updateId}` : `resync ${o.reason} at ${o.updateId}: ${o.detail}`);
    if (step.overflowed) log.push('overflow');
    if (step.fetch) log.push('fetch');
  }
  return { state, log, outputs };
}

/** A view's sides as `[price, size]` pairs (anything else as it is). */
export const sidesOf = (o: BookOutput | undefined) =>
  o?.type === 'book_view' ? { bids: o.bids.map((l) => [l.price, l.size]), asks: o.asks.map((l) => [l.price, l.size]) } : o;
