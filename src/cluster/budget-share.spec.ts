import { describe, expect, it } from 'vitest';
import { budgetShare } from './budget-share.js';

describe('budgetShare', () => {
  it('is the held shards over all shards: 16 of 64 is a quarter, all 64 the whole budget', () => {
    expect(budgetShare({ heldCount: 16, shards: 64 })()).toBe(0.25);
    expect(budgetShare({ heldCount: 64, shards: 64 })()).toBe(1);
  });

  it('gives an instance that holds no shard yet one shard of it (1/64), enough to read the instrument list', () => {
    expect(budgetShare({ heldCount: 0, shards: 64 })()).toBe(1 / 64);
  });

  it('reads the gate at each call, so the share follows the reassignments', () => {
    const gate = { heldCount: 0, shards: 8 };
    const share = budgetShare(gate);
    gate.heldCount = 2;
    expect(share()).toBe(0.25);
    gate.heldCount = 6;
    expect(share()).toBe(0.75);
  });

  it('sums to at most 1 over the instances that split the shards of a host: 21 + 21 + 22 of 64', () => {
    const shares = [21, 21, 22].map((heldCount) => budgetShare({ heldCount, shards: 64 })());
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(1);
  });

  it("counts a standby's shards too, each shard subscribed twice: two instances serving 32 of 64 and standing by the other 32 take half each", () => {
    const shares = [64, 64].map((heldCount) => budgetShare({ heldCount, shards: 64, copies: 2 })());
    expect(shares).toEqual([0.5, 0.5]);
    expect(budgetShare({ heldCount: 16, shards: 64, copies: 2 })()).toBe(0.125);
  });
});
