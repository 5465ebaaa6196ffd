import type { Logger } from 'pino';
import type { ArchiveConsumer, ArchiveConsumerEvents, ArchiveMessage, TopicPartitionOffset } from '../archive/archive-consumer.js';
import { GroupMembership, partitionKey, type TopicPartition } from '../archive/group-membership.js';
import { OffsetCommits, type CommitState } from '../archive/offset-commits.js';
import { RecordRows } from '../archive/record-rows.js';
import { FeedError } from '../model/feed-error.js';
import type { TypedDecodedValue } from '../sink/record-decoder.js';
import { DEAD_LETTER_TABLE, questTableOf } from './questdb-tables.js';
import { WriteStopped, type PendingRow, type QuestdbWriter } from './questdb-writer.js';

/** What a `market-feed questdb` run did. */
export interface QuestdbCounters {
  /** Records written to their tables. */
  records: number;
  /** Records written to `dead_letters` (they did not decode, or QuestDB refused them). */
  deadLetters: number;
  /** Batches QuestDB acknowledged. */
  batches: number;
  commitFailures: number;
}

export function newQuestdbCounters(): QuestdbCounters {
  return { records: 0, deadLetters: 0, batches: 0, commitFailures: 0 };
}

/** This member was fenced out of its group (another process took its instance id). */
export class QuestdbFencedError extends FeedError<{ readonly reason: string }> {
  constructor(reason: string) {
    super(`the questdb group fenced this instance out (${reason}); what it read and did not commit is read again by the partitions' next owner`, false, {
      reason,
    });
  }
}

export interface QuestdbLoaderOptions {
  readonly topicPrefix: string;
  readonly decoder: { decodeTyped(value: Buffer): Promise<TypedDecodedValue> };
  readonly writer: QuestdbWriter;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * Offsets are committed at most this often, ms: each batch is written as it comes, and a commit covers
   * every batch QuestDB acknowledged since the last one. Default 0: a commit after each batch. A crash
   * writes again at most this long's records (their upsert keys keep each once).
   */
  readonly commitIntervalMs?: number;
}

/** One poll takes this many records at most: a batch, one request to QuestDB. */
const POLL_MAX = 5_000;
interface PartitionState extends CommitState {
  /** The next offset to take: a record delivered again is not taken twice. */
  next: number | undefined;
  /** The end of what QuestDB acknowledged. */
  acked: number;
}

/**
 * The topics into QuestDB as a consumer-group member: each poll's records are made rows (the archive's
 * row model), written as one batch, and their offsets committed only once QuestDB has acknowledged the
 * batch. A crash before the commit reads the batch again and writes it again; each table's upsert keys
 * make the rows written twice one. A revoke waits for the batch being written (and its commit ask), and
 * drops what was read of the partitions and not yet written: their next owner reads it.
 */
