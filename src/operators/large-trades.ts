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

/**
 * Emits a {@link LargeTrade} for each trade whose quantity is at least `multiple` times the mean
 * quantity of the same symbol's previous `lookback` trades (per exchange and symbol). Everything
 * else is consumed silently; completion and errors pass through.
 */
export function largeTrades(config: Partial<LargeTradesConfig> = {}): OperatorFunction<FeedEvent, LargeTrade> {
  const options: LargeTradesConfig = { ...DEFAULT_LARGE_TRADES_CONFIG, ...config };
  return (source) =>
    new Observable<LargeTrade>((subscriber) => {
      const histories = new Map<string, RollingMean>();
      return source.subscribe({
        next: (event) => {
          if (event.type !== 'trade') return;
          const key = `${event.exchange}\u0000${event.symbol}`;
          const verdict = judgeTradeSize(histories.get(key) ?? emptyRollingMean(options.lookback), event.quantity, options);
          histories.delete(key);
          histories.set(key, verdict.history);
          if (histories.size > options.maxSymbols) {
            const oldest = histories.keys().next();
            if (oldest.done !== true) histories.delete(oldest.value);
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
