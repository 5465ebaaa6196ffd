import { filter, interval, map, type Observable, type SchedulerLike } from 'rxjs';
import type { ClockedStreams, SilenceCheck } from './clocked-streams.js';

/** What a socket's silence check asks of the feed at each check: the symbols followed and the topics the socket subscribed. */
export interface SilenceWatched {
  readonly symbols: readonly string[];
  readonly subscribed: ReadonlySet<string>;
}

/**
 * The silences of one socket's clocked streams (`ClockedStreams`), checked every `checkEveryMs` from the
 * socket's opening at `openedAt` (its URL carrying `carried`): each check asks `watched` what the socket
 * follows now, and is skipped while it answers undefined (a retired socket, or one not yet subscribing).
 * The feed fails the socket at the first silence, naming its topics, within the silent time of a topic's
 * subscription or last frame; symbols the venue stopped pushing while the socket delivers are told apart
 * (`SilenceCheck.stopped`), and again when heard (`resumed`). Checks that find nothing emit nothing.
 */
export function silentStreams(
  clocked: ClockedStreams,
  openedAt: number,
  carried: readonly string[],
  watched: () => SilenceWatched | undefined,
  clock: () => number,
  scheduler: SchedulerLike,
): Observable<SilenceCheck> {
  const watch = clocked.watch(openedAt, carried);
  return interval(clocked.checkEveryMs, scheduler).pipe(
    map(() => {
      const now = watched();
      return now === undefined ? undefined : watch.check(clock(), now.symbols, now.subscribed);
    }),
    filter(
      (check): check is SilenceCheck => check !== undefined && (check.silence !== undefined || check.stopped !== undefined || check.resumed !== undefined),
    ),
  );
}
