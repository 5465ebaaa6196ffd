import { Observable } from 'rxjs';
import { FrameParseError } from '../frame-parse-error.js';
import { FeedError } from '../../model/feed-error.js';
import type { ExchangeId } from '../../model/market-record.js';
import { CatalogReadError } from './catalog-read-error.js';
import type { RestDialect } from './rest-dialect.js';

export interface VenueListRequest<T> {
  readonly exchange: ExchangeId;
  readonly url: string;
  /** A JSON body: the request is then a `POST` with `content-type: application/json` (Hyperliquid's `/info`); absent, a `GET`. */
  readonly body?: string;
  /** How the venue refuses for its rate limit and reports its used weight. */
  readonly dialect: RestDialect;
  /** Turns the parsed body into the list; throws `FrameParseError` naming the path it refuses. */
  readonly read: (json: unknown) => T;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Told the weight the venue says this IP used this minute (Binance `X-MBX-USED-WEIGHT-1M`). */
  readonly onUsedWeight?: (used: number) => void;
}

/**
 * One `GET` of a venue's list (a `POST` of its JSON `body` when it has one), cold: each subscription
 * sends a request, unsubscribing aborts it. No pacing and no time limit here (see `pacedVenueRead`).
 * A rate-limit refusal fails with the dialect's `RestRateLimitedError`; anything else with
 * `CatalogReadError`: network (retriable), HTTP 5xx (retriable), other HTTP errors, bodies that are
 * not JSON, and bodies `read` refuses (with the refused path).
 */
export function fetchVenueList<T>(request: VenueListRequest<T>): Observable<T> {
  const { exchange, url, dialect } = request;
  const send = request.fetch ?? fetch;
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    send(url, requestInit(request.body, controller.signal))
      .then(async (response) => {
        const used = dialect.usedWeightOf?.(response.headers);
        if (used !== undefined) request.onUsedWeight?.(used);
        const text = await response.text();
        const refusal = dialect.refusalOf({ url, status: response.status, headers: response.headers, text });
        if (refusal !== undefined) throw refusal;
        if (!response.ok)
          throw new CatalogReadError(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`, response.status >= 500, {
            exchange,
            url,
            status: response.status,
          });
        const json = parseBody(text, exchange, url, response.status);
        const bodyRefusal = dialect.bodyRefusalOf?.(json, url);
        if (bodyRefusal !== undefined) throw bodyRefusal;
        subscriber.next(readBody(request, json, response.status));
        subscriber.complete();
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        subscriber.error(error instanceof FeedError ? error : new CatalogReadError(`${url}: ${String(error)}`, true, { exchange, url }, { cause: error }));
      });
    return () => controller.abort();
  });
}

/** A `GET` accepting JSON; with a body, a `POST` of it as JSON. */
function requestInit(body: string | undefined, signal: AbortSignal): RequestInit {
  if (body === undefined) return { signal, headers: { accept: 'application/json' } };
  return { method: 'POST', signal, headers: { accept: 'application/json', 'content-type': 'application/json' }, body };
}

function parseBody(text: string, exchange: ExchangeId, url: string, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogReadError(`${url}: body is not JSON (${(error as Error).message})`, false, { exchange, url, status, path: '$' });
  }
}

function readBody<T>(request: VenueListRequest<T>, json: unknown, status: number): T {
  try {
    return request.read(json);
  } catch (error) {
    if (!(error instanceof FrameParseError)) throw error;
    const { exchange, url } = request;
    throw new CatalogReadError(`${url}: ${error.message}`, false, { exchange, url, status, path: error.info.path }, { cause: error });
  }
}
