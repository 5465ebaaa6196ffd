import { FeedError } from '../../model/feed-error.js';

export interface RestRateLimitedInfo {
  /** 429: over the request limit; 418: the IP is banned for having ignored 429s. */
  readonly status: 429 | 418;
  /** The venue's `Retry-After`, ms; absent when it sent none. */
  readonly retryAfterMs?: number;
  readonly url: string;
}

/** The venue refused a REST request for its rate limit; the pacer waits, then tries the request again. */
export class RestRateLimitedError extends FeedError<RestRateLimitedInfo> {
  constructor(info: RestRateLimitedInfo) {
    const wait = info.retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${info.retryAfterMs} ms`;
    super(`${info.url}: HTTP ${info.status} (${wait})`, true, info);
  }
}
