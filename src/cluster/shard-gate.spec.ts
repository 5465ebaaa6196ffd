import { describe, expect, it } from 'vitest';
import { ShardGate } from './shard-gate.js';
import { shardOf } from './shard-of.js';

describe('ShardGate', () => {
  it('serves an instrument exactly while the shard of its key is held', () => {
    const gate = new ShardGate(16);
    const btc = shardOf('BTC-USDT', 16);
    expect(gate.serves('BTC', 'USDT')).toBe(false);
    gate.hold(new Set([btc]));
    expect(gate.serves('BTC', 'USDT')).toBe(true);
    expect(gate.shardOf('BTC', 'USDT')).toBe(btc);
    const others = ['ETH', 'SOL', 'XRP', 'DOGE', 'ADA'].filter((coin) => shardOf(`${coin}-USDT`, 16) !== btc);
    for (const coin of others) expect(gate.serves(coin, 'USDT'), coin).toBe(false);
    gate.hold(new Set());
    expect(gate.serves('BTC', 'USDT')).toBe(false);
  });

  it('fences itself when the membership was not renewed within the lease, until the group decides again', () => {
    let now = 0;
    const gate = new ShardGate(16, 6_000, () => now);
    const btc = shardOf('BTC-USDT', 16);
    gate.hold(new Set([btc]));
    gate.renew();
    now = 5_000;
    gate.renew();
    expect(gate.serves('BTC', 'USDT')).toBe(true);
    // Stopped for longer than the session: nothing is served, even before the next renewal...
    now = 12_000;
    expect(gate.serves('BTC', 'USDT')).toBe(false);
    // ...nor after it, until the group's next decision (the revoke of what it lost, then an assignment).
    gate.renew();
    expect(gate.serves('BTC', 'USDT')).toBe(false);
    expect(gate.holds('BTC', 'USDT')).toBe(true);
    gate.hold(new Set());
    gate.hold(new Set([btc]));
    expect(gate.serves('BTC', 'USDT')).toBe(true);
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => new ShardGate(0)).toThrow(/shards must be a positive integer/);
  });

  it('serves an event published under another instrument than its base-quote by the shard of that instrument', () => {
    const gate = new ShardGate(16);
    const btc = shardOf('BTC-USDT', 16);
    expect(shardOf('BTC-USD', 16)).not.toBe(btc);
    gate.hold(new Set([btc]));
    expect(gate.shardOf('BTC', 'USD', 'BTC-USDT')).toBe(btc);
    expect(gate.serves('BTC', 'USD', 'BTC-USDT')).toBe(true);
    expect(gate.serves('BTC', 'USD')).toBe(false);
    expect(gate.stateOf('BTC', 'USD', 'BTC-USDT')).toBe('serving');
  });
});
