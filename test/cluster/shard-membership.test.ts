import { pino } from 'pino';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyShardChange, ClusterFencedError, shardMembership, type ShardChange } from '../../src/cluster/shard-membership.js';
import { StaticMemberFences } from '../../src/kafka/static-member-fences.js';
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

  constructor(group: string, topic: string, instanceId?: string, fences?: StaticMemberFences) {
    this.subscription = shardMembership({
      connection: { brokers: brokers.split(','), clientId: `membership-${instanceId ?? 'dynamic'}` },
      logger,
      groupId: group,
      topic,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      maxPollIntervalMs: 10_000,
      ...(instanceId === undefined ? {} : { instanceId }),
      ...(fences === undefined ? {} : { fences }),
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

  it('joins again when fenced (as by its own join, answered after the coordinator moved): its shards lost, then given back; the echo, which judges no fence, stops', async () => {
    const { group, topic } = await controlTopic('membership-fenced-once');
    const fences = new StaticMemberFences(StaticMemberFences.windowFor(SESSION_TIMEOUT_MS));
    const member = new Member(group, topic, 'a', fences);
    await until('the member holds every shard', () => member.held.size === SHARDS);
    // What the group does when the member's own join is answered after it gave up waiting: a new
    // member id for its instance id, which fences the consumer it had. This echo of it stops when
    // fenced in turn (it judges no fence).
    const echo = new Member(group, topic, 'a');
    try {
      await until('the member was fenced', () => member.changes.some((change) => change.kind === 'revoked' && change.lost), 20_000);
      await until('the member holds every shard again, and the echo was fenced out', () => member.held.size === SHARDS && echo.error !== undefined, 20_000);
      expect(fences.rejoins).toBe(1);
      expect(member.error).toBeUndefined();
      expect(echo.error).toBeInstanceOf(ClusterFencedError);
      expect(echo.held.size).toBe(0);
      // A session timeout later it is still the member the group counts.
      await new Promise((resolve) => setTimeout(resolve, SESSION_TIMEOUT_MS + 1_000));
      expect(member.error).toBeUndefined();
      expect(sorted(member.held)).toEqual(ALL);
    } finally {
      member.leave();
      echo.leave();
    }
  }, 90_000);

  it('stops when another process joined with its instance id: each fences the other once, the older is fenced again within the window and stops, the newer serves', async () => {
    const { group, topic } = await controlTopic('membership-one-id-twice');
    const windowMs = StaticMemberFences.windowFor(SESSION_TIMEOUT_MS);
    const olderFences = new StaticMemberFences(windowMs);
    const older = new Member(group, topic, 'a', olderFences);
    await until('the older holds every shard', () => older.held.size === SHARDS);
    const newerFences = new StaticMemberFences(windowMs);
    const newer = new Member(group, topic, 'a', newerFences);
    try {
      await until('the older was fenced out', () => older.error !== undefined, 30_000);
      expect(older.error).toBeInstanceOf(ClusterFencedError);
      expect(older.held.size).toBe(0);
      expect([olderFences.rejoins, newerFences.rejoins]).toEqual([1, 1]);
      await until('the newer holds every shard', () => newer.held.size === SHARDS);
      await new Promise((resolve) => setTimeout(resolve, SESSION_TIMEOUT_MS + 1_000));
      expect(newer.error).toBeUndefined();
      expect(sorted(newer.held)).toEqual(ALL);
    } finally {
      older.leave();
      newer.leave();
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
