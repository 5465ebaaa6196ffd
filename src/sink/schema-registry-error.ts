import { FeedError } from '../model/feed-error.js';

/** What a failed registry call was about; credentials never appear in `url`. */
export interface SchemaRegistryErrorInfo {
  /** The request's URL, e.g. `http://127.0.0.1:8081/apis/ccompat/v7/subjects/market.trades.v1-value/versions`. */
  readonly url: string;
  /** The subject the call was for, when it was for one. */
  readonly subject?: string;
  /** HTTP status; absent when the registry could not be reached. */
  readonly status?: number;
  /** The registry's own `error_code` (e.g. 409 incompatible, 42201 invalid schema), when it sent one. */
  readonly errorCode?: number;
  /** The registry's own `message`, or the start of its body. */
  readonly registryMessage?: string;
}

/**
 * Raised when the schema registry refuses a call or cannot be reached. Retriable when trying again
 * can help (unreachable, 5xx, 429); not for a refused schema (409 incompatible, 422 invalid).
 */
export class SchemaRegistryError extends FeedError<SchemaRegistryErrorInfo> {
  /** True when the registry refused a schema as incompatible with the subject's earlier versions (HTTP 409). */
  get incompatible(): boolean {
    return this.info.status === 409;
  }
}
