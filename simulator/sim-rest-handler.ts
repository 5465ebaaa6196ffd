import type { IncomingMessage, ServerResponse } from 'node:http';
import { ListFaults, truncatedBody } from './list-faults.js';
import { answerLater, requestIp, type SimRestApi } from './sim-rest-api.js';
import type { VenueCounters } from './venue-counters.js';

/** A request as a venue's REST API reads it. */
export interface SimRestRequest {
  readonly method: string;
  /** Path and query as sent (`/v5/market/tickers?category=spot`). */
  readonly target: string;
  /** The IP it came from, for per-IP limits. */
  readonly ip: string;
  /** Its `Content-Type` header, if sent. */
  readonly contentType: string | undefined;
  /** Its body as UTF-8 text; empty unless the API reads bodies (`SimRestHandlerConfig.body`). */
  readonly body: string;
}

/** An answer of a venue's REST API as it goes on the wire. */
export interface SimRestAnswer {
  readonly status: number;
  readonly text: string;
  /** The `content-type`; none: the API's (`SimRestHandlerConfig.type`). */
  readonly type?: string;
  /** Headers sent after the content type (Binance's weight headers, `retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long the answer is held back, ms (a `slow` list fault, a late snapshot); none or 0: at once. */
  readonly delayMs?: number;
}

/** The state of a venue's REST request limit, as the control API sees it. */
export interface SimRestLimit {
  /** What it reports beside the requests served and refused (the busiest IP's window, say). */
  counters?(now: number): Readonly<Record<string, number>>;
  /** Forgets windows, bans and throttles (the control API's `reset`). */
  clear(): void;
}

export interface SimRestHandlerConfig<L extends SimRestLimit> {
  /** The venue's request limit, which the venue asks at its own point of a request's handling. */
  readonly limit: L;
  /** The content type of an answer that names none. */
  readonly type: string;
  /** The venue's counters: each refusal `admitted` counts is also one of `refusals.restRate`. */
  readonly counters?: VenueCounters;
  /** State the API shares with the venue's sockets, reported after the list faults and cleared with them (Hyperliquid's per-IP accounting). */
  readonly shared?: Required<SimRestLimit>;
  /** Bodies are read, up to `maxBytes`; past it `tooLarge` is the answer. None: the body is not read. */
  readonly body?: { readonly maxBytes: number; readonly tooLarge: SimRestAnswer };
}

/** The `URL` of a request target, or undefined when it is not one. */
export function requestUrl(target: string): URL | undefined {
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

/**
 * The request handling a venue's REST API shares with the others: reads the request (its body too
 * when `body` is set), writes the venue's answer after its delay (never to a client gone), counts
 * requests served and refused, applies the armed list faults, and reports and clears the list faults
 * and the venue's `limit`. A venue says what is its own: its routes and answers (`respond`, of type
 * `A`), and where in a request its limit is asked (`admitted`).
 */
export abstract class SimRestHandler<L extends SimRestLimit, A extends SimRestAnswer = SimRestAnswer> implements SimRestApi {
  readonly listFaults = new ListFaults();
  protected readonly limit: L;
  private readonly tally = { restRequests: 0, restRefused: 0 };

  protected constructor(private readonly rest: SimRestHandlerConfig<L>) {
    this.limit = rest.limit;
  }

  /** The venue's answer to `request`, now. */
  protected abstract respond(request: SimRestRequest): A;

  /** The answer to `method target` from `ip` (with no body), now: what `handle` would write. */
  answer(method: string, target: string, ip = '127.0.0.1'): A {
    return this.respond({ method, target, ip, contentType: undefined, body: '' });
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const read = (body: string): SimRestRequest => ({
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      ip: requestIp(request),
      contentType: request.headers['content-type'],
      body,
    });
    const { body } = this.rest;
    if (body === undefined) {
      request.resume();
      return this.write(response, this.respond(read('')));
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= body.maxBytes) chunks.push(chunk);
    });
    request.on('end', () => this.write(response, bytes > body.maxBytes ? body.tooLarge : this.respond(read(Buffer.concat(chunks).toString('utf8')))));
  }

  /** Requests served and refused, the limit's counters, the list faults', then the shared state's. */
  restCounters(now: number): Readonly<Record<string, number>> {
    return { ...this.tally, ...this.limit.counters?.(now), ...this.listFaults.counters(), ...this.rest.shared?.counters(now) };
  }

  clearFaults(): void {
    this.limit.clear();
    this.listFaults.clear();
    this.rest.shared?.clear();
  }

  /** Counts a request the venue's limit let through (`admitted`) as served, else as refused; returns `admitted`. */
  protected admitted(admitted: boolean): boolean {
    if (admitted) this.tally.restRequests += 1;
    else {
      this.tally.restRefused += 1;
      if (this.rest.counters !== undefined) this.rest.counters.refusals.restRate += 1;
    }
    return admitted;
  }

  /**
   * The instrument list's `normal` answer as the next armed list fault makes it: `garbage` the first
   * half of its body, `slow` held back by the fault's delay, `empty` and `unavailable` the venue's answers.
   */
  protected listFault(normal: A, answers: { readonly empty: () => A; readonly unavailable: () => A }): A {
    const fault = this.listFaults.take();
    switch (fault?.kind) {
      case undefined:
        return normal;
      case 'empty':
        return answers.empty();
      case 'garbage':
        return { ...normal, text: truncatedBody(normal.text) };
      case 'slow':
        return { ...normal, delayMs: fault.delayMs };
      case 'unavailable':
        return answers.unavailable();
    }
  }

  private write(response: ServerResponse, answer: SimRestAnswer): void {
    answerLater(response, answer.delayMs ?? 0, () => {
      if (!response.destroyed) response.writeHead(answer.status, { 'content-type': answer.type ?? this.rest.type, ...answer.headers }).end(answer.text);
    });
  }
}
