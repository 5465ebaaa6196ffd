import { EMPTY, catchError, concatMap, exhaustMap, filter, from, merge, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import type { ExchangeId } from '../model/market-record.js';
import type { MapperContext } from './mapper-context.js';
import { fetchVenueList } from './rest/fetch-venue-list.js';
import { pacedVenueRead } from './rest/paced-venue-read.js';
import type { VenuePollAccess } from './venue-feed-config.js';
import type { VenueItem } from './venue-item.js';
import type { SymbolPoll } from './venue-protocol.js';

export interface SymbolPollsOptions {
  readonly exchange: ExchangeId;
  readonly access: VenuePollAccess;
  /** The feed's symbols now (read at the start of each round). */
  readonly symbols: () => readonly string[];
  /** Provenance of the polled records (`connectionId` names the poll, not a socket). */
  readonly context: MapperContext;
  readonly scheduler: SchedulerLike;
  readonly clock: () => number;
  readonly logger?: Logger;
}

/**
 * A venue feed's polls as batches of events: each poll reads every symbol of the feed in turn once per
 * `intervalMs`, on the venue's pacer (which may stretch a round; a round still running when the next is
 * due makes that one skipped, so a slow venue is never asked faster than it answers). A read that fails
 * (a refusal, a time-out, a body the poll does not read) is logged and skipped: the next round reads that
 * symbol again, and the feed's sockets are not the poll's to fail.
 */
export function symbolPolls(polls: readonly SymbolPoll[], options: SymbolPollsOptions): Observable<readonly VenueItem[]> {
  const { exchange, access, scheduler, logger } = options;
  const base = access.restUrl.replace(/\/+$/, '');
  const readOne = (poll: SymbolPoll, symbol: string): Observable<readonly VenueItem[]> => {
    const url = `${base}${poll.path(symbol)}`;
    const task = () =>
      fetchVenueList({
        exchange,
        url,
        dialect: access.dialect,
        read: (json) => poll.read(json, symbol, options.clock(), options.context),
        onUsedWeight: (used) => access.pacer.noteUsedWeight(used),
        ...(access.fetch === undefined ? {} : { fetch: access.fetch }),
      });
    return pacedVenueRead({ exchange, url, pacer: access.pacer, weight: poll.weight, task, timeoutMs: access.timeoutMs, scheduler }).pipe(
      filter((events) => events.length > 0),
      catchError((error: unknown) => {
        logger?.warn({ exchange, url, err: error }, 'poll failed: read again next round');
        return EMPTY;
      }),
    );
  };
  return merge(
    ...polls.map((poll) =>
      timer(0, poll.intervalMs, scheduler).pipe(exhaustMap(() => from(options.symbols()).pipe(concatMap((symbol) => readOne(poll, symbol))))),
    ),
  );
}
