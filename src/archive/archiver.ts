import type { Logger } from 'pino';
import { ArchiveFencedError, SegmentAbandoned, newArchiveCounters, type ArchiveCounters, type ArchiverOptions } from './archiver-options.js';
import type { ArchiveConsumer, ArchiveMessage, TopicPartitionOffset } from './archive-consumer.js';
import { GroupMembership, partitionKey, type TopicPartition } from './group-membership.js';
import type { SegmentId } from './archive-layout.js';
import { PartitionSegment } from './partition-segment.js';
import { OffsetCommits } from './offset-commits.js';
import { loadPartition, newState, startsWhereCommitted, type PartitionState } from './partition-state.js';
import { ParquetStage } from './parquet-stage.js';
import { RecordRows } from './record-rows.js';
import { removeFiles, removeStaleTmp, writeSegment } from './segment-writer.js';

export { ArchiveFencedError, newArchiveCounters, type ArchiveCounters, type ArchiverOptions } from './archiver-options.js';

/** How many messages one poll asks for. */
const POLL_MAX = 2_000;

/**
 * The archive: records of the topics it is given, read as a consumer-group member, written as
 * Parquet (zstd) in Hive folders, a file per folder per segment of a partition. A segment is made
 * visible (files fsynced, journal written, files renamed into place) before its offsets are
 * committed, and its files are named by its partition and offsets: a crash at any point leaves at
 * most segments whose commit did not land, which the partition's next owner writes again, ending
 * them where the journal says, so the same names replace the same files.
 */
export class Archiver {
  readonly counters: ArchiveCounters;
  private readonly membership: GroupMembership<PartitionState>;
  private readonly rows: RecordRows;
  /** The segment being written, per partition: a revoke waits for it. */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly discarded: PartitionSegment[] = [];
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly commits: OffsetCommits;

  constructor(
    private readonly options: ArchiverOptions,
    private readonly stage: ParquetStage,
    private readonly consumer: ArchiveConsumer,
  ) {
    this.now = options.now ?? Date.now;
    this.counters = options.counters ?? newArchiveCounters();
    this.log = options.logger.child({ component: 'archive' });
    this.membership = new GroupMembership({ role: 'archive', log: this.log, newState, fencedError: (reason) => new ArchiveFencedError(reason) });
    this.rows = new RecordRows(options.decoder, options.topicPrefix, this.log);
    this.commits = new OffsetCommits(consumer, this.now, this.log, () => this.counters.commitFailures++);
  }

  static async open(options: ArchiverOptions, consumer: ArchiveConsumer): Promise<Archiver> {
    await removeStaleTmp(options.dir, Date.now());
    return new Archiver(options, await ParquetStage.open(), consumer);
  }

  /** Partitions given to this member: their records are taken from the committed offset. */
  assigned(partitions: readonly TopicPartition[]): void {
    this.membership.assigned(partitions);
  }

  /**
   * Partitions taken away: what was read of them and not written is dropped; their next owner reads
   * it again. A segment of theirs being written is finished first (and committed), and this resolves
   * only then: the consumer gives them up after it, so their next owner never starts while a file of
   * this member's can still be renamed. When the group already gave them away (`lost`: this member
   * missed its session), a write in progress stops before its journal or its next rename instead.
   */
  async revoked(partitions: readonly TopicPartition[], lost: boolean): Promise<void> {
    const keys = partitions.map(partitionKey);
    this.log.info({ partitions: keys, lost }, 'partitions revoked');
    if (lost)
      for (const { topic, partition } of partitions) {
        const state = this.membership.get(topic, partition);
        if (state !== undefined) state.lost = true;
      }
    for (const key of keys) {
      for (let write = this.writing.get(key); write !== undefined; write = this.writing.get(key)) await write.catch(() => undefined);
    }
    for (const state of this.membership.release(partitions)) {
      state.lost = true;
      if (state.segment !== undefined) {
        this.log.info(
          { partition: partitionKey(state), records: state.segment.records },
          'partition revoked: its unwritten records are read again by its next owner',
        );
        this.discarded.push(state.segment);
        state.segment = undefined;
      }
    }
  }

  /** The outcome of commits asked for. */
  committed(results: readonly (TopicPartitionOffset & { readonly error?: string })[]): void {
    this.commits.committed(results, (topic, partition) => this.membership.get(topic, partition));
  }

  /** The member cannot go on: nothing more is written (a segment being written stops before its journal or next rename). */
  fatal(reason: string): void {
    this.membership.fatal(reason);
  }

  /** Reads and writes until `signal` aborts; then writes what it holds, commits, and returns. Throws `ArchiveFencedError` once fenced. */
  async run(signal: AbortSignal): Promise<ArchiveCounters> {
    try {
      while (!signal.aborted) {
        const messages = await this.consumer.consume(POLL_MAX);
        this.membership.assertMember();
        await this.dropDiscarded();
        for (const message of messages) {
          // A stop while a record waits for the registry: nothing after it is taken, so no commit passes it.
          if (signal.aborted) break;
          await this.take(message, signal);
        }
        await this.rollDue();
        this.commits.retry(this.membership.values());
      }
      await this.finish();
      return this.counters;
    } catch (error) {
      if (error instanceof ArchiveFencedError) {
        for (const state of this.membership.values()) if (state.segment !== undefined) this.discarded.push(state.segment);
        await this.dropDiscarded();
        this.stage.close();
      }
      throw error;
    }
  }

  /** The partitions this member archives. */
  partitionCount(): number {
    return this.membership.size;
  }

