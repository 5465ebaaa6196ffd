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

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => new ShardGate(0)).toThrow(/shards must be a positive integer/);
  });
});
