import { Observable } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { instrumentOf, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { scopeOf } from './status-scope.js';
import { SymbolRefusals, type SymbolCounters } from './symbol-counters.js';

/** The period a closing window covered, and whether it saw all of it. */
export interface WindowBounds {
  readonly windowStart: number;
  readonly windowEnd: number;
  /**
   * False for a window that overlaps a stale period (from `feed_stale` to `feed_recovered`), a
   * failover, a switch-back, all sources down, a gap, a socket dropped or (re)connected (of its
   * symbol, of a shard serving its instrument, or of the whole feed: see `statusAffects`); for the
   * first window when subscribed mid-window; and for a window cut short by the end of the source.
   */
  readonly complete: boolean;
}

/** What an operator keeps per symbol over a window and what it publishes when the window closes. */
export interface SymbolWindowsConfig<W, R> {
  /** Window length, ms; windows are aligned to multiples of it on the scheduler's clock. */
  readonly windowMs: number;
  /** Most symbols with an open window; trades of further symbols are ignored (and counted in `symbolCounters`). */
  readonly maxSymbols: number;
  /** Counts the symbols refused a window (each once) and keeps their names for a warning. Default: none. */
  readonly symbolCounters?: SymbolCounters;
  /** Clock and timers. */
  readonly scheduler: SchedulerLike;
  /** A symbol's window, opened by its first trade (which it holds). */
  open(trade: TradeEvent): W;
  /** Adds a later trade of the window's symbol. */
  add(window: W, trade: TradeEvent): void;
  /** The record of a window as it closes. */
  close(window: W, bounds: WindowBounds): R;
  /**
   * Given, a symbol keeps its window once opened: each symbol seen is closed every period, traded in
   * or not, and `empty` readies its window for the next period. Absent, a window ends at its close and
   * the symbol's next trade opens another (a period without its trades publishes nothing for it).
   * Either way a status about a symbol marks its window of the period, whether or not it has opened
   * yet (a restart's `gap` comes before the trade that revealed it).
   */
  readonly empty?: (window: W) => void;
  /**
   * Whether trades a gap's repair published (`source: repair`, arriving after their time) are added
   * when their venue time falls in the window open now (the volume profile). Default false: the
   * live flow's windows (stats) leave them out, since they belong to a period already closed or
   * being closed as incomplete by the gap.
   */
  readonly takesRepairs?: boolean;
}

/** States that make the windows they fall in incomplete (for all symbols unless the status names one). */
/**
 * `disconnected`: the socket dropped, and what it would have carried until the reconnect is lost;
 * `connected`: the data of its scope starts mid-window (a shard subscribed at start-up after the
 * window began, a reconnect; a make-before-break rotation too, which loses nothing: one window
 * marked incomplete a day, the price of never calling a window complete that is not);
 * `shard_assigned` / `shard_revoked`: a cluster shard's instruments changed instance mid-window
 * (each instance has part of the period); the instance that gave the shard up forgets their windows
 * once that period's are closed.
 */
const DISRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set([
  'feed_stale',
  'failover',
  'switch_back',
  'all_sources_down',
  'gap',
  'disconnected',
  'connected',
  'shard_assigned',
  'shard_revoked',
]);

/**
 * Per-symbol tumbling windows `[windowStart, windowEnd)` closed by the scheduler's clock, not by the
 * next trade: trades fall in the window of their arrival, and at each boundary every open window is
 * closed into a record with its {@link WindowBounds}. With `empty`, a symbol's window is kept from
 * one period to the next, until a `delisted` status names the symbol (or a `shard_revoked` its
 * instrument): it is closed with its period, then forgotten, so delisted symbols do not fill
 * `maxSymbols`. When the source ends (or fails) the windows still open are closed as incomplete
 * before the completion (or error) is passed on.
 */
export function symbolWindows<W, R>(config: SymbolWindowsConfig<W, R>): OperatorFunction<FeedEvent, R> {
  const { windowMs, scheduler, empty } = config;

  return (source) =>
    new Observable<R>((subscriber) => {
      const windows = new Map<string, W>();
      /** The canonical instrument of each symbol with a window (shard statuses name instruments). */
      const instruments = new Map<string, string>();
      /** Symbols, and instruments, whose window of this period is incomplete. */
      const disrupted = new Set<string>();
      const disruptedInstruments = new Set<string>();
      const staleSymbols = new Set<string>();
      /** Instruments of cluster shards given up in this period: their windows go once it is closed. */
      const leaving = new Set<string>();
      /** Symbols a venue delisted in this period: their windows go once it is closed (a trade from another venue opens a new one). */
      const delisted = new Set<string>();
      /** Shards in a stale period, with their instruments. */
      const staleShards = new Map<string, ReadonlySet<string>>();
      let feedStale = false;
      const now = scheduler.now();
      let windowStart = Math.floor(now / windowMs) * windowMs;
      let allDisrupted = now > windowStart;
      let timer: Subscription | undefined;
      const refusals = config.symbolCounters === undefined ? undefined : new SymbolRefusals(config.symbolCounters);

      const closeAll = (cutShort: boolean): void => {
        for (const [symbol, window] of windows) {
          const complete = !(cutShort || allDisrupted || disrupted.has(symbol) || disruptedInstruments.has(instruments.get(symbol) ?? ''));
          subscriber.next(config.close(window, { windowStart, windowEnd: windowStart + windowMs, complete }));
          empty?.(window);
        }
        if (empty === undefined) {
          windows.clear();
          instruments.clear();
        } else if (leaving.size > 0 || delisted.size > 0) {
          for (const [symbol, instrument] of instruments) {
            if (!leaving.has(instrument) && !delisted.has(symbol)) continue;
            windows.delete(symbol);
            instruments.delete(symbol);
          }
        }
        leaving.clear();
        delisted.clear();
        disrupted.clear();
        disruptedInstruments.clear();
        for (const symbol of staleSymbols) disrupted.add(symbol);
        for (const shard of staleShards.values()) for (const instrument of shard) disruptedInstruments.add(instrument);
        allDisrupted = feedStale;
      };
      const atWindowEnd = (): void => {
        closeAll(false);
        windowStart += windowMs;
        timer = scheduler.schedule(atWindowEnd, windowStart + windowMs - scheduler.now());
      };
      const onTrade = (trade: TradeEvent): void => {
        if (trade.source === 'repair' && (config.takesRepairs !== true || trade.exchangeTs < windowStart || trade.exchangeTs >= windowStart + windowMs)) return;
        const window = windows.get(trade.symbol);
        if (window !== undefined) return config.add(window, trade);
        if (windows.size >= config.maxSymbols) return refusals?.refuse(trade.symbol);
        instruments.set(trade.symbol, instrumentOf(trade));
        windows.set(trade.symbol, config.open(trade));
      };
      const onStatus = (status: FeedStatus): void => {
        if (status.state === 'delisted' && status.symbol !== undefined) delisted.add(status.symbol);
        const recovered = status.state === 'feed_recovered';
        if (!recovered && !DISRUPTIONS.has(status.state)) return;
        const stale = status.state === 'feed_stale';
        const scope = scopeOf(status);
        switch (scope.kind) {
          case 'symbol':
            if (recovered) staleSymbols.delete(scope.symbol);
            else {
              if (stale) staleSymbols.add(scope.symbol);
              disrupted.add(scope.symbol);
            }
            return;
          case 'instruments': {
            const shard = status.shard ?? '';
            if (recovered) staleShards.delete(shard);
            else {
              if (stale) staleShards.set(shard, scope.instruments);
              for (const instrument of scope.instruments) disruptedInstruments.add(instrument);
            }
            if (status.state === 'shard_revoked') for (const instrument of scope.instruments) leaving.add(instrument);
            else if (status.state === 'shard_assigned') for (const instrument of scope.instruments) leaving.delete(instrument);
            return;
          }
          case 'feed':
            if (recovered) feedStale = false;
            else {
              allDisrupted = true;
              feedStale ||= stale;
            }
            return;
        }
      };

      timer = scheduler.schedule(atWindowEnd, windowStart + windowMs - now);
      const subscription = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') onTrade(event);
          else if (event.type === 'feed_status') onStatus(event);
        },
        error: (error: unknown) => {
          closeAll(true);
          subscriber.error(error);
        },
        complete: () => {
          closeAll(true);
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
