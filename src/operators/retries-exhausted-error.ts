import { FeedError } from '../model/index.js';
import type { ExchangeId } from '../model/index.js';

/** What {@link RetriesExhaustedError} knows. */
export interface RetriesExhaustedInfo {
  readonly exchange: ExchangeId;
  /** Retries made before giving up. */
  readonly attempts: number;
}

/** `retryWithBackoff` gave up after `maxAttempts` retries; `cause` is the last error. Not retriable. */
export class RetriesExhaustedError extends FeedError<RetriesExhaustedInfo> {
  constructor(info: RetriesExhaustedInfo, cause: unknown) {
    super(`${info.exchange}: gave up after ${info.attempts} retries`, false, info, { cause });
  }
}
