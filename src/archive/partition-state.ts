import type { Logger } from 'pino';
import type { ArchiveConsumer, ArchiveMessage } from './archive-consumer.js';
import { readJournal, type JournalSegment } from './archive-journal.js';
import { removeFiles } from './segment-writer.js';
import type { CommitState } from './offset-commits.js';
import type { PartitionSegment } from './partition-segment.js';

/** Reading a partition's offsets, or sending it back, is tried again after this long, ms. */
const RETRY_MS = 1_000;
/** Seeks back to the resume offset after which the record still first is taken as the first there is. */
const SEEKS_BEFORE_TRUSTED = 3;

/** What the archive knows of a partition it was given. */
export interface PartitionState extends CommitState {
  segment: PartitionSegment | undefined;
  /** Loaded at the partition's first record after it was assigned. */
  loaded: boolean;
  /** The offset the group resumes at (committed, or the first kept): the first record archived must be this one. */
  expected: number;
  /** Whether the first record after the assignment was checked against `expected`. */
  started: boolean;
  /** Not empty once the partition is no longer this member's (revoked, or lost to the group): nothing more of it is written. */
  lost: boolean;
  /** The next offset to take: one delivered again below it is not taken twice. */
  next: number;
  /** The offset that first made the partition go back to `expected`: still first after three seeks, it is the first there is. */
  firstSeen: number | undefined;
  seeks: number;
  /** When the partition was last sent back to `expected`. */
  soughtAt: number | undefined;
  /** Ends a previous run gave the segments it wrote and may not have committed: this run ends its segments there too. */
  forcedEnds: number[];
  /** Segments written whose commit is not known to have landed. */
  journal: JournalSegment[];
}

/** A partition just given: nothing read, its journal not loaded yet. */
export function newState(topic: string, partition: number): PartitionState {
  return {
    topic,
    partition,
    segment: undefined,
    loaded: false,
    expected: 0,
    started: false,
    soughtAt: undefined,
    next: 0,
    firstSeen: undefined,
    seeks: 0,
    lost: false,
    forcedEnds: [],
    journal: [],
    confirmed: -1,
    wanted: -1,
    commitFailedAt: undefined,
    commitAskedAt: undefined,
  };
}

/**
 * A partition taken up: where the group resumes it (records gone from Kafka before that, its
 * retention, are said), and its journal, whose segments from there on are written again as they were.
 */
export async function loadPartition(
  state: PartitionState,
  context: { readonly dir: string; readonly consumer: ArchiveConsumer; readonly log: Logger; readonly signal: AbortSignal },
): Promise<void> {
  const { consumer, log, signal } = context;
  const { committed, low } = await retrying(`the committed offset of ${state.topic}/${state.partition}`, log, signal, () =>
    consumer.resumeOffset(state.topic, state.partition),
  );
  const from = Math.max(committed ?? low, low);
  if (committed !== undefined && committed < low)
    log.error(
      { topic: state.topic, partition: state.partition, from: committed, to: low - 1 },
      'records gone from Kafka before they were archived (its retention): not in the archive',
    );
  const journal = await readJournal(context.dir, state.topic, state.partition);
  state.expected = from;
  state.journal = journal.filter((segment) => segment.first >= from).sort((a, b) => a.first - b.first);
  // The journal's segments start where the group resumes, or they are not this offset's: the group's
  // offsets were reset, or Kafka's retention passed them. Their files are rewritten under other names,
  // so they go; a segment across the resume offset cannot be rewritten whole and is said.
  if (state.journal.length > 0 && state.journal[0]?.first !== from) {
    log.warn(
      { topic: state.topic, partition: state.partition, from, segments: state.journal.map(({ first, last }) => `${first}-${last}`) },
      "segments written before do not start at the group's offset: their files are removed and their records written afresh",
    );
    await removeFiles(
      context.dir,
      state.journal.flatMap((segment) => segment.files),
    );
    state.journal = [];
  }
  const across = journal.find((segment) => segment.first < from && segment.last >= from);
  if (across !== undefined)
    log.error(
      { topic: state.topic, partition: state.partition, from, files: across.files },
      `offsets ${from} to ${across.last} are in these files, not committed, and are written again: twice in the archive`,
    );
  state.forcedEnds = state.journal.map((segment) => segment.last);
  state.confirmed = from;
  state.loaded = true;
  if (state.forcedEnds.length > 0)
    log.info(
      { topic: state.topic, partition: state.partition, from, ends: state.forcedEnds },
      'segments written before and not committed: writing them again, ended where they were',
    );
}

/**
 * The first record of a partition taken up must be the one the group resumes at: records before
 * it are another run's, and a later one means records were skipped, so the partition is sent back
 * there (again each second until that record comes; what was read meanwhile is not archived).
 */
export async function startsWhereCommitted(
  state: PartitionState,
  message: ArchiveMessage,
  context: { readonly consumer: ArchiveConsumer; readonly log: Logger; readonly now: number },
): Promise<boolean> {
  // The same first record after three seeks a second apart: the resume offset holds no record (compacted away, or a
  // transaction's marker), and this is the first there is. Records only delivered out of order come right after one seek.
  if (message.offset === state.expected || (message.offset === state.firstSeen && state.seeks >= SEEKS_BEFORE_TRUSTED)) {
    state.expected = message.offset;
    state.started = true;
    return true;
  }
  const { consumer, log, now } = context;
  if (message.offset > state.expected && (state.soughtAt === undefined || now - state.soughtAt >= RETRY_MS)) {
    state.soughtAt = now;
    state.seeks++;
    state.firstSeen ??= message.offset;
    log.warn(
      { topic: state.topic, partition: state.partition, expected: state.expected, got: message.offset },
      'records skipped: reading the partition again from its committed offset',
    );
    await consumer.seek(state.topic, state.partition, state.expected).catch((error: unknown) => log.warn({ err: error }, 'seek failed; trying again'));
  }
  return false;
}

async function retrying<T>(what: string, log: Logger, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (signal.aborted) throw error;
      log.warn({ err: error }, `cannot read ${what} yet; trying again`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
