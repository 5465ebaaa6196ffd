import { Observable, asyncScheduler, firstValueFrom, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { decimalValue } from '../exchanges/field-reader.js';
import type { ExchangeId, FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';

/** One trade of a venue's REST history, as its answer wrote it. */
export interface HistoryTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

/** Counts kept by {@link repairGaps}; pass an object in to read them. */
export interface RepairCounters {
  /** Gaps repaired completely, and the trades they published. */
  repaired: number;
  repairedTrades: number;
  /** Gaps left (wholly or partly) unrepaired, by reason. */
  unrepaired: Record<UnrepairedReason, number>;
}

/** Why a gap stays a hole: the REST budget (queue full), the venue's history not reaching, a venue error, an answer refused. */
export type UnrepairedReason = 'budget' | 'history' | 'venue_error' | 'refused';

export const emptyRepairCounters = (): RepairCounters => ({ repaired: 0, repairedTrades: 0, unrepaired: { budget: 0, history: 0, venue_error: 0, refused: 0 } });

export interface RepairGapsConfig {
  /**
   * One page of a venue's trade history from `fromId` (at most `limit` trades, oldest first), paced
   * on the venue's REST budget; `undefined` for a venue whose history this cannot read.
   */
  readonly history: (exchange: ExchangeId, symbol: string, fromId: number, limit: number) => Observable<readonly HistoryTrade[]> | undefined;
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

export const DEFAULT_REPAIR_GAPS_CONFIG = {
  pageSize: 1000,
  maxQueued: 10_000,
  maxTradesPerGap: 100_000,
  idleCheckMs: 250,
  scheduler: asyncScheduler,
} as const satisfies Partial<RepairGapsConfig>;

/** A named gap and the live trade that revealed it (its id is the gap's end plus one). */
interface Job {
  readonly gap: FeedStatus & { readonly symbol: string; readonly missingFrom: number; readonly missingTo: number };
  readonly revealer: TradeEvent;
}

class RefusedAnswer extends Error {}

/**
 * Forwards every event and repairs each `gap` of consecutive trade ids it sees: once the live trade
 * that revealed the gap has passed, the missing ids are fetched from the venue's history, a page at
 * a time, one gap at a time, each page only when the venue's REST budget is idle (so repairs never
 * hold up a book's snapshot, and a mass reconnect's gaps wait in line). Repaired trades are published
 * after everything already forwarded, marked `source: repair`, then a `gap_repaired` status; a gap
 * that cannot be repaired (wholly or in part) gets `gap_unrepaired` with the reason. A page holding
 * ids outside the range asked for, or whose price for the revealing trade's id differs from what the
 * venue sent live, is refused whole: nothing of that gap is published.
 */
export function repairGaps(config: Partial<RepairGapsConfig> & Pick<RepairGapsConfig, 'history'>): MonoTypeOperatorFunction<FeedEvent> {
  const options: RepairGapsConfig = { ...DEFAULT_REPAIR_GAPS_CONFIG, ...config };
  const { scheduler, counters } = options;
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      /** Gaps whose revealing trade has not passed yet, by exchange and symbol. */
      const awaiting = new Map<string, Job['gap']>();
      const queue: Job[] = [];
      let running = false;
      let closed = false;

      const status = (job: Job, state: 'gap_repaired' | 'gap_unrepaired', reason: string): FeedStatus => ({
        type: 'feed_status', exchange: job.gap.exchange, symbol: job.gap.symbol, state, reason,
        missingFrom: job.gap.missingFrom, missingTo: job.gap.missingTo, ts: scheduler.now(),
      });
      const unrepaired = (job: Job, why: UnrepairedReason, reason: string): void => {
        if (counters !== undefined) counters.unrepaired[why] += 1;
        subscriber.next(status(job, 'gap_unrepaired', reason));
      };
      const idle = async (exchange: ExchangeId): Promise<void> => {
        while (!closed && options.idle !== undefined && !options.idle(exchange)) await firstValueFrom(timer(options.idleCheckMs, scheduler));
      };
      const repaired = (job: Job, page: readonly HistoryTrade[], from: number): TradeEvent[] => {
        const { revealer, gap } = job;
        const last = Math.min(gap.missingTo + 1, from + options.pageSize - 1);
        let expected = from;
        const trades: TradeEvent[] = [];
        for (const trade of page) {
          if (trade.id !== expected || trade.id > last) throw new RefusedAnswer(`asked ids ${from}..${last}, got ${trade.id} where ${expected} was due`);
          expected++;
          const price = decimalValue(trade.price);
          if (trade.id === gap.missingTo + 1) {
            if (price !== revealer.price) throw new RefusedAnswer(`trade ${trade.id} at ${trade.price}, sent live at ${revealer.price}`);
            continue;
          }
          trades.push({
            type: 'trade', exchange: revealer.exchange, symbol: revealer.symbol, coin: revealer.coin, quote: revealer.quote,
            exchangeTs: trade.time, receivedTs: scheduler.now(), isFallback: revealer.isFallback, env: revealer.env,
            connectionId: 'rest-history', tradeId: String(trade.id), price, quantity: decimalValue(trade.qty),
            side: trade.isBuyerMaker ? 'SELL' : 'BUY', isBuyerMaker: trade.isBuyerMaker, source: 'repair',
          });
        }
        return trades;
      };
      const repair = async (job: Job): Promise<void> => {
        const { gap } = job;
        let from = gap.missingFrom;
        let published = 0;
        // Asked through the revealing trade's id, so that its price can be checked against the live one.
        while (!closed && from <= gap.missingTo + 1) {
          await idle(gap.exchange);
          const limit = Math.min(options.pageSize, gap.missingTo + 2 - from);
          const page$ = options.history(gap.exchange, gap.symbol, from, limit);
          if (page$ === undefined) return unrepaired(job, 'history', `${gap.exchange} serves no trade history`);
          let page: readonly HistoryTrade[];
          try {
            page = await firstValueFrom(page$);
          } catch (error) {
            return unrepaired(job, 'venue_error', `venue error after ${published} of ${gap.missingTo - gap.missingFrom + 1} trades: ${error instanceof Error ? error.message : String(error)}`);
          }
          let trades: TradeEvent[];
          try {
            trades = repaired(job, page, from);
          } catch (error) {
            if (!(error instanceof RefusedAnswer)) throw error;
            return unrepaired(job, 'refused', `answer refused: ${error.message}`);
          }
          if (closed) return;
          for (const trade of trades) subscriber.next(trade);
          published += trades.length;
          if (counters !== undefined) counters.repairedTrades += trades.length;
          if (page.length < limit) {
            return published === 0 && page.length === 0
              ? unrepaired(job, 'history', `the venue's history holds none of ids ${from}..${gap.missingTo}`)
              : unrepaired(job, 'history', `the venue's history ended at id ${from + page.length - 1}; ${published} of ${gap.missingTo - gap.missingFrom + 1} trades repaired`);
          }
          from += page.length;
        }
        if (closed) return;
        if (counters !== undefined) counters.repaired += 1;
        subscriber.next(status(job, 'gap_repaired', `${published} trades repaired from the venue's history`));
      };
      const run = async (): Promise<void> => {
        running = true;
        for (let job = queue.shift(); job !== undefined && !closed; job = queue.shift()) await repair(job);
        running = false;
      };
      const enqueue = (job: Job): void => {
        const size = job.gap.missingTo - job.gap.missingFrom + 1;
        if (size > options.maxTradesPerGap) return unrepaired(job, 'budget', `${size} trades missing, more than ${options.maxTradesPerGap} are repaired`);
        if (queue.length >= options.maxQueued) return unrepaired(job, 'budget', `${options.maxQueued} gaps already wait for repair`);
        queue.push(job);
        if (!running) run().catch((error: unknown) => subscriber.error(error));
      };

      const subscription = source.subscribe({
        next: (event) => {
          subscriber.next(event);
          if (event.type === 'feed_status') {
            const { symbol, missingFrom, missingTo } = event;
            if (event.state === 'gap' && symbol !== undefined && missingFrom !== undefined && missingTo !== undefined && missingTo >= missingFrom) {
              awaiting.set(`${event.exchange}\u0000${symbol}`, { ...event, symbol, missingFrom, missingTo });
            }
            return;
          }
          if (event.type !== 'trade' || awaiting.size === 0) return;
          const key = `${event.exchange}\u0000${event.symbol}`;
          const gap = awaiting.get(key);
          if (gap === undefined || Number(event.tradeId) !== gap.missingTo + 1) return;
          awaiting.delete(key);
          enqueue({ gap, revealer: event });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        closed = true;
        subscription.unsubscribe();
      };
    });
}
