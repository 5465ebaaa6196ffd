import { FeedError } from '../../model/feed-error.js';
import type { ExchangeId } from '../../model/market-record.js';

export interface CatalogReadFailure {
  readonly exchange: ExchangeId;
  readonly url: string;
  /** HTTP status, absent when no response came. */
  readonly status?: number;
  /** The refused field of the body, e.g. `$.symbols`, when the body was the problem. */
  readonly path?: string;
}

/**
 * A venue's REST list (instruments or 24 h tickers) could not be had: network, timeout, an HTTP
 * error, an error envelope or a body that is not the documented shape. Retriable unless the same
 * request would be refused again (a 4xx, an invalid body).
 */
export class CatalogReadError extends FeedError<CatalogReadFailure> {}
