import { asyncScheduler, Observable } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEnv, TradeEvent, WindowStats } from '../model/index.js';
import { judgeTradeSize } from '../stats/judge-trade-size.js';
import { emptyRollingMean } from '../stats/rolling-mean.js';
import type { RollingMean } from '../stats/rolling-mean.js';
import { addTrade, EMPTY_WINDOW, windowFigures } from '../stats/window-accumulator.js';
import type { WindowAccumulator } from '../stats/window-accumulator.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from './large-trades.js';
import type { LargeTradesConfig } from './large-trades.js';

/** Options for {@link windowedStats}. */
export interface WindowedStatsConfig {
  /** Window length in ms; windows are aligned to multiples of it on the scheduler's clock. Default 60000. */
  readonly windowMs: number;
  /** How `largeTradeCount` judges a trade (`multiple` 10, `lookback` 500, `minSamples` 20 by default). */
  readonly largeTrade: Pick<LargeTradesConfig, 'multiple' | 'lookback' | 'minSamples'>;
  /** Most symbols given windows; trades of further symbols are ignored. Default 1000. */
  readonly maxSymbols: number;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_WINDOWED_STATS_CONFIG = {
  windowMs: 60_000,
  largeTrade: DEFAULT_LARGE_TRADES_CONFIG,
  maxSymbols: 1000,
  scheduler: asyncScheduler,
} as const satisfies WindowedStatsConfig;

interface SymbolWindow {
  exchange: ExchangeId;
  readonly symbol: string;
  readonly coin: string;
  readonly quote: string;
  env: MarketEnv;
  totals: WindowAccumulator;
  history: RollingMean;
  incomplete: boolean;
}

/** States that make the windows they fall in incomplete (for all symbols unless the status names one). */
const DISRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set(['feed_stale', 'failover', 'switch_back', 'all_sources_down', 'gap']);

/**
 * Per-symbol tumbling windows `[windowStart, windowEnd)` closed by the scheduler's clock, not by the
 * next trade: at each boundary every symbol seen so far gets a {@link WindowStats}, empty or not.
 * Trades fall in the window of their arrival time. `complete` is false for a window that overlaps a
 * stale period (from `feed_stale` to `feed_recovered`), a failover, a switch-back or a gap, for the
 * first window when subscribed mid-window, and for the window cut short when the source ends.
 */
export function windowedStats(config: Partial<WindowedStatsConfig> = {}): OperatorFunction<FeedEvent, WindowStats> {
  const options: WindowedStatsConfig = { ...DEFAULT_WINDOWED_STATS_CONFIG, ...config };
  const { windowMs, scheduler } = options;

  return (source) =>
    new Observable<WindowStats>((subscriber) => {
      const windows = new Map<string, SymbolWindow>();
      const staleSymbols = new Set<string>();
      let feedStale = false;
      const now = scheduler.now();
      let windowStart = Math.floor(now / windowMs) * windowMs;
      let allIncomplete = now > windowStart;
      let timer: Subscription | undefined;

      const statsOf = (window: SymbolWindow, complete: boolean): WindowStats => ({
        type: 'window_stats',
        exchange: window.exchange,
        symbol: window.symbol,
        coin: window.coin,
        quote: window.quote,
        env: window.env,
        windowMs,
        windowStart,
        windowEnd: windowStart + windowMs,
        ...windowFigures(window.totals),
        complete,
      });
      const emitAll = (cutShort: boolean): void => {
        for (const window of windows.values()) {
          subscriber.next(statsOf(window, !(cutShort || allIncomplete || window.incomplete)));
          window.totals = EMPTY_WINDOW;
          window.incomplete = staleSymbols.has(window.symbol);
        }
        allIncomplete = feedStale;
      };
      const close = (): void => {
        emitAll(false);
        windowStart += windowMs;
        timer = scheduler.schedule(close, windowStart + windowMs - scheduler.now());
      };
      const onTrade = (trade: TradeEvent): void => {
        let window = windows.get(trade.symbol);
        if (window === undefined) {
          if (windows.size >= options.maxSymbols) return;
          window = {
            exchange: trade.exchange, symbol: trade.symbol, coin: trade.coin, quote: trade.quote, env: trade.env,
            totals: EMPTY_WINDOW, history: emptyRollingMean(options.largeTrade.lookback), incomplete: staleSymbols.has(trade.symbol),
          };
          windows.set(trade.symbol, window);
        }
        const verdict = judgeTradeSize(window.history, trade.quantity, options.largeTrade);
        window.history = verdict.history;
        window.exchange = trade.exchange;
        window.env = trade.env;
        window.totals = addTrade(window.totals, { price: trade.price, quantity: trade.quantity, side: trade.side, large: verdict.large });
      };
      const onStatus = (status: FeedStatus): void => {
        if (status.state === 'feed_recovered') {
          if (status.symbol === undefined) feedStale = false;
          else staleSymbols.delete(status.symbol);
          return;
        }
        if (!DISRUPTIONS.has(status.state)) return;
        if (status.symbol === undefined) {
          allIncomplete = true;
          if (status.state === 'feed_stale') feedStale = true;
          return;
        }
        if (status.state === 'feed_stale') staleSymbols.add(status.symbol);
        const window = windows.get(status.symbol);
        if (window !== undefined) window.incomplete = true;
      };

      timer = scheduler.schedule(close, windowStart + windowMs - now);
      const subscription = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') onTrade(event);
          else if (event.type === 'feed_status') onStatus(event);
        },
        error: (error: unknown) => {
          emitAll(true);
          subscriber.error(error);
        },
        complete: () => {
          emitAll(true);
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
