/**
 * Base of the project's typed errors. `retriable` tells `retryWithBackoff` whether trying again
 * can help (a dropped socket) or not (a geo-block); `info` carries the facts for logs and status.
 */
export class FeedError<Info extends object = Record<string, unknown>> extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly info: Info,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for errors that say they are retriable; unknown errors are treated as retriable. */
export function isRetriable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return (error as { readonly retriable: unknown }).retriable !== false;
  }
  return true;
}
