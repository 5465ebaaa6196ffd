import { Observable, throwError, timeout, type SchedulerLike } from 'rxjs';
import { FeedError } from '../../model/feed-error.js';
import type { ParseResult } from '../parse-result.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** How a request to a Binance REST endpoint travels: its time limit, client and weight report (the caller's request carries them). */
export interface BinanceRestTransport {
  /** Time the request may take, response body included, ms. */
  readonly timeoutMs: number;
  /** Runs the timeout. */
  readonly scheduler: SchedulerLike;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Told the venue's `X-MBX-USED-WEIGHT-1M` of every response that has one. */
  readonly onUsedWeight?: (used: number) => void;
}

/** One GET of a Binance REST endpoint, and how its answer is read and its failures named. */
export interface BinanceRestGet<T> {
  readonly url: string;
  /** Extra request headers (e.g. `X-MBX-APIKEY`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Reads a 2xx body. */
  readonly parse: (text: string) => ParseResult<T>;
  /** The endpoint's error for a failure other than the rate limit: retriable, and the HTTP status when a response came. */
  readonly failure: (message: string, retriable: boolean, status?: number, cause?: unknown) => FeedError<object>;
}

/**
 * One GET, cold: each subscription sends a request, unsubscribing aborts it. 429/418 fail with
 * `RestRateLimitedError` (with `Retry-After`, for the pacer to wait out); other failures with the
 * endpoint's own error, retriable unless a 4xx or an invalid body.
 */
export function binanceRestGet<T>(transport: BinanceRestTransport, request: BinanceRestGet<T>): Observable<T> {
  const { url } = request;
  const send = transport.fetch ?? fetch;
  const response$ = new Observable<T>((subscriber) => {
    const controller = new AbortController();
    send(url, { signal: controller.signal, headers: { accept: 'application/json', ...request.headers } })
      .then(async (response) => {
        const used = Number(response.headers.get('x-mbx-used-weight-1m') ?? NaN);
        if (Number.isSafeInteger(used) && used >= 0) transport.onUsedWeight?.(used);
        const text = await response.text();
        if (response.status === 429 || response.status === 418) {
          throw new RestRateLimitedError({ status: response.status, url, ...retryAfter(response.headers.get('retry-after')) });
        }
        if (!response.ok) throw request.failure(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`, response.status >= 500, response.status);
        const parsed = request.parse(text);
        if (!parsed.ok) throw request.failure(`${url}: invalid body: ${parsed.error}`, false, response.status);
        subscriber.next(parsed.frame);
        subscriber.complete();
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        subscriber.error(error instanceof FeedError ? error : request.failure(`${url}: ${String(error)}`, true, undefined, error));
      });
    return () => controller.abort();
  });
  return response$.pipe(
    timeout({
      first: transport.timeoutMs,
      scheduler: transport.scheduler,
      with: () => throwError(() => request.failure(`${url}: no answer in ${transport.timeoutMs} ms`, true)),
    }),
  );
}

/** `Retry-After` in seconds (what Binance sends), as ms; anything else counts as absent. */
function retryAfter(header: string | null): { retryAfterMs?: number } {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.round(seconds * 1000) } : {};
}
