import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { FeedEvent, LargeTrade } from '../model/index.js';
import { judgeTradeSize } from '../stats/judge-trade-size.js';
import { emptyRollingMean } from '../stats/rolling-mean.js';
import type { RollingMean } from '../stats/rolling-mean.js';

/** Options for {@link largeTrades}. */
export interface LargeTradesConfig {
  /** A trade is large at this many times the symbol's rolling mean quantity or more. Default 10. */
  readonly multiple: number;
  /** How many previous trades of the symbol the mean is taken over. Default 500. */
  readonly lookback: number;
  /** Fewest previous trades before any trade is called large (avoids verdicts on no history). Default 20. */
  readonly minSamples: number;
  /** Most symbols tracked; the least recently traded is forgotten. Default 1000. */
  readonly maxSymbols: number;
}

export const DEFAULT_LARGE_TRADES_CONFIG = {
  multiple: 10,
  lookback: 500,
  minSamples: 20,
  maxSymbols: 1000,
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
  return (source) =>
    new Observable<LargeTrade>((subscriber) => {
      // By venue, then symbol (no key string per trade); `stamp` orders symbols by their last trade.
      const venues = new Map<string, Map<string, Tracked>>();
      let tracked = 0;
      let clock = 0;
      const forgetLeastRecent = (): void => {
        let oldest: { readonly symbols: Map<string, Tracked>; readonly symbol: string; readonly stamp: number } | undefined;
        for (const symbols of venues.values()) {
          for (const [symbol, entry] of symbols) if (oldest === undefined || entry.stamp < oldest.stamp) oldest = { symbols, symbol, stamp: entry.stamp };
        }
        if (oldest === undefined) return;
        oldest.symbols.delete(oldest.symbol);
        tracked--;
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