export class QuestdbLoader implements ArchiveConsumerEvents {
  readonly counters = newQuestdbCounters();
  private readonly membership: GroupMembership<PartitionState>;
  private readonly rows: RecordRows;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly commits: OffsetCommits;
  private readonly tables = new Map<string, string>();
  private pending: PendingRow[] = [];
  private lastCommitAt = -Infinity;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly options: QuestdbLoaderOptions,
    private readonly consumer: ArchiveConsumer,
  ) {
    this.log = options.logger.child({ component: 'questdb' });
    this.membership = new GroupMembership({ role: 'questdb', log: this.log, newState, fencedError: (reason) => new QuestdbFencedError(reason) });
    this.rows = new RecordRows(options.decoder, options.topicPrefix, this.log);
    this.now = options.now ?? Date.now;
    this.commits = new OffsetCommits(consumer, this.now, this.log, () => this.counters.commitFailures++);
  }

  assigned(partitions: readonly TopicPartition[]): void {
    this.membership.assigned(partitions);
  }

  async revoked(partitions: readonly TopicPartition[], lost: boolean): Promise<void> {
    const keys = new Set(partitions.map(partitionKey));
    this.log.info({ partitions: [...keys], lost }, 'partitions revoked');
    while (this.writing !== undefined) await this.writing.catch(() => undefined);
    // What QuestDB acknowledged of them is committed before they go: their next owner does not write it again.
    this.commitAcked(this.membership.release(partitions));
    this.pending = this.pending.filter((row) => !keys.has(partitionKey(row.message)));
  }

  committed(results: readonly (TopicPartitionOffset & { readonly error?: string })[]): void {
    this.commits.committed(results, (topic, partition) => this.membership.get(topic, partition));
  }

  fatal(reason: string): void {
    this.membership.fatal(reason);
  }

  /** Reads, writes and commits until `signal` aborts; then writes what it read and waits a while for the commits. */
  async run(signal: AbortSignal): Promise<QuestdbCounters> {
    while (!signal.aborted) {
      const messages = await this.consumer.consume(POLL_MAX);
      this.membership.assertMember();
      for (const message of messages) {
        // A stop while a record waits for the registry: nothing after it is taken, so no commit passes it.
        if (signal.aborted) break;
        await this.take(message, signal);
      }
      await this.writePending(signal);
      if (this.now() - this.lastCommitAt >= (this.options.commitIntervalMs ?? 0)) {
        this.lastCommitAt = this.now();
        this.commitAcked([...this.membership.values()]);
      }
      this.commits.retry(this.membership.values());
    }
    await this.writePending(signal);
    this.commitAcked([...this.membership.values()]);
    await this.commits.await(
      () => this.membership.values(),
      'commits not confirmed at the stop: the next run writes those records again, and their upsert keys keep them once',
    );
    return this.counters;
  }

  private async take(message: ArchiveMessage, signal: AbortSignal): Promise<void> {
    const state = this.membership.take(message.topic, message.partition);
    if (state === undefined) return;
    if (state.next !== undefined && message.offset < state.next) return;
    state.next = message.offset + 1;
    const row = await this.rows.rowOf(message, signal);
    if (row === undefined || this.membership.get(message.topic, message.partition) !== state) return;
    this.pending.push({ message, row, table: row.dead ? DEAD_LETTER_TABLE : this.tableOf(message.topic) });
  }

  /** A topic's table, named once per topic. */
  private tableOf(topic: string): string {
    let table = this.tables.get(topic);
    if (table === undefined) {
      table = questTableOf(topic, this.options.topicPrefix);
      this.tables.set(topic, table);
    }
    return table;
  }

  /** Writes what was read (one batch); its offsets may be committed once QuestDB has it. */
  private async writePending(signal: AbortSignal): Promise<void> {
    if (this.pending.length === 0 || this.membership.fenced) return;
    const batch = this.pending;
    this.pending = [];
    this.log.debug({ records: batch.length }, 'writing a batch');
    const write = this.writeBatch(batch, signal);
    this.writing = write;
    try {
      await write;
    } finally {
      if (this.writing === write) this.writing = undefined;
    }
  }

  private async writeBatch(batch: readonly PendingRow[], signal: AbortSignal): Promise<void> {
    let refused: number;
    try {
      refused = (await this.options.writer.write(batch, signal)).length;
    } catch (error) {
      if (!(error instanceof WriteStopped)) throw error;
      this.log.warn({ records: batch.length }, 'stopped before QuestDB took the last batch: not committed; the next run reads it again');
      return;
    }
    const undecodable = batch.filter((pending) => pending.row.dead).length;
    this.counters.deadLetters += undecodable + refused;
    this.counters.records += batch.length - undecodable - refused;
    this.counters.batches++;
    for (const { message } of batch) {
      const state = this.membership.get(message.topic, message.partition);
      if (state !== undefined) state.acked = Math.max(state.acked, message.offset + 1);
    }
  }

  /** Asks to commit what QuestDB acknowledged of the partitions and is not yet asked for. */
  private commitAcked(partitions: readonly PartitionState[]): void {
    this.commits.ask(partitions.flatMap((state) => (state.acked > state.wanted ? [{ state, offset: state.acked }] : [])));
  }
}

function newState(topic: string, partition: number): PartitionState {
  return { topic, partition, next: undefined, acked: -1, wanted: -1, confirmed: -1, commitAskedAt: undefined, commitFailedAt: undefined };
}
