import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type avro from 'avsc';
import type { Logger } from 'pino';
import { FeedError } from '../model/feed-error.js';
import type { TypedDecodedValue } from '../sink/record-decoder.js';
import { recordColumns, utcDate, type RecordColumns } from './archive-columns.js';
import { readJournal, syncPath, writeJournal, type JournalSegment } from './archive-journal.js';
import { deadLetterFolder, recordFolder, segmentFileName, tableOf, tmpDir } from './archive-layout.js';
import type { ArchiveConsumer, ArchiveMessage, TopicPartitionOffset } from './archive-consumer.js';
import { DEAD_LETTER_COLUMNS, PartitionSegment } from './partition-segment.js';
import { ParquetStage } from './parquet-stage.js';

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

/** How many messages one poll asks for. */
const POLL_MAX = 2_000;
/** A failed commit is tried again after this long, ms. */
const COMMIT_RETRY_MS = 1_000;
/** A retriable decode failure (the schema registry out of reach) is tried again after this long, ms. */
const DECODE_RETRY_MS = 1_000;
/** Files left in the temporary folder by a run that died are removed when older than this, ms. */
const STALE_TMP_MS = 3_600_000;

interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  segment: PartitionSegment | undefined;
  /** Loaded at the partition's first record after it was assigned. */
  loaded: boolean;
  /** The offset the group resumes at (committed, or the first kept): the first record archived must be this one. */
  expected: number;
  /** Whether the first record after the assignment was checked against `expected`. */
  started: boolean;
  /** When the partition was last sent back to `expected`. */
  soughtAt: number | undefined;
  /** Ends a previous run gave the segments it wrote and may not have committed: this run ends its segments there too. */
  forcedEnds: number[];
  /** Segments written whose commit is not known to have landed. */
  journal: JournalSegment[];
  /** The offset committed and confirmed (the next to read). */
  confirmed: number;
  /** The offset this run asked to commit. */
  wanted: number;
  commitFailedAt: number | undefined;
}

/**
 * The archive: records of the topics it is given, read as a consumer-group member, written as
 * Parquet (zstd) in Hive folders, a file per folder per segment of a partition. A segment is made
 * visible (files fsynced, journal written, files renamed into place) before its offsets are
 * committed, and its files are named by its partition and offsets: a crash at any point leaves at
 * most segments whose commit did not land, which the partition's next owner writes again, ending
 * them where the journal says, so the same names replace the same files.
 */
export class Archiver {
  readonly counters: ArchiveCounters = { records: 0, deadLetters: 0, files: 0, segments: 0, bytesWritten: 0, rewritten: 0, commitFailures: 0 };
  private readonly partitions = new Map<string, PartitionState>();
  /** Partitions revoked and not assigned again: records of theirs still arriving are their next owner's. */
  private readonly given = new Set<string>();
  private readonly columnsOf = new WeakMap<avro.Type, RecordColumns>();
  private readonly discarded: PartitionSegment[] = [];
  private readonly now: () => number;
  private readonly log: Logger;
  private fatalReason: string | undefined;

