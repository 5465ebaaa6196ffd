import type { Logger } from 'pino';
import type { StaticMemberFences } from '../kafka/static-member-fences.js';
import type { ArchiveConsumer } from './archive-consumer.js';
import { ArchiveFencedError, type ArchiveCounters, type Archiver } from './archiver.js';

/** One membership of the archive group: its consumer, and the archiver its events reach. */
export interface ArchiveMember {
  readonly consumer: ArchiveConsumer;
  readonly archiver: Archiver;
}

export interface ArchiveMembersOptions {
  /** The member that already joined: it archives first, and every member after it counts in its counters. */
  readonly first: ArchiveMember;
  /** Joins the group as a new member counting in `counters`: a consumer whose events reach this member's archiver only. */
  readonly join: (counters: ArchiveCounters) => Promise<ArchiveMember>;
  readonly fences: StaticMemberFences;
  readonly logger: Logger;
  /** Told each member after the first once it has joined (the metrics read the current one). */
  readonly joined?: (member: ArchiveMember) => void;
}

/**
 * Archives until `signal` aborts, as one member of the group after another. A member fenced out of
 * the group writes nothing more (`Archiver.run`); it is closed, and unless `fences` says another
 * process holds the instance id, a new member joins in its place as a restarted process would: the
 * segments written and not committed are written again under the same names, the rest is read from
 * the committed offsets. Every member counts in the same counters. Throws the fence that stops it.
 */
export async function archiveAsMembers(options: ArchiveMembersOptions, signal: AbortSignal): Promise<ArchiveCounters> {
  const counters = options.first.archiver.counters;
  const log = options.logger.child({ component: 'archive' });
  for (let member = options.first; ;) {
    let rejoining = false;
    try {
      return await member.archiver.run(signal);
    } catch (error) {
      if (!(error instanceof ArchiveFencedError)) throw error;
      if (options.fences.judge() === 'stop') {
        log.error(
          { reason: error.info.reason, windowMs: options.fences.windowMs },
          'fenced out of the archive group again soon after rejoining: another process has this instance id; stopping',
        );
        throw error;
      }
      log.warn(
        { reason: error.info.reason, rejoins: options.fences.rejoins, windowMs: options.fences.windowMs },
        'fenced out of the archive group: rejoining as a new member, what was not committed is read again (a second fence within the window stops it)',
      );
      rejoining = true;
    } finally {
      // A member replaced by another closes; the last one ends with the process (ArchiveConsumer.end).
      await (rejoining ? member.consumer.close() : member.consumer.end());
    }
    if (signal.aborted) return counters;
    member = await options.join(counters);
    options.joined?.(member);
  }
}
