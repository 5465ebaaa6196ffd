import { FeedError } from '../model/feed-error.js';

/** The dashboard's HTTP server could not listen (address in use, not an address of this host). */
export class DashboardListenError extends FeedError<{ readonly host: string; readonly port: number }> {
  constructor(host: string, port: number, cause: unknown) {
    super(`cannot listen on ${host}:${port} (${cause instanceof Error ? cause.message : String(cause)})`, false, { host, port }, { cause });
  }
}
