import type { Logger } from 'pino';
import type { CommitState } from './offset-commits.js';

/** A partition as the group names it. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `topic/partition`: how a partition is named in the logs and keyed in a member's maps. */
export function partitionKey({ topic, partition }: TopicPartition): string {
  return `${topic}/${partition}`;
}

export interface GroupMembershipOptions<S extends CommitState> {
  /** The group's role in messages: `archive`, `questdb`. */
  readonly role: string;
  readonly log: Logger;
  /** A partition's state when it is given (or when its first record comes before the word of its assignment). */
  readonly newState: (topic: string, partition: number) => S;
  /** What `assertMember` throws once the group fenced this member out, with the reason it gave. */
  readonly fencedError: (reason: string) => Error;
}

/**
 * What the group gave a member (the archive's, QuestDB's): the partitions it holds, each with its
 * state, those revoked from it (records of theirs still arriving are their next owner's, until one
 * is assigned again), and whether it is still a member (a fence ends that for good).
 */
export class GroupMembership<S extends CommitState> {
  private readonly states = new Map<string, S>();
  /** Partitions revoked and not assigned again. */
  private readonly given = new Set<string>();
  private fatalReason: string | undefined;

  constructor(private readonly options: GroupMembershipOptions<S>) {}

  /** Partitions given to this member: a new state for each it does not hold yet. */
  assigned(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) {
      const key = partitionKey({ topic, partition });
      this.given.delete(key);
      if (!this.states.has(key)) this.states.set(key, this.options.newState(topic, partition));
    }
    this.options.log.info({ partitions: partitions.map(partitionKey) }, 'partitions assigned');
  }

  /** Partitions taken away: their states go (and are returned, those it held); their records are their next owner's. */
  release(partitions: readonly TopicPartition[]): S[] {
    const released: S[] = [];
    for (const key of partitions.map(partitionKey)) {
      const state = this.states.get(key);
      this.states.delete(key);
      this.given.add(key);
      if (state !== undefined) released.push(state);
    }
    return released;
  }

  /** The state of a partition this member holds. */
  get(topic: string, partition: number): S | undefined {
    return this.states.get(partitionKey({ topic, partition }));
  }

  /**
   * The state a record of the partition goes to: the group's word of an assignment can come after its
   * first records, so an unknown partition is taken up, unless it was revoked (undefined: its next owner's).
   */
  take(topic: string, partition: number): S | undefined {
    const key = partitionKey({ topic, partition });
    let state = this.states.get(key);
    if (state === undefined && !this.given.has(key)) {
      state = this.options.newState(topic, partition);
      this.states.set(key, state);
    }
    return state;
  }

  /** Every partition this member holds. */
  values(): IterableIterator<S> {
    return this.states.values();
  }

  get size(): number {
    return this.states.size;
  }

  /** The member cannot go on (fenced out of the group): the first reason is kept, and nothing more is written. */
  fatal(reason: string): void {
    this.fatalReason ??= reason;
    this.options.log.error({ reason }, `fenced out of the ${this.options.role} group: writing nothing more`);
  }

  get fenced(): boolean {
    return this.fatalReason !== undefined;
  }

  /** Throws the member's fenced error once it was fenced out. */
  assertMember(): void {
    if (this.fatalReason !== undefined) throw this.options.fencedError(this.fatalReason);
  }
}
