import { describe, expect, it } from 'vitest';
import { standbyOf, standbyShards } from './standby-of.js';

const members = (...ids: string[]) => ids.map((instance) => ({ instance }));

describe('standbyOf', () => {
  it('chooses the next member after the owner in the ring of sorted instance ids', () => {
    expect(standbyOf('feed-1', members('feed-3', 'feed-1', 'feed-2'))).toBe('feed-2');
    expect(standbyOf('feed-2', members('feed-3', 'feed-1', 'feed-2'))).toBe('feed-3');
    // The ring wraps round.
    expect(standbyOf('feed-3', members('feed-3', 'feed-1', 'feed-2'))).toBe('feed-1');
  });

  it('never chooses the owner itself: none when it is alone', () => {
    expect(standbyOf('feed-1', members('feed-1'))).toBeUndefined();
    expect(standbyOf('feed-1', [])).toBeUndefined();
  });

  it("skips the members on the owner's host when another host has one", () => {
    const group = [
      { instance: 'a', host: 'h1' },
      { instance: 'b', host: 'h1' },
      { instance: 'c', host: 'h2' },
      { instance: 'd', host: 'h1' },
    ];
    expect(standbyOf('a', group)).toBe('c');
    expect(standbyOf('c', group)).toBe('d');
    expect(standbyOf('d', group)).toBe('c');
    // Every member on one host: the next one.
    expect(
      standbyOf(
        'a',
        group.filter((member) => member.host === 'h1'),
      ),
    ).toBe('b');
  });

  it('keeps the standby of an owner that left the group (killed): it keeps its place in the ring and its host is remembered', () => {
    const before = [
      { instance: 'a', host: 'h1' },
      { instance: 'b', host: 'h1' },
      { instance: 'c', host: 'h2' },
    ];
    expect(standbyOf('a', before)).toBe('c');
    expect(standbyOf('a', before.slice(1), new Map([['a', 'h1']]))).toBe('c');
    expect(standbyOf('b', members('a', 'b', 'c'))).toBe('c');
    expect(standbyOf('b', members('a', 'c'))).toBe('c');
  });

  it('chooses again when the members change: a member joining between the owner and its standby becomes the standby', () => {
    expect(standbyOf('feed-1', members('feed-1', 'feed-3'))).toBe('feed-3');
    expect(standbyOf('feed-1', members('feed-1', 'feed-2', 'feed-3'))).toBe('feed-2');
    // The standby leaving: the next one.
    expect(
      standbyOf(
        'feed-1',
        members('feed-1', 'feed-2', 'feed-3', 'feed-4').filter((member) => member.instance !== 'feed-2'),
      ),
    ).toBe('feed-3');
  });
});

describe('standbyShards', () => {
  it('gives each shard one standby on another instance than its owner, each instance computing the same from what it sees', () => {
    const owners = new Map([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'a'],
    ]);
    const group = members('a', 'b', 'c');
    expect([...standbyShards('a', owners, group)]).toEqual([[2, 'c']]);
    expect([...standbyShards('b', owners, group)]).toEqual([
      [0, 'a'],
      [3, 'a'],
    ]);
    expect([...standbyShards('c', owners, group)]).toEqual([[1, 'b']]);
  });
});
