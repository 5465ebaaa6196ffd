import type { Logger } from 'pino';
import { FeedError } from '../model/feed-error.js';
import type { TypedDecodedValue } from '../sink/record-decoder.js';

/** How `market-feed archive` writes. */
export interface ArchiverOptions {
  /** The archive's folder. */
  readonly dir: string;
  /** The deployment's topic prefix, left out of table names. */
  readonly topicPrefix: string;
  /** A partition's records are written once their Kafka values reach this many bytes. */
  readonly rollBytes: number;
  /** …or once its oldest unwritten record was read this long ago, ms. */
  readonly rollMs: number;
  /** When every partition's unwritten values reach this many bytes, the largest is written at once. */
  readonly maxBufferedBytes: number;
  readonly decoder: { decodeTyped(value: Buffer): Promise<TypedDecodedValue> };
  readonly logger: Logger;
  readonly now?: () => number;
  /** Counters to go on counting in (a member that replaces a fenced one), else new ones. */
  readonly counters?: ArchiveCounters;
}

/** What an archive run did. */
export interface ArchiveCounters {
  records: number;
  deadLetters: number;
  files: number;
  segments: number;
  bytesWritten: number;
  /** Segments ended where a journal said an earlier run ended them (a restart's rewrite). */
  rewritten: number;
  commitFailures: number;
}

/** Counters at zero. */
export function newArchiveCounters(): ArchiveCounters {
  return { records: 0, deadLetters: 0, files: 0, segments: 0, bytesWritten: 0, rewritten: 0, commitFailures: 0 };
}

/** This member was fenced out of its group (another took its instance id): it stopped writing at once. */
export class ArchiveFencedError extends FeedError<{ readonly reason: string }> {
  constructor(reason: string) {
    super(
      `the archive group fenced this instance out (${reason}); it stopped without writing what it held, which its partitions' next owner reads again`,
      false,
      {
        reason,
      },
    );
  }
}

/** A segment whose partition was lost while it was written: the rest of it is not written, nor committed. */
export class SegmentAbandoned extends FeedError<{ readonly partition: string }> {
  constructor(partition: string) {
    super(`${partition} was given to another member while its segment was written`, false, { partition });
  }
}
