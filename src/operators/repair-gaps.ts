import { Observable, Subject, asyncScheduler, firstValueFrom, takeUntil, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { ExchangeId, FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { gapDetailsOf } from './gap-details.js';
import {
  idPage,
  RefusedAnswer,
  timePage,
  type HistoryTrade,
  type IdJob,
  type RecentTrade,
  type RepairJob,
  type SinceJob,
  type TimeJob,
} from './repair-pages.js';

export type { HistoryTrade, RecentTrade } from './repair-pages.js';

/** Counts kept by {@link repairGaps}; pass an object in to read them. */
export interface RepairCounters {
  /** Gaps repaired completely, and the trades they published. */
  repaired: number;
  repairedTrades: number;
  /** Gaps left (wholly or partly) unrepaired, by reason. */
  unrepaired: Record<UnrepairedReason, number>;
}

/**
 * Why a gap stays a hole (the first word of the `gap_unrepaired` reason): the REST budget (queue
 * full, gap too large), the venue's history not reaching back, a venue error, an answer refused,
 * the feed stopped first.
 */
export const UNREPAIRED_REASONS = ['budget', 'history', 'venue_error', 'refused', 'stopped'] as const;
export type UnrepairedReason = (typeof UNREPAIRED_REASONS)[number];

export const emptyRepairCounters = (): RepairCounters => ({
  repaired: 0,
  repairedTrades: 0,
  unrepaired: { budget: 0, history: 0, venue_error: 0, refused: 0, stopped: 0 },
});

export interface RepairGapsConfig {
  /**
   * One page of a venue's trade history from `fromId` (at most `limit` trades, oldest first), paced
   * on the venue's REST budget; `undefined` for a venue whose history this cannot read.
   */
  readonly history: (exchange: ExchangeId, symbol: string, fromId: number, limit: number) => Observable<readonly HistoryTrade[]> | undefined;
  /**
   * A venue's latest trades of a symbol, paced (Bybit spot: its last 60), for the gaps named by time
   * (`detectReconnectGaps`); `undefined` for a venue that serves none. Default: none.
   */
  readonly recent?: (exchange: ExchangeId, symbol: string) => Observable<readonly RecentTrade[]> | undefined;
  /**
   * The id of a symbol's first trade made from `since` to `until` (ms, both inclusive; less than an
   * hour apart), paced, undefined when the venue made none; `undefined` for a venue that cannot say
   * (Binance: its aggregate trades by time). For the gaps whose first id is not known. Default: none.
   */
  readonly firstIdSince?: (exchange: ExchangeId, symbol: string, since: number, until: number) => Observable<number | undefined> | undefined;
  /** Whether the venue's REST budget is free for repairs now (nothing else waits for it). Default: always. */
  readonly idle?: (exchange: ExchangeId) => boolean;
  /** Trades one page holds at most. Default 1000. */
  readonly pageSize: number;
  /** Gaps waiting at most; past it a gap is `gap_unrepaired` (budget) at once. Default 10,000. */
  readonly maxQueued: number;
  /** Largest gap repaired, in trades; a larger one is `gap_unrepaired` (budget). Default 100,000. */
  readonly maxTradesPerGap: number;
  /** How often a repair waiting for an idle budget looks again, ms. Default 250. */
  readonly idleCheckMs: number;
  readonly counters?: RepairCounters;
  readonly scheduler: SchedulerLike;
}

/** A venue's answer, or the error it failed with. */
type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const DEFAULT_REPAIR_GAPS_CONFIG = {
  pageSize: 1000,
  maxQueued: 10_000,
  maxTradesPerGap: 100_000,
  idleCheckMs: 250,
  scheduler: asyncScheduler,
} as const satisfies Partial<RepairGapsConfig>;

/**
 * Forwards every event and repairs each `gap` that `detectGaps` or `detectReconnectGaps` named
 * upstream (they note the live trades around it, `gapDetailsOf`; a gap without them passes
 * unrepaired), one gap at a time, each request only when the venue's REST budget is idle (so
 * repairs never hold up a book's snapshot, and a mass reconnect's gaps wait in line):
 * - a gap of consecutive ids (Binance): once the live trade that revealed it has passed, the
 *   missing ids are fetched from the venue's history, a page at a time;
 * - a gap of consecutive ids whose first id is not known (nothing of the symbol published before a
 *   shard was taken from a killed instance): the venue's history by time gives the first id made
 *   since the hole began, then as above;
 * - a gap known by time (Bybit, `detectReconnectGaps`): the venue's latest trades are fetched, and
 *   those between the last live trade before the gap and the first after are the missing ones; when
 *   the oldest of them is newer than the trade before the gap, what is older is out of reach.
 * Repaired trades are published after everything already forwarded, marked `source: repair`, then
 * a `gap_repaired` status; a gap that cannot be repaired (wholly or in part) gets `gap_unrepaired`,
 * whose reason starts with an {@link UnrepairedReason}. An answer holding ids outside the range
 * asked for, or whose price for a trade sent live differs from the live one, is refused whole:
 * nothing of that gap is published. When the source completes, the gaps still waiting are
 * `gap_unrepaired` (stopped) before completing, and the request in flight is let go of (it leaves
 * the venue's REST line, or its fetch is aborted), so that nothing is asked for a repair after a stop.
 */
export function repairGaps(config: Partial<RepairGapsConfig> & Pick<RepairGapsConfig, 'history'>): MonoTypeOperatorFunction<FeedEvent> {
  const options: RepairGapsConfig = { ...DEFAULT_REPAIR_GAPS_CONFIG, ...config };
  const { scheduler, counters } = options;
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const queue: RepairJob[] = [];
      /** The gap being repaired now. */
      let current: RepairJob | undefined;
      let closed = false;

      const status = (job: RepairJob, state: 'gap_repaired' | 'gap_unrepaired', reason: string): FeedStatus => ({
        type: 'feed_status',
        exchange: job.gap.exchange,
        symbol: job.gap.symbol,
        state,
        reason,
        ...(job.kind === 'ids'
          ? { missingFrom: job.gap.missingFrom, missingTo: job.gap.missingTo, ...(job.since === undefined ? {} : { lastEventTs: job.since }) }
          : job.kind === 'since'
            ? { missingTo: job.gap.missingTo, lastEventTs: job.since }
            : { lastEventTs: job.before === undefined ? job.since : job.before.exchangeTs }),
        ts: scheduler.now(),
      });
      const unrepaired = (job: RepairJob, why: UnrepairedReason, reason: string): void => {
        if (counters !== undefined) counters.unrepaired[why] += 1;
        subscriber.next(status(job, 'gap_unrepaired', `${why}: ${reason}`));
      };
      const done = (job: RepairJob, trades: number, from: string): void => {
        if (counters !== undefined) counters.repaired += 1;
        subscriber.next(status(job, 'gap_repaired', `${trades} trades repaired from ${from}`));
      };
      const publish = (trades: readonly TradeEvent[]): void => {
        for (const trade of trades) subscriber.next(trade);
        if (counters !== undefined) counters.repairedTrades += trades.length;
      };
      const idle = async (exchange: ExchangeId): Promise<void> => {
        while (!closed && options.idle !== undefined && !options.idle(exchange)) await firstValueFrom(timer(options.idleCheckMs, scheduler));
      };
      /** Said at the stop: the request in flight is let go of (it leaves the venue's REST line, or its fetch is aborted). */
      const stopped = new Subject<void>();
      /** The trades of a venue's answer, or the error it failed with (an answer cut by the stop: none, and `closed` says why). */
      const answer = async <T>(page$: Observable<T>): Promise<Answer<T>> => {
        try {
          return { ok: true, value: await firstValueFrom(page$.pipe(takeUntil(stopped))) };
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      };

      const repairIds = async (job: IdJob): Promise<void> => {
        const { gap } = job;
        const size = gap.missingTo - gap.missingFrom + 1;
        let from = gap.missingFrom;
        let published = 0;
        // Asked through the revealing trade's id, so that its price can be checked against the live one.
        while (!closed && from <= gap.missingTo + 1) {
          await idle(gap.exchange);
          if (closed) return;
          const limit = Math.min(options.pageSize, gap.missingTo + 2 - from);
          const page$ = options.history(gap.exchange, gap.symbol, from, limit);
          if (page$ === undefined) return unrepaired(job, 'history', `${gap.exchange} serves no trade history`);
          const page = await answer(page$);
          if (closed) return;
          if (!page.ok) return unrepaired(job, 'venue_error', `after ${published} of ${size} trades: ${page.error}`);
          let trades: TradeEvent[];
          try {
            trades = idPage(job, page.value, from, options.pageSize, scheduler.now());
          } catch (error) {
            if (!(error instanceof RefusedAnswer)) throw error;
            return unrepaired(job, 'refused', `answer refused: ${error.message}`);
          }
          publish(trades);
          published += trades.length;
          if (page.value.length < limit) {
            return published === 0 && page.value.length === 0
              ? unrepaired(job, 'history', `the venue's history holds none of ids ${from}..${gap.missingTo}`)
              : unrepaired(job, 'history', `the venue's history ended at id ${from + page.value.length - 1}; ${published} of ${size} trades repaired`);
          }
          from += page.value.length;
        }
        if (!closed) done(job, published, "the venue's history");
      };

      const repairTime = async (job: TimeJob): Promise<void> => {
        const { gap } = job;
        await idle(gap.exchange);
        if (closed) return;
        const page$ = options.recent?.(gap.exchange, gap.symbol);
        if (page$ === undefined) return unrepaired(job, 'history', `${gap.exchange} serves no recent trades`);
        const page = await answer(page$);
        if (closed) return;
        if (!page.ok) return unrepaired(job, 'venue_error', page.error);
        let found: { readonly trades: TradeEvent[]; readonly complete: boolean };
        try {
          found = timePage(job, page.value, scheduler.now());
        } catch (error) {
          if (!(error instanceof RefusedAnswer)) throw error;
          return unrepaired(job, 'refused', `answer refused: ${error.message}`);
        }
        publish(found.trades);
        if (found.complete) return done(job, found.trades.length, `the venue's last ${page.value.length} trades`);
        unrepaired(
          job,
          'history',
          `the venue's last ${page.value.length} trades do not reach back to ${job.before === undefined ? new Date(job.since).toISOString() : `trade ${job.before.tradeId}`}; the ${found.trades.length} newest missing trades repaired, older ones out of reach`,
        );
      };

      /** The first id from the venue's history by time, then as a gap of ids; none made in the hole: repaired with none. */
      const repairSince = async (job: SinceJob): Promise<void> => {
        const { gap, since, revealer } = job;
        await idle(gap.exchange);
        if (closed) return;
        const first$ = options.firstIdSince?.(gap.exchange, gap.symbol, since, revealer.exchangeTs);
        if (first$ === undefined) return unrepaired(job, 'history', `${gap.exchange} serves no trade history by time`);
        const first = await answer(first$);
        if (closed) return;
        if (!first.ok) return unrepaired(job, 'venue_error', first.error);
        if (first.value === undefined || first.value > gap.missingTo)
          return done(job, 0, `the venue's history, which holds no trade of it from ${new Date(since).toISOString()} before id ${gap.missingTo + 1}`);
        await repairIds({ kind: 'ids', gap: { ...gap, missingFrom: first.value }, revealer, since });
      };

      const run = async (): Promise<void> => {
        for (let job = queue.shift(); job !== undefined && !closed; job = queue.shift()) {
          current = job;
          await (job.kind === 'ids' ? repairIds(job) : job.kind === 'since' ? repairSince(job) : repairTime(job));
          current = undefined;
        }
      };
      const enqueue = (job: RepairJob): void => {
        const size = job.kind === 'ids' ? job.gap.missingTo - job.gap.missingFrom + 1 : 0;
        if (size > options.maxTradesPerGap) return unrepaired(job, 'budget', `${size} trades missing, more than ${options.maxTradesPerGap} are repaired`);
        if (queue.length >= options.maxQueued) return unrepaired(job, 'budget', `${options.maxQueued} gaps already wait for repair`);
        queue.push(job);
        if (current === undefined && queue.length === 1) run().catch((error: unknown) => subscriber.error(error));
      };
      /** A gap the detector upstream named, with what it knew (`gapDetailsOf`); others cannot be repaired and pass as they are. */
      const onGap = (gap: FeedStatus): void => {
        const { symbol, missingFrom, missingTo } = gap;
        const details = gapDetailsOf(gap);
        if (symbol === undefined || details === undefined) return;
        if (missingFrom !== undefined && missingTo !== undefined) {
          if (missingTo >= missingFrom) enqueue({ kind: 'ids', gap: { ...gap, symbol, missingFrom, missingTo }, revealer: details.revealer });
        } else if (details.before !== undefined) {
          enqueue({ kind: 'time', gap: { ...gap, symbol }, before: details.before, revealer: details.revealer });
        } else if (missingTo !== undefined && details.since !== undefined) {
          enqueue({ kind: 'since', gap: { ...gap, symbol, missingTo }, since: details.since, revealer: details.revealer });
        } else if (details.since !== undefined) {
          enqueue({ kind: 'time', gap: { ...gap, symbol }, since: details.since, revealer: details.revealer });
        }
      };
      /** The source ended: what waits, and what is being repaired, stays a hole. */
      const stop = (): void => {
        closed = true;
        // Out of the venue's REST line, or aborted: a repair the stop cut short is said below, never asked on.
        stopped.next();
        for (const job of [...(current === undefined ? [] : [current]), ...queue.splice(0)])
          unrepaired(job, 'stopped', 'the feed stopped before the gap was repaired');
        current = undefined;
      };

      const subscription = source.subscribe({
        next: (event) => {
          subscriber.next(event);
          if (event.type === 'feed_status' && event.state === 'gap') onGap(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          stop();
          subscriber.complete();
        },
      });
      return () => {
        closed = true;
        stopped.next();
        subscription.unsubscribe();
      };
    });
}
