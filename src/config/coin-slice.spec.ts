import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { narrowToCoinSlice } from './narrow-to-coin-slice.js';
import { sliceCoins, coinSliceSpec } from './coin-slice.js';

const COINS = ['SOL', 'BTC', 'XRP', 'ETH', 'DOGE'];

describe('shards of the coins', () => {
  it('reads INDEX/COUNT and refuses anything else', () => {
    expect(coinSliceSpec('1/3')).toEqual({ ok: true, value: { index: 1, count: 3 } });
    expect(coinSliceSpec(' 0/1 ')).toEqual({ ok: true, value: { index: 0, count: 1 } });
    for (const bad of ['3/3', '0/0', '-1/2', '1', 'a/b', '1/2/3', '0/1025', 2]) expect(coinSliceSpec(bad).ok, String(bad)).toBe(false);
  });

  it('gives every coin to exactly one shard, whatever order the list is in', () => {
    const shards = [0, 1, 2].map((index) => sliceCoins(COINS, { index, count: 3 }));
    expect(shards).toEqual([['BTC', 'SOL'], ['DOGE', 'XRP'], ['ETH']]);
    expect([0, 1, 2].map((index) => sliceCoins([...COINS].reverse(), { index, count: 3 }))).toEqual(shards);
  });

  it('narrows a run to its coins and a spool folder of its own; without shards the configuration is unchanged', () => {
    const config = loadConfig({ env: {}, flags: { coins: COINS.join(','), shard: '1/2', 'spool-dir': '/var/spool/mf' } });
    const narrowed = narrowToCoinSlice(config);
    expect(narrowed.coins).toEqual(['DOGE', 'SOL']);
    expect(narrowed.kafka.spoolDir).toBe('/var/spool/mf/shard-1-of-2');
    const whole = loadConfig({ env: {}, flags: { coins: COINS.join(',') } });
    expect(narrowToCoinSlice(whole)).toBe(whole);
  });

  it('gives a cluster instance with an instance id a spool folder of its own, and leaves one without as configured', () => {
    const named = loadConfig({ env: {}, flags: { cluster: 'prod', 'instance-id': 'feed-2', 'spool-dir': '/var/spool/mf' } });
    expect(narrowToCoinSlice(named).kafka.spoolDir).toBe('/var/spool/mf/instance-feed-2');
    const anonymous = loadConfig({ env: {}, flags: { cluster: 'prod', 'spool-dir': '/var/spool/mf' } });
    expect(narrowToCoinSlice(anonymous).kafka.spoolDir).toBe('/var/spool/mf');
  });

  it('refuses more shards than coins, naming the key', () => {
    const config = loadConfig({ env: {}, flags: { coins: 'BTC', shard: '1/2' } });
    expect(() => narrowToCoinSlice(config)).toThrow('invalid shard (from configuration): expected at most as many shards as coins (1)');
  });
});
