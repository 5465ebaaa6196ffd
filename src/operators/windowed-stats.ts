import { asyncScheduler } from 'rxjs';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { ExchangeId, FeedEvent, MarketEnv, TradeEvent, WindowStats } from '../model/index.js';
import type { Building } from '../model/building.js';
import { QuantityHistory } from '../stats/quantity-history.js';
import { WindowTotals, windowFigures } from '../stats/window-accumulator.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from './large-trades.js';
import type { LargeTradesConfig } from './large-trades.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from './symbol-counters.js';
import { symbolWindows } from './symbol-windows.js';

/** Options for {@link windowedStats}. */
export interface WindowedStatsConfig {
  /** Window length in ms; windows are aligned to multiples of it on the scheduler's clock. Default 60000. */
  readonly windowMs: number;
  /** How `largeTradeCount` judges a trade (`multiple` 10, `lookback` 500, `minSamples` 20 by default). */
  readonly largeTrade: Pick<LargeTradesConfig, 'multiple' | 'lookback' | 'minSamples'>;
  /** Most symbols given windows; trades of further symbols are ignored (and counted in `symbolCounters`). Default 10000 (`DEFAULT_MAX_SYMBOLS`). */
  readonly maxSymbols: number;
  /** Counts the symbols refused a window, each once, with their names for a warning. Default: none. */
  readonly symbolCounters?: SymbolCounters;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_WINDOWED_STATS_CONFIG = {
  windowMs: 60_000,
  largeTrade: DEFAULT_LARGE_TRADES_CONFIG,
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies WindowedStatsConfig;

interface SymbolWindow {
  exchange: ExchangeId;
  readonly symbol: string;
  readonly coin: string;
  readonly quote: string;
  /** The instrument the symbol's trades are published under when not `coin-quote` (equivalent quotes). */
  instrument: string | undefined;
  env: MarketEnv;
  /** This window's totals, emptied at each close: one object per symbol, changed by each trade. */
  readonly totals: WindowTotals;
  readonly history: QuantityHistory;
}

/**
 * Per-symbol tumbling windows `[windowStart, windowEnd)` closed by the scheduler's clock, not by the
 * next trade: at each boundary every symbol seen so far gets a {@link WindowStats}, empty or not.
 * Trades fall in the window of their arrival time. `complete` is false for a window that overlaps a
 * stale period (from `feed_stale` to `feed_recovered`), a failover, a switch-back or a gap, for the
 * first window when subscribed mid-window, and for the window cut short when the source ends.
 */
export function windowedStats(config: Partial<WindowedStatsConfig> = {}): OperatorFunction<FeedEvent, WindowStats> {
  const options: WindowedStatsConfig = { ...DEFAULT_WINDOWED_STATS_CONFIG, ...config };
  const { windowMs } = options;

  const add = (window: SymbolWindow, trade: TradeEvent): void => {
    const large = window.history.judge(trade.quantity, options.largeTrade);
    window.exchange = trade.exchange;
    window.env = trade.env;
    window.instrument = trade.instrument;
    window.totals.add(trade.price, trade.quantity, trade.side, large);
  };

  return symbolWindows<SymbolWindow, WindowStats>({
    windowMs,
    maxSymbols: options.maxSymbols,
    ...(options.symbolCounters === undefined ? {} : { symbolCounters: options.symbolCounters }),
    scheduler: options.scheduler,
    open: (trade) => {
      const window: SymbolWindow = {
        exchange: trade.exchange,
        symbol: trade.symbol,
        coin: trade.coin,
        quote: trade.quote,
        instrument: trade.instrument,
        env: trade.env,
        totals: new WindowTotals(),
        history: new QuantityHistory(options.largeTrade.lookback),
      };
      add(window, trade);
      return window;
    },
    add,
    close: (window, { windowStart, windowEnd, complete }) => {
      const stats: Building<WindowStats> = {
        type: 'window_stats',
        exchange: window.exchange,
        symbol: window.symbol,
        coin: window.coin,
        quote: window.quote,
        env: window.env,
        windowMs,
        windowStart,
        windowEnd,
        ...windowFigures(window.totals.snapshot()),
        complete,
      };
      if (window.instrument !== undefined) stats.instrument = window.instrument;
      return stats;
    },
    empty: (window) => window.totals.reset(),
  });
}
