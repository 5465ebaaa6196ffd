import { catchError, concatMap, defer, expand, map, of, take, throwIfEmpty, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { VenueListings } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import { judgeListings, type ListingsJudgeConfig } from './judge-listings.js';
import type { ListingsRead } from '../exchanges/rest/listings-read.js';
import type { VenueReadOutcome } from './venue-read-outcome.js';

export interface VenueListingsLoopConfig extends ListingsJudgeConfig {
  readonly exchange: ExchangeId;
  /** One read of the venue's list, paced and time-limited; it emits once or fails. */
  readonly read: () => Observable<ListingsRead>;
  readonly scheduler: SchedulerLike;
  /** Time from the end of a read to the next once the venue has a good list, ms. */
  readonly refreshMs: number;
  /** Until it has one: the wait after the first failed read, doubled per failure up to `retryMaxMs`, ms. */
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
}

interface LoopState {
  readonly lastGood?: VenueListings;
  /** Failed or refused reads in a row. */
  readonly failures: number;
  /** Reads in a row refused for too many instruments gone. */
  readonly drops: number;
}

interface LoopStep {
  readonly state: LoopState;
  readonly outcome: VenueReadOutcome;
}

/**
 * Reads one venue's list now and forever after: every `refreshMs` once a list was believed, with
 * a doubling back-off before that. Each read ends as one outcome: `accepted` (judged plausible
 * against the last good list) or `refused` (failed, timed out, unparsable, or implausible), never
 * an error, so a venue's bad answer never ends the stream.
 */
export function venueListingsLoop(config: VenueListingsLoopConfig): Observable<VenueReadOutcome> {
  const { exchange, scheduler } = config;
  const refused = (state: LoopState, reason: string, drop: boolean): LoopStep => ({
    state: { ...state, failures: state.failures + 1, drops: drop ? state.drops + 1 : 0 },
    outcome: { kind: 'refused', exchange, ts: scheduler.now(), reason },
  });
  const judged = (state: LoopState, read: ListingsRead): LoopStep => {
    const verdict = judgeListings(state.lastGood, read.listings, state.drops, config, scheduler.now());
    if (!verdict.ok) return refused(state, verdict.reason, verdict.drop);
    const listings: VenueListings = { exchange, fetchedAt: scheduler.now(), listings: read.listings };
    return {
      state: { lastGood: listings, failures: 0, drops: 0 },
      outcome: { kind: 'accepted', exchange, ts: listings.fetchedAt, listings, skipped: read.skipped },
    };
  };
  const attempt = (state: LoopState): Observable<LoopStep> =>
    defer(config.read).pipe(
      take(1),
      throwIfEmpty(() => new Error('the read ended without an answer')),
      map((read) => judged(state, read)),
      catchError((error: unknown) => of(refused(state, error instanceof Error ? error.message : String(error), false))),
    );
  const delayAfter = ({ lastGood, failures }: LoopState): number =>
    lastGood !== undefined ? config.refreshMs : Math.min(config.retryMaxMs, config.retryInitialMs * 2 ** Math.max(0, failures - 1));
  return attempt({ failures: 0, drops: 0 }).pipe(
    expand((step) => timer(delayAfter(step.state), scheduler).pipe(concatMap(() => attempt(step.state)))),
    map((step) => step.outcome),
  );
}
