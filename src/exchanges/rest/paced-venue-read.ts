import { defer, tap, throwError, timeout, type Observable, type SchedulerLike } from 'rxjs';
import { RestRateLimitedError } from './rest-rate-limited-error.js';
import type { RestWeightPacer } from './rest-weight-pacer.js';
import type { ExchangeId } from '../../model/market-record.js';
import { CatalogReadError } from './catalog-read-error.js';

export interface PacedVenueRead<T> {
  readonly exchange: ExchangeId;
  /** Named in the timeout's message. */
  readonly url: string;
  /** The venue's pacer, shared with everything else that calls its REST API. */
  readonly pacer: RestWeightPacer;
  /** What the venue charges for one request. */
  readonly weight: number;
  /** The request itself, cold (`fetchVenueList`). */
  readonly task: () => Observable<T>;
  /** Time from asking to the answer read, waiting for the pacer and its back-offs included, ms. */
  readonly timeoutMs: number;
  /** Runs the time limit. */
  readonly scheduler: SchedulerLike;
}

/**
 * `task` started by the venue's pacer (a 429/418/403 pauses the venue, then the pacer asks again),
 * given up after `timeoutMs` with a retriable `CatalogReadError`; unsubscribing takes it out of the
 * pacer's line or aborts it. When the venue refused for its rate limit meanwhile, the timeout's
 * message says so, since that refusal is what kept the answer away.
 */
export function pacedVenueRead<T>(read: PacedVenueRead<T>): Observable<T> {
  return defer(() => {
    let refusal: RestRateLimitedError | undefined;
    const noted = () => read.task().pipe(tap({ error: (error: unknown) => (refusal = error instanceof RestRateLimitedError ? error : refusal) }));
    const late = () => {
      const why = refusal === undefined ? '' : ` (rate limited: ${refusal.message})`;
      return new CatalogReadError(`${read.url}: no answer in ${read.timeoutMs} ms${why}`, true, { exchange: read.exchange, url: read.url });
    };
    return read.pacer.request(read.weight, noted).pipe(timeout({ first: read.timeoutMs, scheduler: read.scheduler, with: () => throwError(late) }));
  });
}
