import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

export interface CoinbaseThrottledAnswer {
  readonly url: string;
  /** 429, or 401: how Coinbase has answered public routes under load. */
  readonly status: 429 | 401;
  /** The answer's body (often an HTML page, never required to be JSON). */
  readonly body?: string;
  /** The answer's `Retry-After`, ms. */
  readonly retryAfterMs?: number;
}

/**
 * Coinbase refused a public REST request for its rate limit: to the pacer a 429 (it waits, backing off,
 * then asks again); the message keeps the venue's own status and the start of its body.
 */
export class CoinbaseThrottledError extends RestRateLimitedError {
  constructor(answer: CoinbaseThrottledAnswer) {
    super({ status: 429, url: answer.url, ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }) });
    const body = (answer.body ?? '').replace(/\s+/g, ' ').trim();
    const said = body === '' ? '' : ` ${JSON.stringify(body.slice(0, 120))}`;
    const why = answer.status === 401 ? "Coinbase's throttling of public routes" : "Coinbase's rate limit";
    const wait = answer.retryAfterMs === undefined ? 'backing off' : `Retry-After ${answer.retryAfterMs} ms`;
    this.message = `${answer.url}: HTTP ${answer.status}${said} (${why}: ${wait})`;
  }
}
