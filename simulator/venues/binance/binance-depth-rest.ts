import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BookViewAnswer } from '../../book-channels.js';
import type { TickLevel } from '../../book-side.js';
import { binanceLevel } from './binance-depth-streams.js';
import { RequestWeightLimiter, type RequestWeightLimiterConfig } from '../../request-weight-limiter.js';
import { ListFaults, truncatedBody } from '../../list-faults.js';
import { answerLater, type SimRestApi } from '../../sim-rest-api.js';
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

/** An HTTP answer of the REST API: status, headers, JSON body, and how long to hold it back. */
export interface RestAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The body as JSON text already, when the answer carries it so (written as is). */
  readonly text?: string;
  readonly delayMs: number;
}

/** A snapshot held back (and possibly frozen) by the `late-snapshot` fault; `symbol` undefined for any symbol. */
interface LateSnapshot {
  readonly symbol?: string;
  readonly delayMs: number;
  readonly frozen?: { readonly lastUpdateId: number; readonly bids: readonly TickLevel[]; readonly asks: readonly TickLevel[] };
}

const error = (code: number, msg: string) => ({ code, msg });
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
export class BinanceDepthRest implements SimRestApi {
  readonly limiter: RequestWeightLimiter;
  readonly counters = { restRequests: 0, restThrottled: 0, restBanned: 0 };
  readonly listFaults = new ListFaults();
  private weightTotal = 0;
  private late: LateSnapshot | undefined;

  private readonly rule: BinanceDepthEndpointRule;

  constructor(private readonly config: BinanceDepthRestConfig) {
    this.limiter = new RequestWeightLimiter(config.limiter);
    this.rule = config.depth ?? BINANCE_SPOT_DEPTH;
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
  restCounters(now: number): Readonly<Record<string, number>> {
    return { ...this.counters, restWeightTotal: this.weightTotal, restWeightUsed: this.limiter.usedWeight(now), ...this.listFaults.counters() };
  }

  /** Lifts the REST faults: bans, throttles, a late snapshot, list faults not yet served. */
  clearFaults(): void {
    this.limiter.clear();
    this.late = undefined;
    this.listFaults.clear();
  }

  /** The book as `GET /api/v3/depth` would serve it now (no weight counted), for the control API. */
  view(symbol: string, levels: number): BookViewAnswer | undefined {
    const book = this.config.books.book(symbol);
    if (book === undefined) return undefined;
    const pairs = (side: readonly TickLevel[]) => side.map((l) => this.rule.level(book, l.tick, l.lots));
    return { symbol, channel: 'rest', updateId: book.updateId, bids: pairs(book.bids.top(levels)), asks: pairs(book.asks.top(levels)) };
  }

  /** Serves one request; answers after the late-snapshot (or slow list) delay when one applies. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const answer = this.answer(request.method ?? 'GET', request.url ?? '/');
    answerLater(response, answer.delayMs, () => {
      if (!response.destroyed)
        response
          .writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', ...answer.headers })
          .end(answer.text ?? JSON.stringify(answer.body));
    });
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
    return { ok: false, answer: { status: verdict.status, headers: { ...headers, 'retry-after': String(verdict.retryAfterS) }, body, delayMs: 0 } };
  }

  /** The answer to `method target` now. */
  answer(method: string, target: string): RestAnswer {
    const now = this.config.clock();
    let url: URL;
    try {
      url = new URL(target, 'http://127.0.0.1');
    } catch {
      return { status: 400, headers: {}, body: error(-1, 'malformed request target'), delayMs: 0 };
    }
    const plain = (status: number, body: unknown, headers: Record<string, string> = {}): RestAnswer => ({ status, headers, body, delayMs: 0 });
    const endpoint = this.config.endpoints?.find((e) => e.path === url.pathname);
    if (url.pathname !== this.rule.path && endpoint === undefined) return plain(404, error(-1, `Not found: ${url.pathname}`));
    if (method !== 'GET') return plain(405, error(-1, `${method} is not supported for ${url.pathname}`), { allow: 'GET' });
    this.counters.restRequests += 1;
    if (endpoint !== undefined) {
      const admitted = this.admit(endpoint.weight(url.searchParams), now);
      if (!admitted.ok) return admitted.answer;
      const { status, body, text } = endpoint.answer(url.searchParams, now);
      const json = text ?? JSON.stringify(body);
      // An armed list fault replaces a list answer; errors (a bad query) are answered as they are.
      const fault = endpoint.emptyList === undefined || status !== 200 ? undefined : this.listFaults.take();
      if (fault?.kind === 'unavailable') return plain(503, SERVER_BUSY, admitted.headers);
      if (fault?.kind === 'empty' && endpoint.emptyList !== undefined)
        return { ...endpoint.emptyList(now), headers: admitted.headers, body: undefined, delayMs: 0 };
      return {
        status,
        headers: admitted.headers,
        body,
        text: fault?.kind === 'garbage' ? truncatedBody(json) : json,
        delayMs: fault?.kind === 'slow' ? fault.delayMs : 0,
      };
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
    return { status: 200, headers: weightHeaders, body, delayMs: late?.delayMs ?? 0 };
  }
}

/** The weight of a depth request of `limit` levels. */
export function depthWeight(limit: number, weights: typeof BINANCE_DEPTH_WEIGHTS): number {
  return (weights.find(([max]) => limit <= max) ?? weights.at(-1) ?? [0, 0])[1];
}
