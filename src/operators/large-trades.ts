import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { FeedEvent, LargeTrade } from '../model/index.js';
import { QuantityHistory } from '../stats/quantity-history.js';
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

/** A symbol's history, and its neighbours in the order the tracked symbols last traded. */
interface Tracked {
  readonly history: QuantityHistory;
  readonly symbol: string;
  /** Its venue's map. */
  readonly symbols: Map<string, Tracked>;
  older: Tracked | undefined;
  newer: Tracked | undefined;
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
      // By venue, then symbol (no key string per trade). The symbols of all venues are also linked
      // in the order they last traded, least recent first: a trade moves its entry to the end by
      // relinking it. (Moving it in its map, a delete and a set per trade, rehashed the long-lived
      // map every few trades, each new table allocated straight into the old generation.)
      const venues = new Map<string, Map<string, Tracked>>();
      let tracked = 0;
      let leastRecent: Tracked | undefined;
      let mostRecent: Tracked | undefined;
      const unlink = (entry: Tracked): void => {
        if (entry.older === undefined) leastRecent = entry.newer;
        else entry.older.newer = entry.newer;
        if (entry.newer === undefined) mostRecent = entry.older;
        else entry.newer.older = entry.older;
        entry.older = undefined;
        entry.newer = undefined;
      };
      const append = (entry: Tracked): void => {
        entry.older = mostRecent;
        if (mostRecent === undefined) leastRecent = entry;
        else mostRecent.newer = entry;
        mostRecent = entry;
      };
      const forgetLeastRecent = (): void => {
        const oldest = leastRecent;
        if (oldest === undefined) return;
        unlink(oldest);
        oldest.symbols.delete(oldest.symbol);
        tracked--;
        if (counters !== undefined) counters.evicted += 1;
      };
      return source.subscribe({
        next: (event) => {
          // A gap's repaired trades arrive after their time: not news, and not part of the live run of sizes.
          if (event.type !== 'trade' || event.source === 'repair') return;
          let symbols = venues.get(event.exchange);
          if (symbols === undefined) venues.set(event.exchange, (symbols = new Map<string, Tracked>()));
          let entry = symbols.get(event.symbol);
          if (entry === undefined) {
            entry = { history: new QuantityHistory(options.lookback), symbol: event.symbol, symbols, older: undefined, newer: undefined };
            symbols.set(event.symbol, entry);
            append(entry);
            if (++tracked > options.maxSymbols) forgetLeastRecent();
          } else if (entry !== mostRecent) {
            unlink(entry);
            append(entry);
          }
          const { history } = entry;
          const mean = history.judge(event.quantity, options) ? history.meanBefore : undefined;
          if (mean !== undefined) {
            subscriber.next({
              ...event,
              type: 'large_trade',
              ratio: event.quantity / mean,
              meanQuantity: mean,
              lookback: history.samplesBefore,
            });
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
