import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { FeedEvent, LargeTrade } from '../model/index.js';
import { judgeTradeSize } from '../stats/judge-trade-size.js';
import { emptyRollingMean } from '../stats/rolling-mean.js';
import type { RollingMean } from '../stats/rolling-mean.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from './symbol-counters.js';

/** Options for {@link largeTrades}. */
export interface LargeTradesConfig {
  /** A trade is large at this many times the symbol's rolling mean quantity or more. Default 10. */
  readonly multiple: number;
  /** How many previous trades of the symbol the mean is taken over. Default 500. */
  readonly lookback: number;
  /** Fewest previous trades before any trade is called large (avoids verdicts on no history). Default 20. */
  readonly minSamples: number;
  /** Most symbols tracked; beyond it the least recently traded is forgotten (and counted in `symbolCounters`). Default 10000 (`DEFAULT_MAX_SYMBOLS`). */
  readonly maxSymbols: number;
  /** Counts the symbols forgotten to make room. Default: none. */
  readonly symbolCounters?: SymbolCounters;
}

export const DEFAULT_LARGE_TRADES_CONFIG = {
  multiple: 10,
  lookback: 500,
  minSamples: 20,
  maxSymbols: DEFAULT_MAX_SYMBOLS,
} as const satisfies LargeTradesConfig;

/** A symbol's history and when it last traded (a counter). */
interface Tracked {
  history: RollingMean;
  stamp: number;
}

/**
 * Emits a {@link LargeTrade} for each trade whose quantity is at least `multiple` times the mean
 * quantity of the same symbol's previous `lookback` trades (per exchange and symbol). Everything
 * else is consumed silently; completion and errors pass through.
 */
export function largeTrades(config: Partial<LargeTradesConfig> = {}): OperatorFunction<FeedEvent, LargeTrade> {
  const options: LargeTradesConfig = { ...DEFAULT_LARGE_TRADES_CONFIG, ...config };
  const counters = options.symbolCounters;
  return (source) =>
    new Observable<LargeTrade>((subscriber) => {
      // By venue, then symbol (no key string per trade). Each venue's map is in the order its symbols
      // last traded (a trade moves its symbol to the end), so the least recent of all is the head of
      // one of them, told apart by `stamp`: forgetting it looks at one entry per venue.
      const venues = new Map<string, Map<string, Tracked>>();
      let tracked = 0;
      let clock = 0;
      const forgetLeastRecent = (): void => {
        let oldest: { readonly symbols: Map<string, Tracked>; readonly symbol: string; readonly stamp: number } | undefined;
        for (const symbols of venues.values()) {
          const head = symbols.entries().next();
          if (head.done === true) continue;
          const [symbol, entry] = head.value;
          if (oldest === undefined || entry.stamp < oldest.stamp) oldest = { symbols, symbol, stamp: entry.stamp };
        }
        if (oldest === undefined) return;
        oldest.symbols.delete(oldest.symbol);
        tracked--;
        if (counters !== undefined) counters.evicted += 1;
      };
      return source.subscribe({
        next: (event) => {
          if (event.type !== 'trade') return;
          let symbols = venues.get(event.exchange);
          if (symbols === undefined) venues.set(event.exchange, (symbols = new Map<string, Tracked>()));
          const entry = symbols.get(event.symbol);
          const verdict = judgeTradeSize(entry?.history ?? emptyRollingMean(options.lookback), event.quantity, options);
          if (entry === undefined) {
            symbols.set(event.symbol, { history: verdict.history, stamp: ++clock });
            if (++tracked > options.maxSymbols) forgetLeastRecent();
          } else {
            entry.history = verdict.history;
            entry.stamp = ++clock;
            symbols.delete(event.symbol);
            symbols.set(event.symbol, entry);
          }
          if (verdict.large && verdict.ratio !== undefined && verdict.meanQuantity !== undefined) {
            subscriber.next({
              ...event,
              type: 'large_trade',
              ratio: verdict.ratio,
              meanQuantity: verdict.meanQuantity,
              lookback: verdict.samplesUsed,
            });
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