  /** The bytes of every partition's unwritten values. */
  bufferedBytes(): number {
    let bytes = 0;
    for (const state of this.membership.values()) bytes += state.segment?.bytes ?? 0;
    return bytes;
  }

  private async take(message: ArchiveMessage, signal: AbortSignal): Promise<void> {
    const state = this.membership.take(message.topic, message.partition);
    if (state === undefined) return;
    if (!state.loaded) await loadPartition(state, { dir: this.options.dir, consumer: this.consumer, log: this.log, signal });
    if (!state.started && !(await startsWhereCommitted(state, message, { consumer: this.consumer, log: this.log, now: this.now() }))) return;
    // Each offset once: a record delivered again (a reset, a reassignment within a batch) is not taken twice.
    if (message.offset < state.next || this.membership.get(message.topic, message.partition) !== state) return;
    state.next = message.offset + 1;
    // Segments an earlier run wrote up to here end where it ended them.
    while (state.forcedEnds.length > 0 && (state.forcedEnds[0] as number) < message.offset) {
      const end = state.forcedEnds.shift() as number;
      if (state.segment !== undefined) await this.roll(state, end);
    }
    const row = await this.rows.rowOf(message, signal);
    if (row === undefined || this.membership.get(message.topic, message.partition) !== state) return;
    if (row.dead) this.counters.deadLetters++;
    else this.counters.records++;
    if (state.segment !== undefined && !state.segment.fits(row.folder, row.schema)) await this.roll(state);
    state.segment ??= new PartitionSegment(message.topic, message.partition, this.now(), this.stage);
    await state.segment.add(row.folder, row.schema, row.columns, row.values, message.offset, message.value?.length ?? 0);
    if (state.forcedEnds[0] === message.offset) await this.roll(state, state.forcedEnds.shift());
  }

  private async rollDue(): Promise<void> {
    const now = this.now();
    for (const state of this.membership.values()) {
      const segment = state.segment;
      if (segment === undefined || state.forcedEnds.length > 0) continue;
      if (segment.bytes >= this.options.rollBytes || now - segment.openedAt >= this.options.rollMs) await this.roll(state);
    }
    // Over the memory budget: the largest is written now.
    while (this.bufferedBytes() > this.options.maxBufferedBytes) {
      const largest = [...this.membership.values()]
        .filter((state) => state.segment !== undefined && state.forcedEnds.length === 0)
        .sort((a, b) => (b.segment?.bytes ?? 0) - (a.segment?.bytes ?? 0))[0];
      if (largest === undefined) break;
      await this.roll(largest);
    }
  }

  /** Writes a partition's segment (files, journal, renames: `writeSegment`), then asks for its commit. */
  private async roll(state: PartitionState, forcedLast?: number): Promise<void> {
    const segment = state.segment;
    state.segment = undefined;
    if (segment?.first === undefined || segment.last === undefined) return;
    const key = partitionKey(state);
    if (state.lost) {
      this.discarded.push(segment);
      return;
    }
    const write = this.writeAndCommit(
      state,
      segment,
      { topic: state.topic, partition: state.partition, first: segment.first, last: forcedLast ?? segment.last },
      forcedLast !== undefined,
    );
    this.writing.set(key, write);
    try {
      await write;
    } catch (error) {
      if (!(error instanceof SegmentAbandoned)) throw error;
      this.log.warn({ partition: key, first: segment.first }, 'partition lost while its segment was written: not committed; its next owner writes it');
    } finally {
      if (this.writing.get(key) === write) this.writing.delete(key);
    }
  }

  private async writeAndCommit(state: PartitionState, segment: PartitionSegment, id: SegmentId, rewrite: boolean): Promise<void> {
    const earlier = state.journal.filter((entry) => entry.last >= state.confirmed && entry.first !== id.first);
    const replaced = state.journal.find((entry) => entry.first === id.first && entry.last === id.last);
    const written = await writeSegment(this.options.dir, id, segment, earlier, () => {
      this.membership.assertMember();
      // Given away meanwhile without waiting for this write (a missed session): nothing more of it is written.
      if (state.lost) throw new SegmentAbandoned(partitionKey(state));
    });
    state.journal = written.journal;
    // A segment written again may have gone to other folders (a record that did not decode before does now): the files it replaced and did not write again go.
    if (replaced !== undefined)
      await removeFiles(
        this.options.dir,
        replaced.files.filter((file) => !written.paths.includes(file)),
      );
    this.counters.files += written.paths.length;
    this.counters.bytesWritten += written.bytes;
    this.counters.segments++;
    if (rewrite) this.counters.rewritten++;
    this.commits.ask([{ state, offset: id.last + 1 }]);
    this.log.debug({ segment: id, records: segment.records, files: written.paths.length }, 'segment written');
  }

  private async dropDiscarded(): Promise<void> {
    for (const segment of this.discarded.splice(0)) await segment.discard();
  }

  /** At a stop: every open segment written (a rewrite not yet at its end is left to be read again), and the commits awaited a while. */
  private async finish(): Promise<void> {
    await this.dropDiscarded();
    for (const state of this.membership.values()) {
      if (state.segment === undefined) continue;
      if (state.forcedEnds.length > 0) this.discarded.push(state.segment);
      else await this.roll(state);
      state.segment = undefined;
    }
    await this.dropDiscarded();
    await this.commits.await(
      () => this.membership.values(),
      'commits not confirmed at the stop: their segments are in the journal and are written again, the same, by the next run',
    );
    this.stage.close();
  }
}
