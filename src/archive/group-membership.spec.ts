import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../model/feed-error.js';
import { GroupMembership, partitionKey } from './group-membership.js';
import type { CommitState } from './offset-commits.js';

class TestFencedError extends FeedError<{ readonly reason: string }> {
  constructor(reason: string) {
    super(`fenced: ${reason}`, false, { reason });
  }
}

interface State extends CommitState {
  readonly created: number;
}

/** A membership whose states count their creation, and whose log lines are read back as JSON. */
function membership(): { readonly member: GroupMembership<State>; readonly logged: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  let created = 0;
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const member = new GroupMembership<State>({
    role: 'loader',
    log,
    newState: (topic, partition) => ({ topic, partition, created: ++created, confirmed: -1, wanted: -1, commitFailedAt: undefined, commitAskedAt: undefined }),
    fencedError: (reason) => new TestFencedError(reason),
  });
  return { member, logged: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const P0 = { topic: 'mf.trades', partition: 0 };
const P1 = { topic: 'mf.trades', partition: 1 };

describe('GroupMembership', () => {
  it('names a partition topic/partition', () => {
    expect(partitionKey({ topic: 'mf.klines', partition: 7 })).toBe('mf.klines/7');
  });

  it('keeps the state of a partition assigned again while held, and says each assignment', () => {
    const { member, logged } = membership();
    member.assigned([P0, P1]);
    const first = member.get('mf.trades', 0);
    member.assigned([P0]);
    expect(member.get('mf.trades', 0)).toBe(first);
    expect(member.size).toBe(2);
    expect(logged().map(({ msg, partitions }) => ({ msg, partitions }))).toEqual([
      { msg: 'partitions assigned', partitions: ['mf.trades/0', 'mf.trades/1'] },
      { msg: 'partitions assigned', partitions: ['mf.trades/0'] },
    ]);
  });

  it('takes up a partition whose first record comes before the word of its assignment', () => {
    const { member } = membership();
    const state = member.take('mf.trades', 3);
    expect(state).toMatchObject({ topic: 'mf.trades', partition: 3, created: 1 });
    expect(member.take('mf.trades', 3)).toBe(state);
    expect([...member.values()]).toEqual([state]);
  });

  it('returns the states it held of the partitions released, and takes no record of theirs until one is assigned again', () => {
    const { member } = membership();
    member.assigned([P0]);
    const held = member.get('mf.trades', 0);
    expect(member.release([P0, P1])).toEqual([held]);
    expect(member.get('mf.trades', 0)).toBeUndefined();
    expect(member.take('mf.trades', 0)).toBeUndefined();
    expect(member.take('mf.trades', 1)).toBeUndefined();
    expect(member.size).toBe(0);
    member.assigned([P1]);
    expect(member.take('mf.trades', 1)).toMatchObject({ partition: 1, created: 2 });
    expect(member.take('mf.trades', 0)).toBeUndefined();
  });

  it('once fenced, throws its fenced error with the first reason, and says each fence as its role', () => {
    const { member, logged } = membership();
    expect(member.fenced).toBe(false);
    expect(() => member.assertMember()).not.toThrow();
    member.fatal('instance id taken');
    member.fatal('later');
    expect(member.fenced).toBe(true);
    expect(() => member.assertMember()).toThrow(new TestFencedError('instance id taken'));
    expect(logged().map(({ level, msg, reason }) => ({ level, msg, reason }))).toEqual([
      { level: 50, msg: 'fenced out of the loader group: writing nothing more', reason: 'instance id taken' },
      { level: 50, msg: 'fenced out of the loader group: writing nothing more', reason: 'later' },
    ]);
  });
});
