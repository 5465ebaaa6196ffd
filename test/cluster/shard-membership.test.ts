import { pino } from 'pino';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyShardChange, shardMembership, type ShardChange } from '../../src/cluster/shard-membership.js';
import { testKafka, uniquePrefix } from '../sink/sink-fixtures.js';
import { until } from '../support/until.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const SHARDS = 8;
/** The broker's smallest allowed session timeout (`group.min.session.timeout.ms`): moves happen soonest. */
const SESSION_TIMEOUT_MS = 6_000;
const logger = pino({ level: 'silent' });
const admin = kafka.admin();

beforeAll(() => admin.connect(), 30_000);
afterAll(() => admin.disconnect());

/** A member of `group` on `topic`: the shards it holds and every change it was told, in order. */
class Member {
  held: ReadonlySet<number> = new Set();
  readonly changes: ShardChange[] = [];
  private readonly subscription: Subscription;
  private failure: unknown;

  constructor(group: string, topic: string, instanceId?: string) {
    this.subscription = shardMembership({
      connection: { brokers: brokers.split(','), clientId: `membership-${instanceId ?? 'dynamic'}` },
      logger,
      groupId: group,
      topic,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      maxPollIntervalMs: 10_000,
      ...(instanceId === undefined ? {} : { instanceId }),
    }).subscribe({
      next: (change) => {
        this.changes.push(change);
        this.held = applyShardChange(this.held, change);
      },
      error: (error: unknown) => (this.failure = error),
    });
  }

  leave(): void {
    this.subscription.unsubscribe();
  }

  get error(): unknown {
    return this.failure;
  }
}

async function controlTopic(label: string): Promise<{ readonly group: string; readonly topic: string }> {
  const prefix = uniquePrefix(label);
  const topic = `${prefix}shards`;
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: SHARDS }]);
  return { group: `${prefix}group`, topic };
}

const sorted = (shards: Iterable<number>): number[] => [...shards].sort((a, b) => a - b);
const ALL = Array.from({ length: SHARDS }, (_, shard) => shard);
const revokedBy = (member: Member): number =>
  member.changes.filter((change) => change.kind === 'revoked').reduce((sum, change) => sum + change.shards.length, 0);

describe('shard membership (a consumer group on the control topic)', () => {
  it("splits the shards between two members, and the one left takes the leaver's shards without giving up its own", async () => {
    const { group, topic } = await controlTopic('membership-dynamic');
    const first = new Member(group, topic);
    await until('the first member holds every shard', () => first.held.size === SHARDS);
    const second = new Member(group, topic);
    try {
      await until('both members hold shards and none twice', () => second.held.size > 0 && first.held.size + second.held.size === SHARDS);
      expect(sorted([...first.held, ...second.held])).toEqual(ALL);
      expect(Math.abs(first.held.size - second.held.size)).toBeLessThanOrEqual(1);
      // Cooperative: the first member gave up only what the second received.
      expect(revokedBy(first)).toBe(second.held.size);
      const firstBefore = revokedBy(first);
      const leftAt = Date.now();
      second.leave();
      await until('the first member holds every shard again', () => first.held.size === SHARDS);
      expect(Date.now() - leftAt).toBeLessThan(SESSION_TIMEOUT_MS);
      expect(revokedBy(first)).toBe(firstBefore);
      expect(first.error).toBeUndefined();
    } finally {
      first.leave();
      second.leave();
    }
  }, 90_000);

  it('moves no shard when a static member comes back within the session timeout', async () => {
    const { group, topic } = await controlTopic('membership-static');
    const stays = new Member(group, topic, 'stays');
    await until('the first member holds every shard', () => stays.held.size === SHARDS);
    let restarts = new Member(group, topic, 'restarts');
    try {
      await until('both hold shards', () => restarts.held.size > 0 && stays.held.size + restarts.held.size === SHARDS);
      const held = sorted(restarts.held);
      const staysChanges = stays.changes.length;
      restarts.leave();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      restarts = new Member(group, topic, 'restarts');
      await until('the restarted member serves again', () => restarts.held.size > 0, 20_000);
      expect(sorted(restarts.held)).toEqual(held);
      // Past the session timeout: the member that stayed was told nothing.
      await new Promise((resolve) => setTimeout(resolve, SESSION_TIMEOUT_MS + 1_000));
      expect(stays.changes.slice(staysChanges)).toEqual([]);
      expect(sorted(restarts.held)).toEqual(held);
    } finally {
      stays.leave();
      restarts.leave();
    }
  }, 90_000);

  it('fails with the group and the brokers named when no broker answers', async () => {
    const member = shardMembership({
      connection: { brokers: ['127.0.0.1:9'], clientId: 'membership-unreachable' },
      logger,
      groupId: 'g',
      topic: 't',
      connectTimeoutMs: 2_000,
    });
    const error = await new Promise<unknown>((resolve) => {
      const subscription = member.subscribe({ error: resolve });
      setTimeout(() => subscription.unsubscribe(), 10_000);
    });
    expect(String(error)).toMatch(/cannot join cluster group g on 127\.0\.0\.1:9/);
  }, 20_000);
});
