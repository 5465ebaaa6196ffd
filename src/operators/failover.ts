import { asyncScheduler, Observable } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { ExchangeId, FeedEvent, FeedStatus } from '../model/index.js';
import { isMarketData, isStreamedData } from './is-market-event.js';
import { backoffDelay } from './retry-with-backoff.js';

/** One venue for {@link failover}: its events with `retryWithBackoff` and `detectStale` applied. */
export interface FailoverSource {
  readonly exchange: ExchangeId;
  /** Cold: subscribed when the venue is tried or probed, unsubscribed when dropped. */
  readonly events$: Observable<FeedEvent>;
  /**
   * What makes the venue usable when it is a candidate or a probe: `data`, its first market event
   * (trade, tick, best bid/ask, book view); `book`, its first order-book view, i.e. its first good
   * snapshot (a venue whose books are followed). Default `data`.
   */
  readonly readyOn?: 'data' | 'book';
}

/** Options for {@link failover}. */
export interface FailoverPolicy {
  /** How long the active source may stay stale (ms after its `feed_stale`) before the next is tried. Default 10000. */
  readonly failoverAfterMs: number;
  /** Continuous data (no error, no `feed_stale`) a better-ranked source must deliver before it takes over, in ms. Default 30000. */
  readonly switchBackAfterMs: number;
  /** While on a fallback, how often better-ranked sources that are not connected are probed again, in ms. Default 30000. */
  readonly probeIntervalMs: number;
  /** First wait when every source is down, in ms; doubles up to `allDownMaxDelayMs`. Default 1000. */
  readonly allDownInitialDelayMs: number;
  /** Longest wait between rounds when every source is down, in ms. Default 30000. */
  readonly allDownMaxDelayMs: number;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_FAILOVER_POLICY = {
  failoverAfterMs: 10_000,
  switchBackAfterMs: 30_000,
  probeIntervalMs: 30_000,
  allDownInitialDelayMs: 1000,
  allDownMaxDelayMs: 30_000,
  scheduler: asyncScheduler,
} as const satisfies FailoverPolicy;

type Role = 'idle' | 'active' | 'candidate' | 'probe';
interface Slot {
  readonly index: number;
  readonly source: FailoverSource;
  role: Role;
  epoch: number;
  subscription: Subscription | undefined;
  dataSince: number | undefined;
  hysteresis: Subscription | undefined;
}

const isReady = (slot: Slot, event: FeedEvent): boolean => (slot.source.readyOn === 'book' ? event.type === 'order_book' : isStreamedData(event));

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reads from the best available of ordered sources (primary first) and forwards exactly the
 * active source's events; market events from any source but the primary get `isFallback: true`.
 *
 * - Failover: on an error or completion of the active source (a geo-block, `RetriesExhaustedError`),
 *   the next source becomes active at once. After the active source has been stale (`feed_stale`
 *   without symbol) for `failoverAfterMs`, the next source is subscribed while the stale one is still
 *   forwarded (make-before-break); it takes over once it is ready (its first market event; with
 *   `readyOn: 'book'`, its first order-book view, i.e. its first good snapshot), and the stale source
 *   is dropped at that instant. A `feed_recovered` first cancels the attempt.
 * - Switch-back: while on a fallback, better-ranked sources are probed (their events are not
 *   forwarded). One that stays ready (counted from its first market event, or book view with
 *   `readyOn: 'book'`) for `switchBackAfterMs` without error or `feed_stale` takes over.
 * - Each switch emits a `failover` or `switch_back` status (`fromExchange`, `toExchange`, `reason`).
 *   The cut-over is one instant: every event of the old source before it and every event of the new
 *   source after it is forwarded once; nothing else is.
 * - When no source is left, an `all_sources_down` status (attempt, delay) is emitted and the list is
 *   tried again from the primary after 1 s, 2 s, 4 s ... up to 30 s; the delay resets on data. When the
 *   active source is still subscribed (stale) and no other is left to try (one venue, or every other
 *   taken), `all_sources_down` (without attempt or delay) is said once and nothing is retried: the
 *   active source's data ends that state, as it ends the rounds. A reason is always the cause itself.
 */
export function failover(sources: readonly FailoverSource[], policy: Partial<FailoverPolicy> = {}): Observable<FeedEvent> {
  const options: FailoverPolicy = { ...DEFAULT_FAILOVER_POLICY, ...policy };
  const { scheduler } = options;

  return new Observable<FeedEvent>((subscriber) => {
    const slots: Slot[] = sources.map((source, index) => ({
      index,
      source,
      role: 'idle',
      epoch: 0,
      subscription: undefined,
      dataSince: undefined,
      hysteresis: undefined,
    }));
    let active = 0;
    let activeAlive = false;
    let candidate: Slot | undefined;
    let candidateReason = '';
    let allDownAttempt = 0;
    /** `all_sources_down` said while the active source is still subscribed, with nothing else to try. */
    let downWhileActive = false;
    const timers: { failover?: Subscription | undefined; probe?: Subscription | undefined; allDown?: Subscription | undefined } = {};

    const emitStatus = (state: FeedStatus['state'], reason: string, extra: Partial<FeedStatus>): void => {
      // Every status is about the active source; with no sources the stream completes at once and says nothing.
      const exchange = slots[active]?.source.exchange;
      if (exchange === undefined) return;
      subscriber.next({ type: 'feed_status', exchange, state, reason, activeExchange: exchange, ...extra, ts: scheduler.now() });
    };
    const forward = (event: FeedEvent): void => {
      if (active > 0 && isMarketData(event) && !event.isFallback) subscriber.next({ ...event, isFallback: true });
      else subscriber.next(event);
    };

    const disconnect = (slot: Slot): void => {
      slot.epoch += 1;
      slot.role = 'idle';
      slot.subscription?.unsubscribe();
      slot.subscription = undefined;
      slot.hysteresis?.unsubscribe();
      slot.hysteresis = undefined;
      slot.dataSince = undefined;
    };
    const connect = (slot: Slot, role: Role): void => {
      slot.role = role;
      const epoch = (slot.epoch += 1);
      const current = (): boolean => slot.epoch === epoch;
      const subscription = slot.source.events$.subscribe({
        next: (event) => {
          if (current()) onNext(slot, event);
        },
        error: (error: unknown) => {
          if (current()) onEnd(slot, reasonOf(error));
        },
        complete: () => {
          if (current()) onEnd(slot, `${slot.source.exchange} completed`);
        },
      });
      if (current()) slot.subscription = subscription;
    };

    const switchTo = (slot: Slot, state: 'failover' | 'switch_back', reason: string): void => {
      const from = slots[active];
      timers.failover?.unsubscribe();
      timers.probe?.unsubscribe();
      if (from !== undefined && from !== slot && activeAlive) disconnect(from);
      if (candidate !== undefined && candidate !== slot) disconnect(candidate);
      candidate = undefined;
      for (const other of slots) if (other.index > slot.index && other.role === 'probe') disconnect(other);
      emitStatus(state, reason, {
        exchange: slot.source.exchange,
        activeExchange: slot.source.exchange,
        toExchange: slot.source.exchange,
        ...(from === undefined ? {} : { fromExchange: from.source.exchange }),
      });
      active = slot.index;
      activeAlive = true;
      downWhileActive = false;
      if (slot.index > 0) timers.probe = scheduler.schedule(probeRound, options.probeIntervalMs);
      if (slot.role === 'idle') connect(slot, 'active');
      else {
        slot.role = 'active';
        slot.hysteresis?.unsubscribe();
      }
    };
    const probeRound = (): void => {
      for (const slot of slots.slice(0, active)) if (slot.role === 'idle') connect(slot, 'probe');
      if (activeAlive && active > 0) timers.probe = scheduler.schedule(probeRound, options.probeIntervalMs);
    };
    const nextFrom = (index: number, reason: string): void => {
      const next = slots.find((slot) => slot.index > index && slot.role === 'idle');
      if (next === undefined) allDown(reason);
      else if (activeAlive) {
        candidate = next;
        candidateReason = reason;
        connect(next, 'candidate');
      } else switchTo(next, 'failover', reason);
    };
    /** `reason` is the cause itself (never a retry's reason), so it does not grow from one round to the next. */
    const allDown = (reason: string): void => {
      timers.allDown?.unsubscribe();
      timers.allDown = undefined;
      if (!slots.some((slot) => slot.role === 'idle')) {
        // Nothing to try again: the active source is still subscribed (stale) and every other is taken.
        // Said once; the active source's own retries go on, and its data ends the state.
        if (!downWhileActive) emitStatus('all_sources_down', reason, {});
        downWhileActive = true;
        return;
      }
      allDownAttempt += 1;
      const delayMs = backoffDelay(allDownAttempt, { initialDelayMs: options.allDownInitialDelayMs, maxDelayMs: options.allDownMaxDelayMs, multiplier: 2 });
      emitStatus('all_sources_down', reason, { attempt: allDownAttempt, delayMs });
      timers.allDown = scheduler.schedule(() => {
        timers.allDown = undefined;
        if (slots.some((slot) => slot.role === 'idle')) nextFrom(-1, `retrying after all sources were down: ${reason}`);
        else allDown(reason);
      }, delayMs);
    };
    /** The active source delivers: the all-down state (and its rounds) is over. */
    const activeDelivers = (): void => {
      allDownAttempt = 0;
      downWhileActive = false;
      if (timers.allDown === undefined) return;
      timers.allDown.unsubscribe();
      timers.allDown = undefined;
    };

    const onNext = (slot: Slot, event: FeedEvent): void => {
      const wholeFeed = event.type === 'feed_status' && event.symbol === undefined;
      if (slot.role === 'active') {
        if (isStreamedData(event)) activeDelivers();
        else if (wholeFeed && event.state === 'feed_stale' && timers.failover === undefined) {
          const reason = `${slot.source.exchange} stale for ${(event.staleForMs ?? 0) + options.failoverAfterMs} ms`;
          timers.failover = scheduler.schedule(() => {
            timers.failover = undefined;
            if (candidate === undefined) nextFrom(slot.index, reason);
          }, options.failoverAfterMs);
        } else if (wholeFeed && event.state === 'feed_recovered') {
          timers.failover?.unsubscribe();
          timers.failover = undefined;
          if (candidate !== undefined) disconnect(candidate);
          candidate = undefined;
        }
        forward(event);
      } else if (slot.role === 'candidate' && isReady(slot, event)) {
        switchTo(slot, 'failover', candidateReason);
        forward(event);
      } else if (slot.role === 'probe') {
        if (isReady(slot, event) && slot.dataSince === undefined) {
          slot.dataSince = scheduler.now();
          slot.hysteresis = scheduler.schedule(
            () => switchTo(slot, 'switch_back', `${slot.source.exchange} delivered data for ${options.switchBackAfterMs} ms`),
            options.switchBackAfterMs,
          );
        } else if (wholeFeed && event.state === 'feed_stale') {
          slot.dataSince = undefined;
          slot.hysteresis?.unsubscribe();
          slot.hysteresis = undefined;
        }
      }
    };
    const onEnd = (slot: Slot, reason: string): void => {
      const role = slot.role;
      disconnect(slot);
      if (role === 'active') {
        activeAlive = false;
        timers.failover?.unsubscribe();
        timers.failover = undefined;
        if (candidate === undefined) nextFrom(slot.index, reason);
      } else if (role === 'candidate') {
        candidate = undefined;
        nextFrom(slot.index, reason);
      }
    };

    const primary = slots[0];
    if (primary === undefined) subscriber.complete();
    else {
      activeAlive = true;
      connect(primary, 'active');
    }
    return () => {
      for (const slot of slots) disconnect(slot);
      timers.failover?.unsubscribe();
      timers.probe?.unsubscribe();
      timers.allDown?.unsubscribe();
    };
  });
}