  constructor(
    private readonly options: ArchiverOptions,
    private readonly stage: ParquetStage,
    private readonly consumer: ArchiveConsumer,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ component: 'archive' });
  }

  static async open(options: ArchiverOptions, consumer: ArchiveConsumer): Promise<Archiver> {
    await mkdir(tmpDir(options.dir), { recursive: true });
    await removeStaleTmp(tmpDir(options.dir), Date.now());
    return new Archiver(options, await ParquetStage.open(), consumer);
  }

  /** Partitions given to this member: their records are taken from the committed offset. */
  assigned(partitions: readonly { readonly topic: string; readonly partition: number }[]): void {
    for (const { topic, partition } of partitions) {
      const key = `${topic}/${partition}`;
      this.given.delete(key);
      if (!this.partitions.has(key)) this.partitions.set(key, newState(topic, partition));
    }
    this.log.info({ partitions: partitions.map(({ topic, partition }) => `${topic}/${partition}`) }, 'partitions assigned');
  }

  /** Partitions taken away: what was read of them and not written is dropped; their next owner reads it again. */
  revoked(partitions: readonly { readonly topic: string; readonly partition: number }[]): void {
    this.log.info({ partitions: partitions.map(({ topic, partition }) => `${topic}/${partition}`) }, 'partitions revoked');
    for (const { topic, partition } of partitions) {
      const key = `${topic}/${partition}`;
      const state = this.partitions.get(key);
      this.partitions.delete(key);
      this.given.add(key);
      if (state?.segment !== undefined) {
        this.log.info({ topic, partition, records: state.segment.records }, 'partition revoked: its unwritten records are read again by its next owner');
        this.discarded.push(state.segment);
      }
    }
  }

  /** The outcome of commits asked for. */
  committed(results: readonly (TopicPartitionOffset & { readonly error?: string })[]): void {
    for (const result of results) {
      const state = this.partitions.get(`${result.topic}/${result.partition}`);
      if (state === undefined) continue;
      if (result.error === undefined) {
        state.confirmed = Math.max(state.confirmed, result.offset);
        if (state.confirmed >= state.wanted) state.commitFailedAt = undefined;
      } else {
        this.counters.commitFailures++;
        state.commitFailedAt = this.now();
        this.log.warn({ topic: result.topic, partition: result.partition, offset: result.offset, error: result.error }, 'commit failed; trying again');
      }
    }
  }

  /** The member cannot go on: nothing more is written (a segment being written stops before its journal or next rename). */
  fatal(reason: string): void {
    this.fatalReason ??= reason;
    this.log.error({ reason }, 'fenced out of the archive group: writing nothing more');
  }

  /** Reads and writes until `signal` aborts; then writes what it holds, commits, and returns. Throws `ArchiveFencedError` once fenced. */
  async run(signal: AbortSignal): Promise<ArchiveCounters> {
    try {
      while (!signal.aborted) {
        const messages = await this.consumer.consume(POLL_MAX);
        this.assertMember();
        await this.dropDiscarded();
        for (const message of messages) await this.take(message, signal);
        await this.rollDue();
        this.retryCommits();
      }
      await this.finish();
      return this.counters;
    } catch (error) {
      if (error instanceof ArchiveFencedError) {
        for (const state of this.partitions.values()) if (state.segment !== undefined) this.discarded.push(state.segment);
        await this.dropDiscarded();
        this.stage.close();
      }
      throw error;
    }
  }

  private assertMember(): void {
    if (this.fatalReason !== undefined) throw new ArchiveFencedError(this.fatalReason);
  }

  /** The partitions this member archives. */
  partitionCount(): number {
    return this.partitions.size;
  }

  /** The bytes of every partition's unwritten values. */
  bufferedBytes(): number {
    let bytes = 0;
    for (const state of this.partitions.values()) bytes += state.segment?.bytes ?? 0;
    return bytes;
  }

  private async take(message: ArchiveMessage, signal: AbortSignal): Promise<void> {
    const key = `${message.topic}/${message.partition}`;
    let state = this.partitions.get(key);
    if (state === undefined) {
      // The group's word of an assignment can come after its first records; a revoked partition's are its next owner's.
      if (this.given.has(key)) return;
      state = newState(message.topic, message.partition);
      this.partitions.set(key, state);
    }
    if (!state.loaded) await this.load(state, signal);
    if (!state.started && !(await this.startsWhereCommitted(state, message))) return;
    if (state.segment?.last !== undefined && message.offset <= state.segment.last) return;
    // Segments an earlier run wrote up to here end where it ended them.
    while (state.forcedEnds.length > 0 && (state.forcedEnds[0] as number) < message.offset) {
      const end = state.forcedEnds.shift() as number;
      if (state.segment !== undefined) await this.roll(state, end);
    }
    const row = await this.rowOf(message, signal);
    if (row === undefined) return;
    if (state.segment !== undefined && !state.segment.fits(row.folder, row.schema)) await this.roll(state);
    state.segment ??= new PartitionSegment(message.topic, message.partition, this.now(), this.stage);
    await state.segment.add(row.folder, row.schema, row.columns, row.values, message.offset, message.value?.length ?? 0);
    if (state.forcedEnds[0] === message.offset) await this.roll(state, state.forcedEnds.shift());
  }

  /**
   * A partition taken up: where the group resumes it, and its journal, whose segments from there on
   * are written again as they were.
   */
  private async load(state: PartitionState, signal: AbortSignal): Promise<void> {
    const { committed, low } = await this.retrying(`the committed offset of ${state.topic}/${state.partition}`, signal, () =>
      this.consumer.resumeOffset(state.topic, state.partition),
    );
    const from = Math.max(committed ?? low, low);
    if (committed !== undefined && committed < low)
      this.log.error(
        { topic: state.topic, partition: state.partition, from: committed, to: low - 1 },
        'records gone from Kafka before they were archived (its retention): not in the archive',
      );
    const journal = await readJournal(this.options.dir, state.topic, state.partition);
    state.expected = from;
    state.journal = journal.filter((segment) => segment.first >= from);
    state.forcedEnds = state.journal.map((segment) => segment.last).sort((a, b) => a - b);
    state.confirmed = from;
    state.loaded = true;
    if (state.forcedEnds.length > 0)
      this.log.info(
        { topic: state.topic, partition: state.partition, from, ends: state.forcedEnds },
        'segments written before and not committed: writing them again, ended where they were',
      );
  }

  /**
   * The first record of a partition taken up must be the one the group resumes at: records before
   * it are another run's, and a later one means records were skipped, so the partition is sent back
   * there (again each second until that record comes; what was read meanwhile is not archived).
   */
  private async startsWhereCommitted(state: PartitionState, message: ArchiveMessage): Promise<boolean> {
    if (message.offset === state.expected) {
      state.started = true;
      return true;
    }
    const now = this.now();
    if (message.offset > state.expected && (state.soughtAt === undefined || now - state.soughtAt >= COMMIT_RETRY_MS)) {
      state.soughtAt = now;
      this.log.warn(
        { topic: state.topic, partition: state.partition, expected: state.expected, got: message.offset },
        'records skipped: reading the partition again from its committed offset',
      );
      await this.consumer
        .seek(state.topic, state.partition, state.expected)
        .catch((error: unknown) => this.log.warn({ err: error }, 'seek failed; trying again'));
    }
    return false;
  }

  private async retrying<T>(what: string, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (signal.aborted) throw error;
        this.log.warn({ err: error }, `cannot read ${what} yet; trying again`);
        await new Promise((resolve) => setTimeout(resolve, DECODE_RETRY_MS));
      }
    }
  }

  private async rowOf(
    message: ArchiveMessage,
    signal: AbortSignal,
  ): Promise<
    { readonly folder: string; readonly schema: avro.Type | 'dead-letter'; readonly columns: RecordColumns['columns']; readonly values: unknown[] } | undefined
  > {
    const kafka = [message.topic, message.partition, message.offset, message.timestamp, message.key?.toString('utf8') ?? null];
    let decoded: TypedDecodedValue;
    let columns: RecordColumns;
    try {
      if (message.value === null) throw new Error('the record has no value (a tombstone)');
      decoded = await this.decodeRetrying(message.value, signal);
      columns = this.columnsFor(decoded.avroType);
    } catch (error) {
      if (signal.aborted && error instanceof FeedError && error.retriable) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      this.counters.deadLetters++;
      this.log.error(
        { topic: message.topic, partition: message.partition, offset: message.offset, error: reason },
        'undecodable record: written to the dead letters',
      );
      return {
        folder: deadLetterFolder(utcDate(message.timestamp)),
        schema: 'dead-letter',
        columns: DEAD_LETTER_COLUMNS,
        values: [...kafka, reason, message.value],
      };
    }
    const value = decoded.value;
    const time = columns.dateField === undefined ? undefined : value[columns.dateField];
    const exchange = columns.exchangeField === undefined ? undefined : value[columns.exchangeField];
    const folder = recordFolder(
      tableOf(message.topic, this.options.topicPrefix),
      typeof exchange === 'string' ? exchange : undefined,
      utcDate(typeof time === 'number' ? time : message.timestamp),
    );
    const values = kafka as unknown[];
    for (const field of columns.fields) values.push(value[field] ?? null);
    this.counters.records++;
    return { folder, schema: decoded.avroType, columns: columns.columns, values };
  }

  /** The columns of a schema (a schema with a type the archive has no column for throws `UnarchivableSchemaError`). */
  private columnsFor(avroType: avro.Type): RecordColumns {
    let columns = this.columnsOf.get(avroType);
    if (columns === undefined) {
      columns = recordColumns(avroType);
      this.columnsOf.set(avroType, columns);
    }
    return columns;
  }

  /** Decodes; a retriable failure (the registry out of reach) is tried again until it passes or the run stops. */
  private async decodeRetrying(value: Buffer, signal: AbortSignal): Promise<TypedDecodedValue> {
    for (;;) {
      try {
        return await this.options.decoder.decodeTyped(value);
      } catch (error) {
        if (!(error instanceof FeedError && error.retriable) || signal.aborted) throw error;
        this.log.warn({ err: error }, 'cannot decode yet; trying again');
        await new Promise((resolve) => setTimeout(resolve, DECODE_RETRY_MS));
      }
    }
  }

  private async rollDue(): Promise<void> {
    const now = this.now();
    for (const state of this.partitions.values()) {
      const segment = state.segment;
      if (segment === undefined || state.forcedEnds.length > 0) continue;
      if (segment.bytes >= this.options.rollBytes || now - segment.openedAt >= this.options.rollMs) await this.roll(state);
    }
    // Over the memory budget: the largest is written now.
    while (this.bufferedBytes() > this.options.maxBufferedBytes) {
      const largest = [...this.partitions.values()]
        .filter((state) => state.segment !== undefined && state.forcedEnds.length === 0)
        .sort((a, b) => (b.segment?.bytes ?? 0) - (a.segment?.bytes ?? 0))[0];
      if (largest === undefined) break;
      await this.roll(largest);
    }
  }

  /** Writes a partition's segment: files to the temporary folder and to disk, the journal, the renames, then the commit. */
  private async roll(state: PartitionState, forcedLast?: number): Promise<void> {
    const segment = state.segment;
    state.segment = undefined;
    if (segment?.first === undefined || segment.last === undefined) return;
    const id = { topic: state.topic, partition: state.partition, first: segment.first, last: forcedLast ?? segment.last };
    const name = segmentFileName(id);
    const written: { readonly tmp: string; readonly file: string }[] = [];
    for (const [folder, table] of segment.tables()) {
      // Not `*.parquet`: a glob over the archive never matches a file being written.
      const tmp = join(tmpDir(this.options.dir), `${randomUUID()}.parquet.tmp`);
      await table.writeParquet(tmp);
      await syncPath(tmp);
      written.push({ tmp, file: join(folder, name) });
    }
    state.journal = [...state.journal.filter((entry) => entry.last >= state.confirmed), { first: id.first, last: id.last, files: written.map((w) => w.file) }];
    this.assertMember();
    await writeJournal(this.options.dir, state.topic, state.partition, state.journal);
    const folders = new Set<string>();
    for (const { tmp, file } of written) {
      this.assertMember();
      const target = join(this.options.dir, file);
      await mkdir(dirname(target), { recursive: true });
      this.counters.bytesWritten += (await stat(tmp)).size;
      await rename(tmp, target);
      folders.add(dirname(target));
    }
    for (const folder of folders) await syncPath(folder);
    this.counters.files += written.length;
    this.counters.segments++;
    if (forcedLast !== undefined) this.counters.rewritten++;
    state.wanted = id.last + 1;
    this.consumer.commit([{ topic: state.topic, partition: state.partition, offset: state.wanted }]);
    this.log.debug({ segment: name, records: segment.records, files: written.length }, 'segment written');
  }

  private retryCommits(): void {
    const now = this.now();
    const due = [...this.partitions.values()].filter(
      (state) => state.commitFailedAt !== undefined && now - state.commitFailedAt >= COMMIT_RETRY_MS && state.wanted > state.confirmed,
    );
    if (due.length === 0) return;
    for (const state of due) state.commitFailedAt = now;
    this.consumer.commit(due.map((state) => ({ topic: state.topic, partition: state.partition, offset: state.wanted })));
  }

  private async dropDiscarded(): Promise<void> {
    for (const segment of this.discarded.splice(0)) await segment.discard();
  }

  /** At a stop: every open segment written (a rewrite not yet at its end is left to be read again), and the commits awaited a while. */
  private async finish(): Promise<void> {
    await this.dropDiscarded();
    for (const state of this.partitions.values()) {
      if (state.segment === undefined) continue;
      if (state.forcedEnds.length > 0) this.discarded.push(state.segment);
      else await this.roll(state);
      state.segment = undefined;
    }
    await this.dropDiscarded();
    const deadline = this.now() + 5_000;
    while (this.now() < deadline && [...this.partitions.values()].some((state) => state.wanted > state.confirmed)) {
      this.retryCommits();
      await this.consumer.consume(0);
    }
    const unconfirmed = [...this.partitions.values()].filter((state) => state.wanted > state.confirmed);
    if (unconfirmed.length > 0)
      this.log.warn(
        { partitions: unconfirmed.map((state) => `${state.topic}/${state.partition}`) },
        'commits not confirmed at the stop: their segments are in the journal and are written again, the same, by the next run',
      );
    this.stage.close();
  }
}

function newState(topic: string, partition: number): PartitionState {
  return {
    topic,
    partition,
    segment: undefined,
    loaded: false,
    expected: 0,
    started: false,
    soughtAt: undefined,
    forcedEnds: [],
    journal: [],
    confirmed: -1,
    wanted: -1,
    commitFailedAt: undefined,
  };
}

async function removeStaleTmp(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs > STALE_TMP_MS) await unlink(path);
  }
}
