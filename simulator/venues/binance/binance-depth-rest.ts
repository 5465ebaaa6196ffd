import type { BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import { binanceLevel } from './binance-depth-streams.js';
import { RequestWeightLimiter, type RequestWeightLimiterConfig } from '../../request-weight-limiter.js';
import type { SimRestFaults } from '../../sim-rest-api.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedBook } from '../../simulated-book.js';

/** Weight of `GET /api/v3/depth` by the largest `limit` of each band (Binance spot: 5/25/50/250). */
export const BINANCE_DEPTH_WEIGHTS: readonly (readonly [maxLimit: number, weight: number])[] = [
  [100, 5],
  [500, 25],
  [1000, 50],
  [5000, 250],
];
/** The same for Binance.US (1/5/10/50). */
export const BINANCE_US_DEPTH_WEIGHTS: readonly (readonly [maxLimit: number, weight: number])[] = [
  [100, 1],
  [500, 5],
  [1000, 10],
  [5000, 50],
];

/** How a venue serves its depth snapshot: path, `limit` range, level writing and the answer's fields. */
export interface BinanceDepthEndpointRule {
  readonly path: string;
  readonly defaultLimit: number;
  readonly maxLimit: number;
  level(book: SimulatedBook, tick: number, lots: number): [string, string];
  /** The answer from the snapshot (levels written already). */
  body(
    snapshot: { readonly lastUpdateId: number; readonly bids: readonly [string, string][]; readonly asks: readonly [string, string][] },
    now: number,
  ): Record<string, unknown>;
}

/** Binance spot's `GET /api/v3/depth` (rest-api.md "Order book"): `limit` up to 5000 (default 100), 8-decimal levels, `{lastUpdateId, bids, asks}`. */
export const BINANCE_SPOT_DEPTH: BinanceDepthEndpointRule = {
  path: '/api/v3/depth',
  defaultLimit: 100,
  maxLimit: 5000,
  level: binanceLevel,
  body: (snapshot) => ({ lastUpdateId: snapshot.lastUpdateId, bids: snapshot.bids, asks: snapshot.asks }),
};

export interface BinanceDepthRestConfig {
  readonly books: SimulatedBooks;
  readonly clock: () => number;
  /** The depth snapshot endpoint; default `BINANCE_SPOT_DEPTH`. */
  readonly depth?: BinanceDepthEndpointRule;
  /** Weight per limit band; default `BINANCE_DEPTH_WEIGHTS`. */
  readonly weights?: typeof BINANCE_DEPTH_WEIGHTS;
  readonly limiter?: Partial<RequestWeightLimiterConfig>;
  /** More GET endpoints on the same weight limiter (`exchangeInfo`, `ticker/24hr`). */
  readonly endpoints?: readonly BinanceRestEndpoint[];
}

/** A GET endpoint of Binance's REST API beside the depth snapshot, weighed by the same limiter. */
export interface BinanceRestEndpoint {
  readonly path: string;
  /** The request's weight (charged whether the request then succeeds or not). */
  weight(query: URLSearchParams): number;
  /** Status and body (or the body's JSON text, for large cached answers). */
  answer(query: URLSearchParams, now: number): { readonly status: number; readonly body?: unknown; readonly text?: string };
  /** Only on the instrument list (`exchangeInfo`): its answer with no symbols. Armed list faults replace this endpoint's answers. */
  emptyList?(now: number): { readonly status: number; readonly text: string };
}

/** An HTTP answer of the REST API: status, headers, the JSON body and its text as written, and how long to hold it back. */
export interface RestAnswer extends SimRestAnswer {
  readonly headers: Readonly<Record<string, string>>;
  /** The body `text` writes, as a value (undefined where the answer is cached text: `exchangeInfo`, an empty list). */
  readonly body: unknown;
  readonly delayMs: number;
}

/** A snapshot held back (and possibly frozen) by the `late-snapshot` fault; `symbol` undefined for any symbol. */
interface LateSnapshot {
  readonly symbol?: string;
  readonly delayMs: number;
  readonly frozen?: { readonly lastUpdateId: number; readonly bids: readonly TickLevel[]; readonly asks: readonly TickLevel[] };
}

const error = (code: number, msg: string) => ({ code, msg });
/** `body` as JSON, at once. */
const plain = (status: number, body: unknown, headers: Record<string, string> = {}): RestAnswer => ({
  status,
  headers,
  body,
  text: JSON.stringify(body),
  delayMs: 0,
});
/** Binance's answer when it cannot serve a request now (errors.md -1008), sent with 503. */
const SERVER_BUSY = error(-1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.');

/**
 * Binance spot REST `GET /api/v3/depth?symbol=&limit=` over the simulated books: `{lastUpdateId,
 * bids, asks}` with the book's current update id, so that the snapshot falls inside the diff-depth
 * stream's sequence. Request weight is counted per clock minute (`x-mbx-used-weight-1m`); past the
 * limit 429 with `Retry-After`, and repeated requests during the wait 418 (see `RequestWeightLimiter`).
 * Errors are Binance's `{code, msg}`. Faults: the next snapshot late (optionally frozen at the time
 * the fault was set, i.e. older than the stream), the next N requests 429, a ban (418), and bad
 * instrument lists ({@link listFaults}: the next answers of the endpoint with an `emptyList`, once
 * admitted, are empty, half a body, late, or 503 `{"code":-1008}`).
 */
export class BinanceDepthRest extends SimRestHandler<RequestWeightLimiter, RestAnswer> implements SimRestFaults {
  readonly counters = { restRequests: 0, restThrottled: 0, restBanned: 0 };
  private weightTotal = 0;
  private late: LateSnapshot | undefined;

  private readonly rule: BinanceDepthEndpointRule;

  constructor(private readonly config: BinanceDepthRestConfig) {
    super({ limit: new RequestWeightLimiter(config.limiter), type: 'application/json;charset=UTF-8' });
    this.rule = config.depth ?? BINANCE_SPOT_DEPTH;
  }

  /** The weight limiter (the control API's `throttle-rest` and `ban-rest`). */
  get limiter(): RequestWeightLimiter {
    return this.limit;
  }

  /** Holds back the next snapshot (of `symbol`, or of any symbol) by `delayMs`; `frozen` serves the book as it is now. */
  lateSnapshot(delayMs: number, symbol: string | undefined, frozen: boolean): boolean {
    const book = symbol === undefined ? undefined : this.config.books.book(symbol);
    if (symbol !== undefined && book === undefined) return false;
    const max = this.rule.maxLimit;
    const snapshot = frozen && book !== undefined ? { lastUpdateId: book.updateId, bids: book.bids.top(max), asks: book.asks.top(max) } : undefined;
    this.late = { delayMs, ...(symbol === undefined ? {} : { symbol }), ...(snapshot === undefined ? {} : { frozen: snapshot }) };
    return true;
  }

  /** Requests, refusals, the weight charged in all and in the current minute. */
  override restCounters(now: number): Readonly<Record<string, number>> {
    return { ...this.counters, restWeightTotal: this.weightTotal, restWeightUsed: this.limiter.usedWeight(now), ...this.listFaults.counters() };
  }

  /** Lifts the REST faults: bans, throttles, a late snapshot, list faults not yet served. */
  override clearFaults(): void {
    super.clearFaults();
    this.late = undefined;
  }

  /** The book as `GET /api/v3/depth` would serve it now (no weight counted), for the control API. */
  view(symbol: string, levels: number): BookViewAnswer | undefined {
    const book = this.config.books.book(symbol);
    if (book === undefined) return undefined;
    const pairs = (side: readonly TickLevel[]) => side.map((l) => this.rule.level(book, l.tick, l.lots));
    return { symbol, channel: 'rest', updateId: book.updateId, bids: pairs(book.bids.top(levels)), asks: pairs(book.asks.top(levels)) };
  }

  /** Charges `weight` now: the weight headers, or the 429/418 answer (`Retry-After`) when over the minute's limit or banned. */
  private admit(
    weight: number,
    now: number,
  ): { readonly ok: true; readonly headers: Record<string, string> } | { readonly ok: false; readonly answer: RestAnswer } {
    const verdict = this.limiter.admit(weight, now);
    const headers = { 'x-mbx-used-weight': String(verdict.usedWeight), 'x-mbx-used-weight-1m': String(verdict.usedWeight) };
    if (verdict.ok) {
      this.weightTotal += weight;
      return { ok: true, headers };
    }
    this.counters[verdict.status === 418 ? 'restBanned' : 'restThrottled'] += 1;
    const limit = this.limiter.limitPerMinute;
    const body =
      verdict.status === 418
        ? error(
            -1003,
            `Way too much request weight used; IP banned until ${verdict.bannedUntil ?? now}. Please use WebSocket Streams for live updates to avoid bans.`,
          )
        : error(
            -1003,
            `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
          );
    return { ok: false, answer: plain(verdict.status, body, { ...headers, 'retry-after': String(verdict.retryAfterS) }) };
  }

  /** The answer to `method target` now, held back by a late snapshot or a slow list fault when one applies. */
  protected respond({ method, target }: SimRestRequest): RestAnswer {
    const now = this.config.clock();
    const url = requestUrl(target);
    if (url === undefined) return plain(400, error(-1, 'malformed request target'));
    const endpoint = this.config.endpoints?.find((e) => e.path === url.pathname);
    if (url.pathname !== this.rule.path && endpoint === undefined) return plain(404, error(-1, `Not found: ${url.pathname}`));
    if (method !== 'GET') return plain(405, error(-1, `${method} is not supported for ${url.pathname}`), { allow: 'GET' });
    this.counters.restRequests += 1;
    if (endpoint !== undefined) {
      const admitted = this.admit(endpoint.weight(url.searchParams), now);
      if (!admitted.ok) return admitted.answer;
      const { status, body, text } = endpoint.answer(url.searchParams, now);
      const answer = { status, headers: admitted.headers, body, text: text ?? JSON.stringify(body), delayMs: 0 };
      // An armed list fault replaces a list answer; errors (a bad query) are answered as they are.
      const emptyList = endpoint.emptyList?.bind(endpoint);
      if (emptyList === undefined || status !== 200) return answer;
      return this.listFault(answer, {
        empty: () => ({ ...emptyList(now), headers: admitted.headers, body: undefined, delayMs: 0 }),
        unavailable: () => plain(503, SERVER_BUSY, admitted.headers),
      });
    }
    const rawLimit = url.searchParams.get('limit');
    if (rawLimit !== null && !/^[0-9]{1,20}$/.test(rawLimit))
      return plain(400, error(-1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'."));
    const limit = Math.min(this.rule.maxLimit, rawLimit === null ? this.rule.defaultLimit : Number(rawLimit));
    if (limit < 1) return plain(400, error(-1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'."));
    const admitted = this.admit(depthWeight(limit, this.config.weights ?? BINANCE_DEPTH_WEIGHTS), now);
    if (!admitted.ok) return admitted.answer;
    const weightHeaders = admitted.headers;
    const symbol = url.searchParams.get('symbol');
    if (symbol === null || symbol === '')
      return plain(400, error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."), weightHeaders);
    const book = this.config.books.book(symbol);
    if (book === undefined) return plain(400, error(-1121, 'Invalid symbol.'), weightHeaders);
    const late = this.late !== undefined && (this.late.symbol === undefined || this.late.symbol === symbol) ? this.late : undefined;
    if (late !== undefined) this.late = undefined;
    const snapshot = late?.frozen ?? { lastUpdateId: book.updateId, bids: book.bids.top(limit), asks: book.asks.top(limit) };
    const pairs = (levels: readonly TickLevel[]) => levels.slice(0, limit).map((l) => this.rule.level(book, l.tick, l.lots));
    const body = this.rule.body({ lastUpdateId: snapshot.lastUpdateId, bids: pairs(snapshot.bids), asks: pairs(snapshot.asks) }, now);
    return { status: 200, headers: weightHeaders, body, text: JSON.stringify(body), delayMs: late?.delayMs ?? 0 };
  }
}

/** The weight of a depth request of `limit` levels. */
export function depthWeight(limit: number, weights: typeof BINANCE_DEPTH_WEIGHTS): number {
  return (weights.find(([max]) => limit <= max) ?? weights.at(-1) ?? [0, 0])[1];
}
