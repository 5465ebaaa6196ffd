import type { RestRateLimitedError } from './rest-rate-limited-error.js';

/** What a response looked like before its body was parsed. */
export interface RestAnswer {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * How a venue says "too many requests" and how much of its budget is used: the part of its REST
 * protocol the pacer needs. A `RestRateLimitedError` pauses every request of that venue's pacer.
 */
export interface RestDialect {
  /** The venue's rate-limit refusal by HTTP answer, or `undefined`. */
  readonly refusalOf: (answer: RestAnswer) => RestRateLimitedError | undefined;
  /** A rate-limit refusal carried in the parsed body of a successful answer, or `undefined`. */
  readonly bodyRefusalOf?: (json: unknown, url: string) => RestRateLimitedError | undefined;
  /** The weight the venue counted for this IP in the current minute, when it says so. */
  readonly usedWeightOf?: (headers: Headers) => number | undefined;
}
