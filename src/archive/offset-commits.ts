import type { Logger } from 'pino';
import type { ArchiveConsumer, TopicPartitionOffset } from './archive-consumer.js';

/** A failed commit is asked again after this long, ms. */
const COMMIT_RETRY_MS = 1_000;
/**
 * librdkafka answers a commit within its request time-out (10 s for this consumer, failed or not); one
 * still unanswered after this long was lost (asked while a broker went away) and is asked again: a
 * partition whose last commit was lost would otherwise stay uncommitted until more records came.
 */
const COMMIT_ANSWER_MS = 15_000;
/** How long a stop waits for the last commits, ms. */
const STOP_WAIT_MS = 5_000;

/** A partition's commits: the offset asked for, the one confirmed, and whether the last ask failed or is unanswered. */
export interface CommitState {
  readonly topic: string;
  readonly partition: number;
  /** The offset committed and confirmed (the next to read). */
  confirmed: number;
  /** The offset asked to be committed. */
  wanted: number;
  /** When the commit of `wanted` last failed, until one is confirmed. */
  commitFailedAt: number | undefined;
  /** When the commit of `wanted` was last asked, while unanswered; undefined once answered. */
  commitAskedAt: number | undefined;
}

/**
 * The offsets a group member (the archive's, QuestDB's) commits once what it read is kept: asked, told
 * confirmed or failed, asked again when failed a while ago or never answered, and awaited a while at a stop.
 */
export class OffsetCommits {
  constructor(
    private readonly consumer: Pick<ArchiveConsumer, 'commit' | 'consume'>,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly onFailure: () => void,
  ) {}

  /** Asks to commit `offset` of each state (the next offset to read). */
  ask(asks: readonly { readonly state: CommitState; readonly offset: number }[]): void {
    const offsets: TopicPartitionOffset[] = [];
    for (const { state, offset } of asks) {
      state.wanted = offset;
      state.commitAskedAt = this.now();
      offsets.push({ topic: state.topic, partition: state.partition, offset });
    }
    if (offsets.length > 0) this.consumer.commit(offsets);
  }

  /** The outcome of commits asked for, each found by `stateOf` (undefined: a partition given up since). */
  committed(
    results: readonly (TopicPartitionOffset & { readonly error?: string })[],
    stateOf: (topic: string, partition: number) => CommitState | undefined,
  ): void {
    for (const result of results) {
      const state = stateOf(result.topic, result.partition);
      if (state === undefined) continue;
      // The answer to the last ask (an older offset's answer says nothing of the last).
      if (result.offset >= state.wanted) state.commitAskedAt = undefined;
      if (result.error === undefined) {
        state.confirmed = Math.max(state.confirmed, result.offset);
        if (state.confirmed >= state.wanted) state.commitFailedAt = undefined;
      } else {
        this.onFailure();
        state.commitFailedAt = this.now();
        this.log.warn({ topic: result.topic, partition: result.partition, offset: result.offset, error: result.error }, 'commit failed; trying again');
      }
    }
  }

  /** Asks again for the commits that failed a while ago, and for those never answered (`COMMIT_ANSWER_MS`). */
  retry(states: Iterable<CommitState>): void {
    const now = this.now();
    const failed = (state: CommitState): boolean => state.commitFailedAt !== undefined && now - state.commitFailedAt >= COMMIT_RETRY_MS;
    const unanswered = (state: CommitState): boolean => state.commitAskedAt !== undefined && now - state.commitAskedAt >= COMMIT_ANSWER_MS;
    const due = [...states].filter((state) => state.wanted > state.confirmed && (failed(state) || unanswered(state)));
    if (due.length === 0) return;
    for (const state of due) {
      if (state.commitFailedAt !== undefined) state.commitFailedAt = now;
      state.commitAskedAt = now;
    }
    this.consumer.commit(due.map((state) => ({ topic: state.topic, partition: state.partition, offset: state.wanted })));
  }

  /** At a stop: the commits asked for awaited a while (`STOP_WAIT_MS`); those not confirmed then are said, with what becomes of them (`unconfirmed`). */
  async await(states: () => Iterable<CommitState>, unconfirmed: string): Promise<void> {
    const open = (): CommitState[] => [...states()].filter((state) => state.wanted > state.confirmed);
    const deadline = this.now() + STOP_WAIT_MS;
    while (this.now() < deadline && open().length > 0) {
      this.retry(states());
      await this.consumer.consume(0);
    }
    const left = open();
    if (left.length > 0) this.log.warn({ partitions: left.map((state) => `${state.topic}/${state.partition}`) }, unconfirmed);
  }
}
