import type { Logger } from 'pino';
import { defer, Observable, retry, Subscription, timer, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import {
  DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG,
  initialBinanceBook,
  stepBinanceBook,
  type BinanceBookSequencerConfig,
  type BinanceBookState,
} from './binance-book-sequencer.js';

export interface BinanceBookSyncConfig extends Partial<BinanceBookSequencerConfig> {
  /** One REST snapshot of a symbol as a `snapshot` book update, paced by the caller; cold, one request per subscription. */
  readonly snapshot: (symbol: string) => Observable<BookUpdate>;
  /** Runs the waits between failed snapshot requests. */
  readonly scheduler: SchedulerLike;
  readonly logger?: Logger;
  /** First wait after a failed snapshot request, ms; doubles per failure in a row. Default 1000. */
  readonly retryInitialMs?: number;
  /** Cap of that wait, ms. Default 30 000. */
  readonly retryMaxMs?: number;
}

export const DEFAULT_SNAPSHOT_RETRY = { retryInitialMs: 1000, retryMaxMs: 30_000 } as const;

/**
 * Keeps one connection's Binance books in sync: every symbol's deltas (and refused depth frames) go through
 * `stepBinanceBook`, and each step that asks for a snapshot subscribes `config.snapshot(symbol)`
 * (failed requests retried with back-off), whose answer is stepped in like a delta. Symbols never
 * wait for each other: each has its own request in flight. Unsubscribing cancels every request.
 */
export function binanceBookSync(config: BinanceBookSyncConfig): OperatorFunction<BookInput, BookOutput> {
  const sequencer: BinanceBookSequencerConfig = {
    rule: config.rule ?? DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.rule,
    viewLevels: Math.max(1, Math.floor(config.viewLevels ?? DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.viewLevels)),
    maxLevels: Math.max(1, Math.floor(config.maxLevels ?? DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxLevels)),
    maxBuffered: Math.max(1, Math.floor(config.maxBuffered ?? DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered)),
  };
  const initialMs = config.retryInitialMs ?? DEFAULT_SNAPSHOT_RETRY.retryInitialMs;
  const maxMs = config.retryMaxMs ?? DEFAULT_SNAPSHOT_RETRY.retryMaxMs;
  const snapshotOf = (symbol: string): Observable<BookUpdate> =>
    defer(() => config.snapshot(symbol)).pipe(
      retry({
        delay: (error: unknown, count: number) => {
          const waitMs = Math.min(maxMs, initialMs * 2 ** (count - 1));
          config.logger?.warn({ symbol, attempt: count, waitMs, err: error }, 'depth snapshot failed; trying again');
          return timer(waitMs, config.scheduler);
        },
      }),
    );

  return (source) =>
    new Observable<BookOutput>((subscriber) => {
      const states = new Map<string, BinanceBookState>();
      const requests = new Subscription();
      const step = (symbol: string, update: BookInput): void => {
        const result = stepBinanceBook(states.get(symbol) ?? initialBinanceBook(symbol), update, sequencer);
        states.set(symbol, result.state);
        if (result.overflowed)
          config.logger?.warn(
            { symbol, overflows: result.state.overflows, maxBuffered: sequencer.maxBuffered },
            'depth buffer full before the snapshot; restarting the symbol',
          );
        for (const output of result.outputs) subscriber.next(output);
        if (result.fetch)
          requests.add(snapshotOf(symbol).subscribe({ next: (snapshot) => step(symbol, snapshot), error: (error: unknown) => subscriber.error(error) }));
      };
      requests.add(
        source.subscribe({
          next: (update) => step(update.symbol, update),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
      return requests;
    });
}
